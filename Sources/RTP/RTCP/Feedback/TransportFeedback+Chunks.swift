// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.2–3.1.4: packet
// status chunks, 16 bits each.
//
// Run length chunk: T=0, a 2-bit symbol S repeated L times (13 bits).
//
//   0                   1
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |T| S |       Run Length        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Status vector chunk: T=1, a symbol size bit S (0: fourteen 1-bit symbols,
// 0 = not received and 1 = received with a small delta; 1: seven 2-bit
// symbols), then the symbols, the first packet's in the most significant bits.
//
//   0                   1
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |T|S|       symbol list         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

extension RTCPTransportFeedback {
    /// One packet status chunk.
    public enum PacketStatusChunk: Sendable, Hashable {
        /// `length` (0–8191) packets with the same `status`.
        case runLength(PacketStatus, length: UInt16)
        /// Fourteen 1-bit symbols (the low 14 bits; bit 13 is the first packet's).
        case oneBitVector(UInt16)
        /// Seven 2-bit symbols (the low 14 bits; bits 13–12 are the first packet's).
        case twoBitVector(UInt16)

        /// The chunk read from its 16 bits.
        public init(rawValue: UInt16) {
            if rawValue & 0x8000 == 0 {
                let status = PacketStatus(rawValue: UInt8((rawValue >> 13) & 0x3)) ?? .reserved
                self = .runLength(status, length: rawValue & 0x1FFF)
            } else if rawValue & 0x4000 == 0 {
                self = .oneBitVector(rawValue & 0x3FFF)
            } else {
                self = .twoBitVector(rawValue & 0x3FFF)
            }
        }

        /// The chunk's 16 bits.
        public var rawValue: UInt16 {
            switch self {
            case .runLength(let status, let length): UInt16(status.rawValue) << 13 | (length & 0x1FFF)
            case .oneBitVector(let bits): 0x8000 | (bits & 0x3FFF)
            case .twoBitVector(let bits): 0xC000 | (bits & 0x3FFF)
            }
        }

        /// How many packets the chunk describes.
        public var symbolCount: Int {
            switch self {
            case .runLength(_, let length): Int(length & 0x1FFF)
            case .oneBitVector: 14
            case .twoBitVector: 7
            }
        }

        /// The status of the packet at `index` (0 ..< `symbolCount`) of the chunk.
        public func status(at index: Int) -> PacketStatus {
            switch self {
            case .runLength(let status, _):
                return status
            case .oneBitVector(let bits):
                return (bits >> (13 - index)) & 1 == 0 ? .notReceived : .receivedSmallDelta
            case .twoBitVector(let bits):
                return PacketStatus(rawValue: UInt8((bits >> (12 - 2 * index)) & 3)) ?? .reserved
            }
        }
    }

    /// A feedback reporting `packets`: `packets[i]` is the receive delta (in
    /// 250 µs units) of sequence number `baseSequenceNumber + i`, nil when not
    /// received. Deltas of 0–255 take the small form. Up to 65,535 packets are
    /// reported; give at least one (a feedback without packets is invalid).
    ///
    /// Chunks are chosen greedily: a run length chunk for a run of 14 or more
    /// (or 7 or more beside a large delta, or the rest of the list), else a
    /// 1-bit vector when the next 14 packets have no large delta, else a 2-bit
    /// vector of 7.
    public init(
        senderSSRC: UInt32,
        mediaSSRC: UInt32,
        baseSequenceNumber: UInt16,
        referenceTime: Int32,
        feedbackPacketCount: UInt8,
        packets: [Int16?],
        usesPaddingBit: Bool = false
    ) {
        let reported = packets.prefix(Int(UInt16.max))
        let statuses: [PacketStatus] = reported.map { delta in
            guard let delta else { return .notReceived }
            return (0...255).contains(delta) ? .receivedSmallDelta : .receivedLargeDelta
        }
        self.init(
            senderSSRC: senderSSRC,
            mediaSSRC: mediaSSRC,
            baseSequenceNumber: baseSequenceNumber,
            packetStatusCount: UInt16(statuses.count),
            referenceTime: referenceTime,
            feedbackPacketCount: feedbackPacketCount,
            chunks: Self.encodeChunks(statuses),
            receiveDeltas: reported.compactMap { $0 },
            usesPaddingBit: usesPaddingBit
        )
    }

    static func encodeChunks(_ statuses: [PacketStatus]) -> [PacketStatusChunk] {
        var chunks = [PacketStatusChunk]()
        var index = 0
        while index < statuses.count {
            let status = statuses[index]
            var run = 1
            while index + run < statuses.count, statuses[index + run] == status, run < 0x1FFF { run += 1 }
            let remaining = statuses.count - index
            let window = statuses[index..<(index + min(14, remaining))]
            let windowHasLarge = window.contains(.receivedLargeDelta)
            if run >= 14 || (run >= 7 && windowHasLarge) || run == remaining {
                chunks.append(.runLength(status, length: UInt16(run)))
                index += run
            } else if !windowHasLarge {
                var bits: UInt16 = 0
                for (position, status) in window.enumerated() where status == .receivedSmallDelta {
                    bits |= 1 << (13 - position)
                }
                chunks.append(.oneBitVector(bits))
                index += window.count
            } else {
                let seven = statuses[index..<(index + min(7, remaining))]
                var bits: UInt16 = 0
                for (position, status) in seven.enumerated() {
                    bits |= UInt16(status.rawValue) << (12 - 2 * position)
                }
                chunks.append(.twoBitVector(bits))
                index += seven.count
            }
        }
        return chunks
    }
}

/// The statuses of the first `count` packets described by `chunks`.
struct StatusSymbols: IteratorProtocol {
    private let chunks: [RTCPTransportFeedback.PacketStatusChunk]
    private var remaining: Int
    private var chunkIndex = 0
    private var position = 0

    init(chunks: [RTCPTransportFeedback.PacketStatusChunk], count: Int) {
        self.chunks = chunks
        self.remaining = count
    }

    mutating func next() -> RTCPTransportFeedback.PacketStatus? {
        while remaining > 0, chunkIndex < chunks.count {
            let chunk = chunks[chunkIndex]
            if position < chunk.symbolCount {
                let status = chunk.status(at: position)
                position += 1
                remaining -= 1
                return status
            }
            chunkIndex += 1
            position = 0
        }
        return nil
    }
}
