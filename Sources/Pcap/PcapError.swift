/// Why a capture could not be read. Records that are read but carry no UDP datagram are not
/// errors: ``PcapReader`` skips them and counts them by ``PcapSkipReason``.
public enum PcapError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libpcap could not open the file: it is missing or unreadable, it is not a pcap or
    /// pcapng capture, or its global header is truncated. `message` is libpcap's own.
    case open(path: String, message: String)
    /// libpcap failed to read the record at 0-based index `record`, typically because the file
    /// ends inside a record header or its data. `message` is libpcap's own.
    case read(record: Int, message: String)
    /// The capture's link type is not one ``PcapLinkType`` handles. `name` is libpcap's name for it.
    case unsupportedLinkType(PcapLinkType, name: String?)

    public var description: String {
        switch self {
        case .open(let path, let message):
            "PcapError: cannot open \(path): \(message)"
        case .read(let record, let message):
            "PcapError: cannot read record \(record): \(message)"
        case .unsupportedLinkType(let linkType, let name):
            "PcapError: unsupported link type \(linkType.rawValue) (\(name ?? "unknown"))"
        }
    }
}

/// Why a record of a capture yields no UDP datagram. ``PcapReader`` counts these in
/// ``PcapSkipCounts`` and goes on to the next record.
public enum PcapSkipReason: Error, Sendable, Hashable, CaseIterable {
    /// The link layer carries something other than IPv4 or IPv6 (ARP, LLDP, an unknown family).
    case notIP
    /// The IP datagram carries another protocol (TCP, ICMP, ...).
    case notUDP
    /// The IP datagram is a fragment (IPv4 MF flag or offset, IPv6 Fragment header): it is
    /// not reassembled.
    case fragment
    /// The record ends before the headers or the datagram it announces (a short snapshot length).
    case truncated
    /// A header field contradicts the others (an IPv4 header length under 20 bytes, a UDP
    /// length under 8, a version that the link layer did not announce).
    case malformed
}

/// How many records ``PcapReader`` skipped, by reason.
public struct PcapSkipCounts: Sendable, Hashable, CustomStringConvertible {
    /// Records whose link layer carries neither IPv4 nor IPv6.
    public var notIP = 0
    /// IP datagrams of another protocol than UDP.
    public var notUDP = 0
    /// IP fragments.
    public var fragment = 0
    /// Records shorter than their headers or datagram.
    public var truncated = 0
    /// Records whose headers contradict each other.
    public var malformed = 0

    /// No record skipped.
    public init() {}

    /// The count for one reason.
    public subscript(reason: PcapSkipReason) -> Int {
        get {
            switch reason {
            case .notIP: notIP
            case .notUDP: notUDP
            case .fragment: fragment
            case .truncated: truncated
            case .malformed: malformed
            }
        }
        set {
            switch reason {
            case .notIP: notIP = newValue
            case .notUDP: notUDP = newValue
            case .fragment: fragment = newValue
            case .truncated: truncated = newValue
            case .malformed: malformed = newValue
            }
        }
    }

    /// Every skipped record.
    public var total: Int { notIP + notUDP + fragment + truncated + malformed }

    public var description: String {
        "notIP: \(notIP), notUDP: \(notUDP), fragment: \(fragment), truncated: \(truncated), malformed: \(malformed)"
    }
}
