import RTP

/// An IPv4 or IPv6 address read from a packet header.
public enum PcapAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, the four bytes as one big-endian number (127.0.0.1 is `0x7F00_0001`).
    case ipv4(UInt32)
    /// An IPv6 address, its first and last eight bytes as big-endian numbers (::1 is `(0, 1)`).
    case ipv6(UInt64, UInt64)

    /// Dotted decimal for IPv4; RFC 5952 text for IPv6 (lowercase, the longest run of two or more
    /// zero groups as `::`, IPv4-mapped addresses as `::ffff:a.b.c.d`).
    public var description: String {
        switch self {
        case .ipv4(let value):
            return IPAddressText.ipv4(value)
        case .ipv6(let high, let low):
            if high == 0, low >> 32 == 0xFFFF {
                return "::ffff:" + IPAddressText.ipv4(UInt32(truncatingIfNeeded: low))
            }
            return IPAddressText.ipv6(high: high, low: low)
        }
    }
}

/// An IP address and a UDP port.
public struct PcapEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The IP address.
    public var address: PcapAddress
    /// The UDP port.
    public var port: UInt16

    /// An endpoint from its parts.
    public init(address: PcapAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `127.0.0.1:40000` or `[::1]:40000`.
    public var description: String {
        switch address {
        case .ipv4: "\(address):\(port)"
        case .ipv6: "[\(address)]:\(port)"
        }
    }
}
