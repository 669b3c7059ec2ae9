// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-wide
// congestion control feedback, a transport layer feedback (RTPFB, FMT=15).
// It reports, for `packet status count` transport-wide sequence numbers from
// `base sequence number` on, whether each packet arrived and when: packet
// status chunks (TransportFeedback+Chunks.swift) give one symbol per packet,
// then one receive delta per received packet (8 bits unsigned for a small
// delta, 16 bits signed for a large or negative one, in 250 µs units), the
// first relative to `reference time` (24 bits signed, in 64 ms units).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|  FMT=15 |    PT=205     |           length              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     SSRC of packet sender                     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      SSRC of media source                     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      base sequence number     |      packet status count      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                 reference time                | fb pkt. count |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |          packet chunk         |         packet chunk          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  .                                                               .
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         packet chunk          |  recv delta   |  recv delta   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  .                                                               .
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           recv delta          |  recv delta   | zero padding  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The tail is padded to 32 bits: libwebrtc sets the P bit and ends the padding
// with its count, others write bare zeros; `usesPaddingBit` keeps the choice.

/// A transport-wide congestion control feedback (transport-cc).
public struct RTCPTransportFeedback: RTCPMessage, Hashable {
    /// The FMT value of transport-cc in RTPFB.
    public static let format: UInt8 = 15

    /// The 2-bit status of one packet (draft §3.1.1).
    public enum PacketStatus: UInt8, Sendable, Hashable {
        /// Not received (yet): no receive delta.
        case notReceived = 0
        /// Received, with an 8-bit receive delta.
        case receivedSmallDelta = 1
        /// Received, with a 16-bit signed receive delta.
        case receivedLargeDelta = 2
        /// Reserved by the draft; rejected among the reported packets.
        case reserved = 3

        /// The size of the receive delta this status carries.
        var deltaSize: Int {
            switch self {
            case .receivedSmallDelta: 1
            case .receivedLargeDelta: 2
            case .notReceived, .reserved: 0
            }
        }
    }

    /// One reported packet.
    public struct PacketResult: Sendable, Hashable {
        /// Its transport-wide sequence number.
        public var sequenceNumber: UInt16
        /// Its receive delta in 250 µs units, nil when not received.
        public var receiveDelta: Int16?
    }

    /// The SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// The SSRC of the media source (libwebrtc sends the first stream's).
    public var mediaSSRC: UInt32
    /// The transport-wide sequence number of the first packet reported.
    public var baseSequenceNumber: UInt16
    /// How many packets are reported (the chunks may describe more symbols).
    public var packetStatusCount: UInt16
    /// The reference time, a 24-bit signed count of 64 ms.
    public var referenceTime: Int32
    /// This feedback's sequence number, for loss detection of feedback.
    public var feedbackPacketCount: UInt8
    /// The packet status chunks, in order.
    public var chunks: [PacketStatusChunk]
    /// One receive delta per received packet (in 250 µs units), in order.
    public var receiveDeltas: [Int16]
    /// Whether the 32-bit padding is written with the P bit and a count.
    public var usesPaddingBit: Bool

    /// A feedback from its wire fields.
    public init(
        senderSSRC: UInt32,
        mediaSSRC: UInt32,
        baseSequenceNumber: UInt16,
        packetStatusCount: UInt16,
        referenceTime: Int32,
        feedbackPacketCount: UInt8,
        chunks: [PacketStatusChunk],
        receiveDeltas: [Int16],
        usesPaddingBit: Bool = false
    ) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.baseSequenceNumber = baseSequenceNumber
        self.packetStatusCount = packetStatusCount
        self.referenceTime = referenceTime
        self.feedbackPacketCount = feedbackPacketCount
        self.chunks = chunks
        self.receiveDeltas = receiveDeltas
        self.usesPaddingBit = usesPaddingBit
    }

    /// The status of each reported packet, from the base sequence number on.
    public var packetStatuses: [PacketStatus] {
        var statuses = [PacketStatus]()
        var symbols = StatusSymbols(chunks: chunks, count: Int(packetStatusCount))
        while let status = symbols.next() { statuses.append(status) }
        return statuses
    }

    /// Each reported packet with its receive delta.
    public var packetResults: [PacketResult] {
        var deltas = receiveDeltas.makeIterator()
        return packetStatuses.enumerated().map { index, status in
            let delta = status.deltaSize > 0 ? deltas.next() : nil
            return PacketResult(sequenceNumber: baseSequenceNumber &+ UInt16(truncatingIfNeeded: index), receiveDelta: delta)
        }
    }

    public init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError) {
        let (header, body) = try RTCPHeader.body(of: packet, type: RTCPPacketType.transportFeedback, format: Self.format)
        try require(body, 16)
        senderSSRC = body.u32(0)
        mediaSSRC = body.u32(4)
        baseSequenceNumber = body.u16(8)
        packetStatusCount = body.u16(10)
        referenceTime = body.i24(12)
        feedbackPacketCount = body.u8(15)
        guard packetStatusCount > 0 else { throw .badTransportFeedback }

        var offset = 16
        var covered = 0
        chunks = []
        while covered < Int(packetStatusCount) {
            try require(body, offset + 2)
            let chunk = PacketStatusChunk(rawValue: body.u16(offset))
            chunks.append(chunk)
            covered += chunk.symbolCount
            offset += 2
        }

        receiveDeltas = []
        var symbols = StatusSymbols(chunks: chunks, count: Int(packetStatusCount))
        while let status = symbols.next() {
            switch status {
            case .notReceived:
                continue
            case .reserved:
                throw .badTransportFeedback
            case .receivedSmallDelta:
                try require(body, offset + 1)
                receiveDeltas.append(Int16(body.u8(offset)))
            case .receivedLargeDelta:
                try require(body, offset + 2)
                receiveDeltas.append(Int16(bitPattern: body.u16(offset)))
            }
            offset += status.deltaSize
        }
        // What follows (at most 3 bytes from a well-behaved sender) is padding;
        // the P bit is kept only where padding is needed, so that serializing
        // what was parsed gives back the same value.
        usesPaddingBit = header.padding && (RTCPHeader.size + offset) % 4 != 0
    }

    /// The size before padding: fixed fields, chunks, deltas.
    private var unpaddedSize: Int {
        var deltaBytes = 0
        var symbols = StatusSymbols(chunks: chunks, count: Int(packetStatusCount))
        while let status = symbols.next() { deltaBytes += status.deltaSize }
        return RTCPHeader.size + 16 + chunks.count * 2 + deltaBytes
    }

    public var serializedSize: Int { roundUp4(unpaddedSize) }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = checkCapacity(buffer)
        RTCPHeader.write(count: Self.format, packetType: RTCPPacketType.transportFeedback, size: size, into: buffer)
        buffer.put32(senderSSRC, at: 4)
        buffer.put32(mediaSSRC, at: 8)
        buffer.put16(baseSequenceNumber, at: 12)
        buffer.put16(packetStatusCount, at: 14)
        buffer.put24(UInt32(bitPattern: referenceTime) & 0xFF_FFFF, at: 16)
        buffer.put8(feedbackPacketCount, at: 19)
        var offset = 20
        for chunk in chunks {
            buffer.put16(chunk.rawValue, at: offset)
            offset += 2
        }
        var deltas = receiveDeltas.makeIterator()
        var symbols = StatusSymbols(chunks: chunks, count: Int(packetStatusCount))
        while let status = symbols.next() {
            switch status {
            case .receivedSmallDelta:
                buffer.put8(UInt8(truncatingIfNeeded: deltas.next() ?? 0), at: offset)
            case .receivedLargeDelta:
                buffer.put16(UInt16(bitPattern: deltas.next() ?? 0), at: offset)
            case .notReceived, .reserved:
                break
            }
            offset += status.deltaSize
        }
        let padding = size - offset
        buffer.zero(padding, at: offset)
        if usesPaddingBit, padding > 0 {
            buffer.put8(buffer[0] | 0x20, at: 0)
            buffer.put8(UInt8(padding), at: size - 1)
        }
        return size
    }
}
