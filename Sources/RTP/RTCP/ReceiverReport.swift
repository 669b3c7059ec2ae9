// RFC 3550 §6.4.2: RR, the receiver report.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|    RC   |   PT=RR=201   |             length            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     SSRC of packet sender                     |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |                 report blocks (RC × 24 bytes)                 |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |                  profile-specific extensions                  |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//
// Profile-specific extensions are skipped when parsing and not written.

/// A receiver report (RR).
public struct RTCPReceiverReport: RTCPMessage, Hashable {
    /// The reporter's SSRC.
    public var ssrc: UInt32
    /// Reception reports, at most 31 (more are not written).
    public var reportBlocks: [RTCPReportBlock]

    /// A receiver report.
    public init(ssrc: UInt32, reportBlocks: [RTCPReportBlock] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (header, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.receiverReport)
        try require(body, 4)
        ssrc = body.u32(0)
        reportBlocks = try RTCPReportBlock.readBlocks(body, at: 4, count: Int(header.count))
    }

    public var serializedSize: Int {
        RTCPHeader.size + 4 + min(reportBlocks.count, 31) * RTCPReportBlock.size
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        let blocks = reportBlocks.prefix(31)
        RTCPHeader.write(count: UInt8(blocks.count), packetType: RTCPPacketType.receiverReport, size: size, into: buffer)
        buffer.put32(ssrc, at: 4)
        var offset = 8
        for block in blocks {
            offset = block.write(into: buffer, at: offset)
        }
        return offset
    }
}
