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
            return Self.dotted(value)
        case .ipv6(let high, let low):
            if high == 0, low >> 32 == 0xFFFF {
                return "::ffff:" + Self.dotted(UInt32(truncatingIfNeeded: low))
            }
            let groups = (0..<8).map { index -> UInt16 in
                let word = index < 4 ? high : low
                return UInt16(truncatingIfNeeded: word >> (UInt64(3 - index % 4) * 16))
            }
            var best = (start: -1, count: 0)
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else {
                    index += 1
                    continue
                }
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index > best.count { best = (index, end - index) }
                index = end
            }
            func hex(_ range: Range<Int>) -> String {
                groups[range].map { String($0, radix: 16) }.joined(separator: ":")
            }
            guard best.count >= 2 else { return hex(0..<8) }
            return hex(0..<best.start) + "::" + hex((best.start + best.count)..<8)
        }
    }

    private static func dotted(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
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
