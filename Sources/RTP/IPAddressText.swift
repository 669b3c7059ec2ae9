// Addresses in text, for the modules that read them off the wire (ICE's
// STUN attributes, Pcap's packet headers): dotted decimal for IPv4, RFC 5952
// §4 for IPv6.

/// IP addresses in text.
package enum IPAddressText {
    /// `a.b.c.d` for the big-endian address `value` (127.0.0.1 is `0x7F00_0001`).
    package static func ipv4(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    /// RFC 5952 §4 text of the IPv6 address whose first and last eight bytes
    /// are `high` and `low` (big-endian): lower-case hex groups without
    /// leading zeros, the longest run of two or more zero groups (the first
    /// of equal ones) as `::`. No mixed IPv4 notation: callers that want
    /// `::ffff:a.b.c.d` for mapped addresses check for them first.
    package static func ipv6(high: UInt64, low: UInt64) -> String {
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
