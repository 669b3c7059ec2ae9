// mediasoup's stream score (RtpStream::UpdateScore, RtpStreamRecv::UpdateScore,
// RtpStreamSend::UpdateScore), re-expressed: 0 (unusable) to 10 (perfect).
//
// Each interval gives a sample from the packets delivered in it: lost packets
// count less the more of them were repaired by retransmission,
//
//     weight    = (1 / (1 + repaired / base))⁴ × repaired / retransmitted
//     lost'     = ⌊lost − repaired × weight⌋
//     sample    = round(10 × ((base − lost') / base)⁴)
//
// where base is the packets received (receive side) or sent (send side), and
// the score is the average of the last 24 samples weighted 1, 2, … 24 from the
// oldest to the newest, rounded.

/// The score of one RTP stream, producer (receive side) or consumer (send
/// side), 0 to 10, with the counters' values at the last interval. One value
/// serves one side only: the two update paths share the interval bookkeeping.
///
/// Receive side: call ``update(receiving:usesRTX:)`` when a sender report
/// about the stream arrives (mediasoup's moment). Send side: call
/// ``update(packetsSent:reportBlock:packetsRepaired:packetsRetransmitted:)``
/// for each receiver report block about the stream. On inactivity
/// ``reset(to:)`` 0, on activity again 10, as mediasoup does.
public struct StreamScore: Sendable {
    /// Samples averaged.
    public static let historyLength = 24

    /// The current score, 0…10.
    public private(set) var score: UInt8

    private var samples = [UInt8](repeating: 0, count: StreamScore.historyLength)
    private var sampleCount = 0
    private var sampleNext = 0
    private var priorBase: Int64 = 0
    private var priorReceived: UInt64 = 0
    private var priorLost: Int64 = 0
    private var priorRepaired: UInt64 = 0
    private var priorRetransmitted: UInt64 = 0

    /// A score starting at `score` (mediasoup starts every stream at 10).
    public init(score: UInt8 = 10) {
        self.score = min(score, 10)
    }

    /// Adds one interval's sample and recomputes the weighted average.
    ///
    /// - Returns: whether ``score`` changed.
    @discardableResult
    public mutating func add(sample: UInt8) -> Bool {
        samples[sampleNext] = min(sample, 10)
        sampleNext = (sampleNext + 1) % Self.historyLength
        sampleCount = min(sampleCount + 1, Self.historyLength)
        var weighted = 0
        var weights = 0
        for age in 0..<sampleCount {
            // Oldest first: weight 1, then 2, …
            let index = (sampleNext - sampleCount + age + Self.historyLength) % Self.historyLength
            weighted += (age + 1) * Int(samples[index])
            weights += age + 1
        }
        let previous = score
        score = UInt8((2 * weighted + weights) / (2 * weights))
        return score != previous
    }

    /// Sets the score and forgets the samples.
    ///
    /// - Returns: whether ``score`` changed.
    @discardableResult
    public mutating func reset(to score: UInt8) -> Bool {
        sampleCount = 0
        sampleNext = 0
        let previous = self.score
        self.score = min(score, 10)
        return self.score != previous
    }

    // MARK: Receive side

    /// Adds the sample of the interval since the last call from the receive
    /// statistics of a producer's stream.
    ///
    /// - Parameter usesRTX: repairs came on an RTX stream (else on the media SSRC).
    /// - Returns: whether ``score`` changed.
    @discardableResult
    public mutating func update(receiving statistics: ReceiveStreamStatistics, usesRTX: Bool) -> Bool {
        // Received here means received as sent (RTX recoveries excluded), as
        // mediasoup's media counter does.
        let received = statistics.packetsReceived &- statistics.packetsRetransmitted
        return update(
            expected: statistics.packetsExpected,
            received: received,
            repaired: statistics.packetsRepaired,
            retransmitted: statistics.packetsRetransmitted,
            usesRTX: usesRTX
        )
    }

    /// Adds the receive-side sample of the interval since the last call, from
    /// running totals (a total that went down restarts its count).
    @discardableResult
    public mutating func update(expected: Int64, received: UInt64, repaired: UInt64, retransmitted: UInt64, usesRTX: Bool) -> Bool {
        let expectedInterval = expected >= priorBase ? expected - priorBase : max(expected, 0)
        let receivedInterval = received >= priorReceived ? received - priorReceived : received
        let repairedInterval = Self.delta(repaired, &priorRepaired)
        let retransmittedInterval = Self.delta(retransmitted, &priorRetransmitted)
        priorBase = expected
        priorReceived = received
        return add(
            sample: Self.receiveSample(
                expected: UInt64(expectedInterval), received: receivedInterval, repaired: repairedInterval,
                retransmitted: retransmittedInterval, usesRTX: usesRTX))
    }

    /// The receive-side sample of one interval (RtpStreamRecv::UpdateScore).
    public static func receiveSample(expected: UInt64, received: UInt64, repaired: UInt64, retransmitted: UInt64, usesRTX: Bool) -> UInt8 {
        guard expected > 0 else { return 10 }
        guard received > 0 else { return 0 }
        var lost = min(expected > received ? expected - received : 0, received)
        var repaired = repaired
        if repaired > lost {
            if usesRTX { repaired = lost } else { lost = repaired }
        }
        return sample(base: received, lost: lost, repaired: repaired, retransmitted: retransmitted)
    }

    // MARK: Send side

    /// Adds the send-side sample of the interval since the last call from a
    /// receiver's report block about a consumer's stream.
    ///
    /// - Parameters:
    ///   - packetsSent: packets sent in total (`SenderReportGenerator.packetCount`).
    ///   - packetsRepaired, packetsRetransmitted: the `RetransmissionBuffer`'s totals.
    /// - Returns: whether ``score`` changed.
    @discardableResult
    public mutating func update(
        packetsSent: UInt64,
        reportBlock: RTCPReportBlock,
        packetsRepaired: UInt64,
        packetsRetransmitted: UInt64
    ) -> Bool {
        let sentTotal = Int64(clamping: packetsSent)
        let sent = sentTotal >= priorBase ? sentTotal - priorBase : sentTotal
        priorBase = sentTotal
        let totalLost = Int64(max(reportBlock.cumulativeLost, 0))
        let lost = totalLost >= priorLost ? totalLost - priorLost : 0
        priorLost = totalLost
        let repaired = Self.delta(packetsRepaired, &priorRepaired)
        let retransmitted = Self.delta(packetsRetransmitted, &priorRetransmitted)
        return add(
            sample: Self.sendSample(
                sent: UInt64(sent), lost: UInt64(lost), repaired: repaired, retransmitted: retransmitted))
    }

    /// The send-side sample of one interval (RtpStreamSend::UpdateScore).
    public static func sendSample(sent: UInt64, lost: UInt64, repaired: UInt64, retransmitted: UInt64) -> UInt8 {
        guard sent > 0 else { return 10 }
        let lost = min(lost, sent)
        return sample(base: sent, lost: lost, repaired: min(repaired, lost), retransmitted: retransmitted)
    }

    // MARK: Shared

    private static func sample(base: UInt64, lost: UInt64, repaired: UInt64, retransmitted: UInt64) -> UInt8 {
        let repairedRatio = Double(repaired) / Double(base)
        var repairedWeight = pow4(1 / (repairedRatio + 1))
        if retransmitted > 0 {
            repairedWeight *= min(Double(repaired) / Double(retransmitted), 1)
        }
        let remaining = max(Double(lost) - Double(repaired) * repairedWeight, 0).rounded(.towardZero)
        let delivered = (Double(base) - remaining) / Double(base)
        return UInt8(min(max((pow4(delivered) * 10).rounded(.toNearestOrAwayFromZero), 0), 10))
    }

    @inline(__always)
    private static func pow4(_ value: Double) -> Double {
        let square = value * value
        return square * square
    }

    private static func delta(_ total: UInt64, _ prior: inout UInt64) -> UInt64 {
        defer { prior = total }
        return total >= prior ? total - prior : total
    }
}
