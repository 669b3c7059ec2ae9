import RTP

/// The packets sent on a transport with transport-wide sequence numbers,
/// kept until feedback reports them (or for ``maxAge`` at most), so that a
/// transport-cc feedback becomes a ``FeedbackReport``. Bounded: at most
/// ``capacity`` packets.
public struct SendHistory: Sendable {
    /// How long a packet waits for its feedback.
    public static let maxAge: Microseconds = 60_000_000
    /// The most packets kept.
    public static let capacity = 1 << 15

    private var packets: [Int64: SentPacket] = [:]
    private var oldest: Int64?
    private var lastUnwrapped: Int64?

    public init() {}

    /// How many packets wait for feedback.
    public var count: Int { packets.count }

    /// Records a packet sent with 16-bit sequence number `sequenceNumber`; returns it unwrapped.
    @discardableResult
    public mutating func sent(sequenceNumber: UInt16, at time: Microseconds, size: Int) -> SentPacket {
        let unwrapped = Self.unwrap(sequenceNumber, near: lastUnwrapped)
        lastUnwrapped = max(lastUnwrapped ?? unwrapped, unwrapped)
        let packet = SentPacket(sequenceNumber: unwrapped, sendTime: time, size: size)
        packets[unwrapped] = packet
        if oldest == nil { oldest = unwrapped }
        forget(before: time - Self.maxAge)
        return packet
    }

    /// The report of a transport-cc feedback that arrived at `time`: each
    /// reported packet still known, with its receive time (the reference
    /// time in 64 ms units plus the deltas in 250 µs units) or lost.
    public mutating func report(_ feedback: RTCPTransportFeedback, arrivedAt time: Microseconds) -> FeedbackReport {
        var receiveTime = Microseconds(feedback.referenceTime) * 64_000
        var results: [PacketResult] = []
        var reference = lastUnwrapped
        for result in feedback.packetResults {
            let unwrapped = Self.unwrap(result.sequenceNumber, near: reference)
            reference = unwrapped
            var received: Microseconds?
            if let delta = result.receiveDelta {
                receiveTime += Microseconds(delta) * 250
                received = receiveTime
            }
            guard let packet = packets.removeValue(forKey: unwrapped) else { continue }
            results.append(PacketResult(sent: packet, receiveTime: received))
        }
        return FeedbackReport(arrivalTime: time, results: results)
    }

    /// The unwrapped sequence number nearest `reference` whose low 16 bits are `sequenceNumber`.
    static func unwrap(_ sequenceNumber: UInt16, near reference: Int64?) -> Int64 {
        guard let reference else { return Int64(sequenceNumber) }
        let delta = Int64(Int16(bitPattern: sequenceNumber &- UInt16(truncatingIfNeeded: reference)))
        return reference + delta
    }

    private mutating func forget(before limit: Microseconds) {
        while let first = oldest, let last = lastUnwrapped, first <= last {
            if let packet = packets[first], packet.sendTime >= limit, packets.count <= Self.capacity { break }
            packets.removeValue(forKey: first)
            oldest = first + 1
        }
    }
}
