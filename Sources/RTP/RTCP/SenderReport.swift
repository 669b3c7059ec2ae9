// RFC 3550 §6.4.1: SR, the sender report.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|    RC   |   PT=SR=200   |             length            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         SSRC of sender                        |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |              NTP timestamp, most significant word             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |             NTP timestamp, least significant word             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         RTP timestamp                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     sender's packet count                     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      sender's octet count                     |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |                 report blocks (RC × 24 bytes)                 |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |                  profile-specific extensions                  |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//
// Profile-specific extensions are skipped when parsing and not written.

/// A sender report (SR).
public struct RTCPSenderReport: RTCPMessage, Hashable {
    /// The sender's SSRC.
    public var ssrc: UInt32
    /// The wallclock time of the report, 64-bit NTP (UQ32.32 seconds since 1900).
    public var ntpTimestamp: UInt64
    /// The same instant in the stream's RTP clock.
    public var rtpTimestamp: UInt32
    /// RTP data packets sent since the stream started.
    public var packetCount: UInt32
    /// Payload octets sent since the stream started.
    public var octetCount: UInt32
    /// Reception reports, at most 31 (more are not written).
    public var reportBlocks: [RTCPReportBlock]

    /// A sender report.
    public init(
        ssrc: UInt32,
        ntpTimestamp: UInt64,
        rtpTimestamp: UInt32,
        packetCount: UInt32,
        octetCount: UInt32,
        reportBlocks: [RTCPReportBlock] = []
    ) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reportBlocks = reportBlocks
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (header, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.senderReport)
        try require(body, 24)
        ssrc = body.u32(0)
        ntpTimestamp = body.u64(4)
        rtpTimestamp = body.u32(12)
        packetCount = body.u32(16)
        octetCount = body.u32(20)
        reportBlocks = try RTCPReportBlock.readBlocks(body, at: 24, count: Int(header.count))
    }

    public var serializedSize: Int {
        RTCPHeader.size + 24 + min(reportBlocks.count, 31) * RTCPReportBlock.size
    }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        let blocks = reportBlocks.prefix(31)
        RTCPHeader.write(count: UInt8(blocks.count), packetType: RTCPPacketType.senderReport, size: size, into: buffer)
        buffer.put32(ssrc, at: 4)
        buffer.put64(ntpTimestamp, at: 8)
        buffer.put32(rtpTimestamp, at: 16)
        buffer.put32(packetCount, at: 20)
        buffer.put32(octetCount, at: 24)
        var offset = 28
        for block in blocks {
            offset = block.write(into: buffer, at: offset)
        }
        return offset
    }
}
