// RFC 4585 §6.3.1: picture loss indication, a payload-specific feedback
// (PSFB, FMT=1) with no FCI: the receiver lost an undefined part of a picture
// and asks for a keyframe.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|  FMT=1  |   PT=PSFB=206 |          length=2             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of packet sender                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of media source                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// A picture loss indication (PLI).
public struct RTCPPictureLossIndication: RTCPMessage, Hashable {
    /// The FMT value of PLI in PSFB.
    public static let format: UInt8 = 1

    /// The SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// The SSRC of the stream that needs a keyframe.
    public var mediaSSRC: UInt32

    /// A PLI.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (_, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.payloadFeedback, format: Self.format)
        try require(body, 8)
        senderSSRC = body.u32(0)
        mediaSSRC = body.u32(4)
    }

    public var serializedSize: Int { RTCPHeader.size + 8 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        RTCPHeader.write(count: Self.format, packetType: RTCPPacketType.payloadFeedback, size: size, into: buffer)
        buffer.put32(senderSSRC, at: 4)
        buffer.put32(mediaSSRC, at: 8)
        return size
    }
}
