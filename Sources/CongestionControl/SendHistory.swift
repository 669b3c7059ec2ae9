import RTP

/// The packets sent on a transport with transport-wide sequence numbers,
/// kept until feedback reports them, so that a transport-cc feedback becomes
/// a ``FeedbackReport``. A ring of ``capacity`` slots indexed by sequence
/// number (no hashing on the packet path, its memory taken once): a packet
/// is forgotten when reported, when ``capacity`` newer ones overwrite its
/// slot, or when older than ``maxAge``.
public struct SendHistory: Sendable {
    /// How long a packet waits for its feedback.
    public static let maxAge: Microseconds = 10_000_000
    /// The most packets kept (seconds of video at any sane rate; feedback comes every 100 ms).
    public static let capacity = 1 << 12

    private struct Slot {
        var sequenceNumber: Int64 = -1
        var sendTime: Microseconds = 0
        var size: Int32 = 0
    }

    private var slots: [Slot]
    private var newest: Int64?
    private var count_ = 0

    /// An empty history (its ring allocated now).
    public init() {
        slots = Array(repeating: Slot(), count: Self.capacity)
    }

    /// How many packets wait for feedback.
    public var count: Int { count_ }

    /// Records a packet sent with 16-bit sequence number `sequenceNumber`; returns it unwrapped.
    @discardableResult
    public mutating func sent(sequenceNumber: UInt16, at time: Microseconds, size: Int) -> SentPacket {
        let unwrapped = Self.unwrap(sequenceNumber, near: newest)
        newest = max(newest ?? unwrapped, unwrapped)
        let index = Int(unwrapped & Int64(Self.capacity - 1))
        if slots[index].sequenceNumber < 0 { count_ += 1 }
        slots[index] = Slot(sequenceNumber: unwrapped, sendTime: time, size: Int32(clamping: size))
        return SentPacket(sequenceNumber: unwrapped, sendTime: time, size: size)
    }

    /// The report of a transport-cc feedback that arrived at `time`: each
    /// reported packet still known, with its receive time (the reference
    /// time in 64 ms units plus the deltas in 250 µs units) or lost.
    public mutating func report(_ feedback: RTCPTransportFeedback, arrivedAt time: Microseconds) -> FeedbackReport {
        var receiveTime = Microseconds(feedback.referenceTime) * 64_000
        var results: [PacketResult] = []
        var reference = newest
        for result in feedback.packetResults {
            let unwrapped = Self.unwrap(result.sequenceNumber, near: reference)
            reference = unwrapped
            var received: Microseconds?
            if let delta = result.receiveDelta {
                receiveTime += Microseconds(delta) * 250
                received = receiveTime
            }
            let index = Int(unwrapped & Int64(Self.capacity - 1))
            let slot = slots[index]
            guard slot.sequenceNumber == unwrapped else { continue }
            slots[index].sequenceNumber = -1
            count_ -= 1
            guard slot.sendTime >= time - Self.maxAge else { continue }
            results.append(
                PacketResult(
                    sent: SentPacket(sequenceNumber: unwrapped, sendTime: slot.sendTime, size: Int(slot.size)),
                    receiveTime: received))
        }
        return FeedbackReport(arrivalTime: time, results: results)
    }

    /// The unwrapped sequence number nearest `reference` whose low 16 bits are `sequenceNumber`.
    static func unwrap(_ sequenceNumber: UInt16, near reference: Int64?) -> Int64 {
        guard let reference else { return Int64(sequenceNumber) }
        let delta = Int64(Int16(bitPattern: sequenceNumber &- UInt16(truncatingIfNeeded: reference)))
        return reference + delta
    }
}
