// RFC 5104 §4.3.1: full intra request, a payload-specific feedback (PSFB,
// FMT=4). The media source SSRC field is unused (0); each FCI entry names a
// stream and a command sequence number, incremented for each new request.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|  FMT=4  |   PT=PSFB=206 |          length               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of packet sender                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  SSRC of media source (0)                     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                              SSRC                             |  FCI, repeated
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Seq nr.       |    Reserved (0)                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Reserved bits are ignored when parsing and written as zero.

/// A full intra request (FIR).
public struct RTCPFullIntraRequest: RTCPMessage, Hashable {
    /// The FMT value of FIR in PSFB.
    public static let format: UInt8 = 4

    /// One FCI entry: a stream asked for a keyframe.
    public struct Entry: Sendable, Hashable {
        /// The stream that must send a decoder refresh point.
        public var ssrc: UInt32
        /// The command sequence number (the same for repeats of one request).
        public var sequenceNumber: UInt8

        /// An FCI entry.
        public init(ssrc: UInt32, sequenceNumber: UInt8) {
            self.ssrc = ssrc
            self.sequenceNumber = sequenceNumber
        }
    }

    /// The SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// The media source field, 0 by RFC 5104.
    public var mediaSSRC: UInt32
    /// The FCI entries.
    public var entries: [Entry]

    /// A FIR.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (_, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.payloadFeedback, format: Self.format)
        try require(body, 8)
        senderSSRC = body.u32(0)
        mediaSSRC = body.u32(4)
        let count = (body.count - 8) / 8
        entries = (0..<count).map { Entry(ssrc: body.u32(8 + $0 * 8), sequenceNumber: body.u8(12 + $0 * 8)) }
    }

    /// At most 32,766 entries are written (the length field's limit).
    public var serializedSize: Int {
        RTCPHeader.size + 8 + min(entries.count, 32766) * 8
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        RTCPHeader.write(count: Self.format, packetType: RTCPPacketType.payloadFeedback, size: size, into: buffer)
        buffer.put32(senderSSRC, at: 4)
        buffer.put32(mediaSSRC, at: 8)
        var offset = 12
        for entry in entries.prefix(32766) {
            buffer.put32(entry.ssrc, at: offset)
            buffer.put32(UInt32(entry.sequenceNumber) << 24, at: offset + 4)
            offset += 8
        }
        return offset
    }
}
