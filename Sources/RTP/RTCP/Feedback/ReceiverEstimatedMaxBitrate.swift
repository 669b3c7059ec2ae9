// draft-alvestrand-rmcat-remb-03 §2.2: REMB, the receiver's estimate of the
// bitrate the sender may use, an application layer feedback (PSFB, FMT=15)
// identified by the four bytes "REMB". Bitrate = mantissa × 2^exponent bps.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P| FMT=15  |   PT=206      |             length            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of packet sender                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of media source (0)                     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Unique identifier 'R' 'E' 'M' 'B'                            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Num SSRC     | BR Exp    |  BR Mantissa                      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   SSRC feedback                                               |  Num SSRC times
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// A receiver estimated maximum bitrate (REMB) message.
public struct RTCPReceiverEstimatedMaxBitrate: RTCPMessage, Hashable {
    /// The FMT value of application layer feedback in PSFB.
    public static let format: UInt8 = 15
    /// The identifier "REMB".
    static let identifier: UInt32 = 0x5245_4D42

    /// The SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// The media source field, 0 by the draft.
    public var mediaSSRC: UInt32
    /// The 6-bit exponent.
    public var exponent: UInt8 {
        didSet { exponent &= 0x3F }
    }
    /// The 18-bit mantissa.
    public var mantissa: UInt32 {
        didSet { mantissa &= 0x3_FFFF }
    }
    /// The streams the estimate applies to, at most 255 (more are not written).
    public var ssrcs: [UInt32]

    /// A REMB of `bitrate` bits per second, encoded with the smallest exponent
    /// whose mantissa fits 18 bits (the low bits are dropped).
    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, bitrate: UInt64, ssrcs: [UInt32]) {
        let exponent = max(0, (64 - bitrate.leadingZeroBitCount) - 18)
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.exponent = UInt8(exponent)
        self.mantissa = UInt32(bitrate >> UInt64(exponent))
        self.ssrcs = ssrcs
    }

    /// The bitrate in bits per second (mantissa × 2^exponent, saturating).
    public var bitrate: UInt64 {
        let mantissa = UInt64(self.mantissa & 0x3_FFFF)
        let exponent = Int(self.exponent & 0x3F)
        guard mantissa != 0 else { return 0 }
        guard exponent <= mantissa.leadingZeroBitCount else { return .max }
        return mantissa << UInt64(exponent)
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (_, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.payloadFeedback, format: Self.format)
        try require(body, 12)
        guard body.u32(8) == Self.identifier else { throw .badREMB }
        try require(body, 16)
        senderSSRC = body.u32(0)
        mediaSSRC = body.u32(4)
        let count = Int(body.u8(12))
        exponent = body.u8(13) >> 2
        mantissa = body.u24(13) & 0x3_FFFF
        try require(body, 16 + count * 4)
        ssrcs = (0..<count).map { body.u32(16 + $0 * 4) }
    }

    public var serializedSize: Int {
        RTCPHeader.size + 16 + min(ssrcs.count, 255) * 4
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        let written = ssrcs.prefix(255)
        RTCPHeader.write(count: Self.format, packetType: RTCPPacketType.payloadFeedback, size: size, into: buffer)
        buffer.put32(senderSSRC, at: 4)
        buffer.put32(mediaSSRC, at: 8)
        buffer.put32(Self.identifier, at: 12)
        buffer.put8(UInt8(written.count), at: 16)
        buffer.put24(UInt32(exponent & 0x3F) << 18 | (mantissa & 0x3_FFFF), at: 17)
        var offset = 20
        for ssrc in written {
            buffer.put32(ssrc, at: offset)
            offset += 4
        }
        return offset
    }
}
