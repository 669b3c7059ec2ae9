import CPcap

/// The time libpcap recorded for a packet, in microseconds since the Unix epoch (captures with
/// nanosecond timestamps are rounded down to microseconds by libpcap).
public struct PcapTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Microseconds within the second, 0 to 999,999.
    public var microseconds: Int32

    /// A timestamp from its two fields.
    public init(seconds: Int64, microseconds: Int32) {
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// The whole timestamp in microseconds since the epoch.
    public var totalMicroseconds: Int64 { seconds &* 1_000_000 &+ Int64(microseconds) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.seconds, lhs.microseconds) < (rhs.seconds, rhs.microseconds)
    }

    public var description: String {
        let fraction = String(microseconds)
        return "\(seconds).\(String(repeating: "0", count: max(0, 6 - fraction.count)))\(fraction)"
    }
}

/// One UDP datagram read from a capture, with its link, IP and UDP headers stripped.
public struct PcapPacket: Sendable, Hashable {
    /// When the packet was captured.
    public var timestamp: PcapTimestamp
    /// The sender's IP address and UDP port.
    public var source: PcapEndpoint
    /// The receiver's IP address and UDP port.
    public var destination: PcapEndpoint
    /// The UDP payload (for RTP fixtures: the whole RTP or SRTP packet).
    public var payload: [UInt8]
    /// The 0-based index of the record in the file, counting skipped records too.
    public var recordIndex: Int

    /// A packet from its parts.
    public init(
        timestamp: PcapTimestamp, source: PcapEndpoint, destination: PcapEndpoint, payload: [UInt8], recordIndex: Int
    ) {
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.payload = payload
        self.recordIndex = recordIndex
    }
}

/// A capture's link-layer header type: libpcap's `DLT_` value (https://www.tcpdump.org/linktypes.html).
/// The static members are the types ``PcapUDPDatagram`` decodes.
public struct PcapLinkType: RawRepresentable, Sendable, Hashable {
    /// libpcap's `DLT_` value, as `pcap_datalink` returns it.
    public var rawValue: Int32

    /// A link type from its `DLT_` value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `DLT_NULL`: BSD loopback, a 4-byte address family in the capturing host's byte order.
    public static let null = Self(rawValue: DLT_NULL)
    /// `DLT_EN10MB`: Ethernet (Linux `lo` captures are Ethernet frames with zero MAC addresses).
    public static let ethernet = Self(rawValue: DLT_EN10MB)
    /// `DLT_RAW`: raw IPv4 or IPv6, told apart by the version field (12 on most systems).
    public static let raw = Self(rawValue: DLT_RAW)
    /// `LINKTYPE_RAW` (101), the value raw IP has in capture files, should a caller pass it as is.
    public static let linktypeRaw = Self(rawValue: 101)
    /// `DLT_LOOP`: OpenBSD loopback, a 4-byte address family in network byte order.
    public static let loop = Self(rawValue: DLT_LOOP)
    /// `DLT_LINUX_SLL`: Linux "cooked" capture v1 (`tcpdump -i any`), a 16-byte header.
    public static let linuxSLL = Self(rawValue: DLT_LINUX_SLL)
    /// `DLT_IPV4`: raw IPv4.
    public static let ipv4 = Self(rawValue: DLT_IPV4)
    /// `DLT_IPV6`: raw IPv6.
    public static let ipv6 = Self(rawValue: DLT_IPV6)
    /// `DLT_LINUX_SLL2`: Linux "cooked" capture v2, a 20-byte header.
    public static let linuxSLL2 = Self(rawValue: DLT_LINUX_SLL2)

    /// The link types ``PcapUDPDatagram`` decodes.
    public static let supported: [Self] = [
        .null, .ethernet, .raw, .linktypeRaw, .loop, .linuxSLL, .ipv4, .ipv6, .linuxSLL2,
    ]
}
