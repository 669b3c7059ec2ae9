// RFC 3550 §6.4.1: the header every RTCP packet starts with. Its length field
// counts 32-bit words minus one, header included; with P set the packet's last
// byte counts the padding bytes, that count included.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P| RC/FMT  |      PT       |             length            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// RTCP packet type values (RFC 3550 §12.1, RFC 4585 §6.1).
public enum RTCPPacketType {
    /// SR, sender report.
    public static let senderReport: UInt8 = 200
    /// RR, receiver report.
    public static let receiverReport: UInt8 = 201
    /// SDES, source description.
    public static let sourceDescription: UInt8 = 202
    /// BYE, goodbye.
    public static let bye: UInt8 = 203
    /// APP, application-defined.
    public static let application: UInt8 = 204
    /// RTPFB, transport layer feedback (RFC 4585).
    public static let transportFeedback: UInt8 = 205
    /// PSFB, payload-specific feedback (RFC 4585).
    public static let payloadFeedback: UInt8 = 206
    /// XR, extended report (RFC 3611).
    public static let extendedReport: UInt8 = 207
}

/// The common header of one RTCP packet.
public struct RTCPHeader: Sendable, Hashable {
    /// The header's size.
    public static let size = 4

    /// The P bit.
    public let padding: Bool
    /// The 5-bit count field: report count (SR, RR), source count (SDES, BYE)
    /// or feedback message type, FMT (RTPFB, PSFB).
    public let count: UInt8
    /// The packet type (200–207 for the types this module knows).
    public let packetType: UInt8
    /// The length field: the packet's size in 32-bit words, minus one.
    public let length: UInt16
    /// The padding bytes at the end of the packet, count byte included.
    public let paddingLength: Int

    /// The packet's size in bytes, header and padding included.
    public var packetSize: Int { (Int(length) + 1) * 4 }

    /// Where the body lies: after the header, before the padding.
    public var bodyRange: Range<Int> { Self.size..<(packetSize - paddingLength) }

    /// Parses the header at the start of `bytes` and checks that the packet it
    /// announces fits in `bytes` and that its padding count is valid.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(RTCPParseError) -> RTCPHeader {
        guard bytes.count >= size else { throw .truncated(needed: size, had: bytes.count) }
        let first = bytes.u8(0)
        let version = first >> 6
        guard version == 2 else { throw .badVersion(version) }
        let length = bytes.u16(2)
        let packetSize = (Int(length) + 1) * 4
        guard bytes.count >= packetSize else { throw .truncated(needed: packetSize, had: bytes.count) }
        var paddingLength = 0
        if first & 0x20 != 0 {
            paddingLength = Int(bytes.u8(packetSize - 1))
            guard paddingLength >= 1, paddingLength <= packetSize - size else { throw .badPadding }
        }
        return RTCPHeader(
            padding: first & 0x20 != 0,
            count: first & 0x1F,
            packetType: bytes.u8(1),
            length: length,
            paddingLength: paddingLength
        )
    }

    /// Parses the header of `packet`, checks its type (and FMT when given), and
    /// returns it with the body (after the header, before the padding).
    static func body(
        of packet: UnsafeRawBufferPointer,
        type: UInt8,
        format: UInt8? = nil
    ) throws(RTCPParseError) -> (RTCPHeader, UnsafeRawBufferPointer) {
        let header = try parse(packet)
        guard header.packetType == type, format == nil || header.count == format else {
            throw .wrongType(packetType: header.packetType, format: header.count)
        }
        return (header, packet.clamped(header.bodyRange))
    }

    /// Writes a header without padding for a packet of `size` bytes (a multiple
    /// of 4) at the start of `buffer`.
    static func write(count: UInt8, packetType: UInt8, size: Int, into buffer: UnsafeMutableRawBufferPointer) {
        precondition(size % 4 == 0 && size >= 4 && size <= 4 * 65536, "RTCP packet size \(size) not representable")
        buffer.put8(0x80 | (count & 0x1F), at: 0)
        buffer.put8(packetType, at: 1)
        buffer.put16(UInt16(size / 4 - 1), at: 2)
    }
}

/// Checks that the packet `body` holds at least `needed` bytes; the error
/// counts from the start of the packet (the 4-byte header included, padding not).
@inline(__always)
func require(_ body: UnsafeRawBufferPointer, _ needed: Int) throws(RTCPParseError) {
    guard body.count >= needed else {
        throw .truncated(needed: RTCPHeader.size + needed, had: RTCPHeader.size + body.count)
    }
}
