import RTP

/// The receive side of transport-cc: the arrival time of each packet that
/// carried a transport-wide sequence number, reported to the sender every
/// ``interval`` (mediasoup's cadence) in transport-cc feedback packets, so
/// that the sender's own estimator (Chromium's, aiortc's) can adapt.
///
/// Each feedback covers the packets from the first not yet reported to the
/// newest received, those missing as not received, at most
/// ``maxPacketsPerFeedback`` each; a gap in arrival times too long for a
/// receive delta starts another. A packet arriving after its number was
/// reported is left out (the sender already counted it lost). Bounded:
/// packets more than ``maxTracked`` behind the newest are given up.
public struct TransportFeedbackGenerator: Sendable {
    /// How often feedback is sent (mediasoup's cadence).
    public static let interval: Microseconds = 100_000
    /// The most packets one feedback reports.
    public static let maxPacketsPerFeedback = 500
    /// The most packets waiting to be reported; older ones are given up.
    public static let maxTracked: Int64 = 1 << 14

    private var arrivals: [Int64: Microseconds] = [:]
    private var newest: Int64?
    private var firstUnreported: Int64?
    private var feedbackCount: UInt8 = 0

    /// A generator with nothing received yet.
    public init() {}

    /// Whether packets wait to be reported.
    public var hasPending: Bool {
        guard let first = firstUnreported, let newest else { return false }
        return first <= newest
    }

    /// A packet with transport-wide sequence number `sequenceNumber` arrived at `time`.
    public mutating func received(sequenceNumber: UInt16, at time: Microseconds) {
        let sequence = SendHistory.unwrap(sequenceNumber, near: newest)
        if let first = firstUnreported, sequence < first { return }
        if arrivals[sequence] == nil { arrivals[sequence] = max(time, 0) }
        newest = max(newest ?? sequence, sequence)
        if firstUnreported == nil { firstUnreported = sequence }
        if let newest, let first = firstUnreported, newest - first >= Self.maxTracked {
            let kept = newest - Self.maxTracked + 1
            for dropped in first..<kept { arrivals.removeValue(forKey: dropped) }
            firstUnreported = kept
        }
    }

    /// The feedback packets for everything not yet reported (none when nothing arrived).
    public mutating func feedbacks(senderSSRC: UInt32, mediaSSRC: UInt32) -> [RTCPTransportFeedback] {
        guard var base = firstUnreported, let newest, base <= newest else { return [] }
        var feedbacks: [RTCPTransportFeedback] = []
        while base <= newest {
            let last = min(newest, base + Int64(Self.maxPacketsPerFeedback) - 1)
            var firstArrival: Microseconds?
            for sequence in base...last where firstArrival == nil { firstArrival = arrivals[sequence] }
            guard let firstArrival else {
                base = last + 1  // nothing received there: the next feedback says so by starting later
                continue
            }
            // 64 ms reference units; deltas in 250 µs ticks (256 ticks per reference unit).
            let reference = firstArrival / 64_000
            var previousTick = reference * 256
            var deltas: [Int16?] = []
            var sequence = base
            while sequence <= last {
                if let arrival = arrivals[sequence] {
                    let tick = arrival / 250
                    guard let delta = Int16(exactly: tick - previousTick) else { break }
                    deltas.append(delta)
                    previousTick = tick
                } else {
                    deltas.append(nil)
                }
                sequence += 1
            }
            feedbacks.append(
                RTCPTransportFeedback(
                    senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, baseSequenceNumber: UInt16(truncatingIfNeeded: base),
                    referenceTime: Int32(truncatingIfNeeded: reference << 8) >> 8, feedbackPacketCount: feedbackCount,
                    packets: deltas))
            feedbackCount &+= 1
            for reported in base..<sequence { arrivals.removeValue(forKey: reported) }
            base = sequence
        }
        firstUnreported = newest + 1
        return feedbacks
    }
}
