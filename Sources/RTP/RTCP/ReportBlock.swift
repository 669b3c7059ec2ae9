// RFC 3550 §6.4.1: a reception report block, carried by SR and RR packets.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |                 SSRC_1 (SSRC of first source)                 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | fraction lost |       cumulative number of packets lost       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           extended highest sequence number received           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      interarrival jitter                      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         last SR (LSR)                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                   delay since last SR (DLSR)                  |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// One reception report block.
public struct RTCPReportBlock: Sendable, Equatable, Hashable {
    /// A block's size.
    public static let size = 24

    /// The source this block reports on.
    public var ssrc: UInt32
    /// The fraction of packets lost since the previous report, in 1/256.
    public var fractionLost: UInt8
    /// The cumulative number of packets lost, a 24-bit signed value (negative
    /// with duplicates); written clamped to -8,388,608…8,388,607.
    public var cumulativeLost: Int32
    /// The extended highest sequence number received (cycles in the high 16 bits).
    public var extendedHighestSequenceNumber: UInt32
    /// The interarrival jitter, in timestamp units.
    public var jitter: UInt32
    /// The middle 32 bits of the NTP timestamp of the last SR received (LSR).
    public var lastSenderReport: UInt32
    /// The delay since that SR, in 1/65536 s (DLSR).
    public var delaySinceLastSenderReport: UInt32

    /// A report block.
    public init(
        ssrc: UInt32,
        fractionLost: UInt8 = 0,
        cumulativeLost: Int32 = 0,
        extendedHighestSequenceNumber: UInt32 = 0,
        jitter: UInt32 = 0,
        lastSenderReport: UInt32 = 0,
        delaySinceLastSenderReport: UInt32 = 0
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequenceNumber = extendedHighestSequenceNumber
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Reads the block at `offset` of `bytes`, which holds at least 24 bytes from there.
    init(reading bytes: UnsafeRawBufferPointer, at offset: Int) {
        ssrc = bytes.u32(offset)
        fractionLost = bytes.u8(offset + 4)
        cumulativeLost = bytes.i24(offset + 5)
        extendedHighestSequenceNumber = bytes.u32(offset + 8)
        jitter = bytes.u32(offset + 12)
        lastSenderReport = bytes.u32(offset + 16)
        delaySinceLastSenderReport = bytes.u32(offset + 20)
    }

    /// Writes the block at `offset` of `buffer` and returns the offset after it.
    func write(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        let lost = min(max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        buffer.put32(ssrc, at: offset)
        buffer.put8(fractionLost, at: offset + 4)
        buffer.put24(UInt32(bitPattern: lost) & 0xFF_FFFF, at: offset + 5)
        buffer.put32(extendedHighestSequenceNumber, at: offset + 8)
        buffer.put32(jitter, at: offset + 12)
        buffer.put32(lastSenderReport, at: offset + 16)
        buffer.put32(delaySinceLastSenderReport, at: offset + 20)
        return offset + Self.size
    }

    /// Reads `count` blocks from `offset` of `body`.
    static func readBlocks(_ body: UnsafeRawBufferPointer, at offset: Int, count: Int) throws(RTCPParseError) -> [RTCPReportBlock] {
        try require(body, offset + count * size)
        var blocks = [RTCPReportBlock]()
        blocks.reserveCapacity(count)
        for index in 0..<count {
            blocks.append(RTCPReportBlock(reading: body, at: offset + index * size))
        }
        return blocks
    }
}
