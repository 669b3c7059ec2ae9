// RFC 3550 §6.6: BYE, the sources are leaving.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|    SC   |   PT=BYE=203  |             length            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           SSRC/CSRC                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  :                              ...                              :
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |     length    |  reason for leaving (optional, zero-padded)  ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// A BYE packet.
public struct RTCPBye: RTCPMessage, Hashable {
    /// The sources leaving, at most 31 (more are not written).
    public var ssrcs: [UInt32]
    /// The reason for leaving, UTF-8 by RFC 3550; at most 255 bytes are written.
    public var reason: [UInt8]?

    /// A BYE for `ssrcs`, with an optional `reason`.
    public init(ssrcs: [UInt32], reason: [UInt8]? = nil) {
        self.ssrcs = ssrcs
        self.reason = reason
    }

    /// The reason as text.
    public var reasonText: String? {
        reason.map { String(decoding: $0, as: UTF8.self) }
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (header, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.bye)
        let count = Int(header.count)
        try require(body, count * 4)
        ssrcs = (0..<count).map { body.u32($0 * 4) }
        let offset = count * 4
        if offset < body.count {
            let length = Int(body.u8(offset))
            try require(body, offset + 1 + length)
            reason = Array(body[(offset + 1)..<(offset + 1 + length)])
        } else {
            reason = nil
        }
    }

    public var serializedSize: Int {
        let reasonSize = reason.map { roundUp4(1 + min($0.count, 255)) } ?? 0
        return RTCPHeader.size + min(ssrcs.count, 31) * 4 + reasonSize
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        let written = ssrcs.prefix(31)
        RTCPHeader.write(count: UInt8(written.count), packetType: RTCPPacketType.bye, size: size, into: buffer)
        var offset = 4
        for ssrc in written {
            buffer.put32(ssrc, at: offset)
            offset += 4
        }
        if let reason {
            let text = reason.prefix(255)
            buffer.put8(UInt8(text.count), at: offset)
            offset = buffer.put(text, at: offset + 1)
            buffer.zero(size - offset, at: offset)
        }
        return size
    }
}
