import Testing

@testable import RTP

@Suite("Stream score (mediasoup's 0–10): samples, weighted history, loss and recovery")
struct StreamScoreTests {
    @Test func theHistoryIsAWeightedAverage() {
        // mediasoup's own example: [1, 2, 3, 4] → 30 / 10 = 2.8 → 3.
        var score = StreamScore()
        #expect(score.score == 10)
        for sample: UInt8 in [1, 2, 3, 4] { score.add(sample: sample) }
        #expect(score.score == 3)
        // Only the last 24 samples count.
        for _ in 0..<24 { score.add(sample: 7) }
        #expect(score.score == 7)
        #expect(score.reset(to: 0) && score.score == 0)
        #expect(score.add(sample: 10) && score.score == 10)
    }

    @Test func receiveSamples() {
        #expect(StreamScore.receiveSample(expected: 0, received: 0, repaired: 0, retransmitted: 0, usesRTX: true) == 10)
        #expect(StreamScore.receiveSample(expected: 100, received: 100, repaired: 0, retransmitted: 0, usesRTX: true) == 10)
        // 10% lost: (80 / 90)⁴ × 10 = 6.24.
        #expect(StreamScore.receiveSample(expected: 100, received: 90, repaired: 0, retransmitted: 0, usesRTX: true) == 6)
        // Half lost: the lost count is capped at the received one, so 0.
        #expect(StreamScore.receiveSample(expected: 100, received: 50, repaired: 0, retransmitted: 0, usesRTX: true) == 0)
        #expect(StreamScore.receiveSample(expected: 100, received: 0, repaired: 0, retransmitted: 0, usesRTX: true) == 0)
        // 10 lost, all repaired by RTX: weight (90 / 100)⁴… lost' = ⌊10 − 6.56⌋ = 3, (87 / 90)⁴ → 9.
        #expect(StreamScore.receiveSample(expected: 100, received: 90, repaired: 10, retransmitted: 10, usesRTX: true) == 9)
        // Half the retransmissions wasted: lost' = ⌊10 − 3.28⌋ = 6, (84 / 90)⁴ → 8.
        #expect(StreamScore.receiveSample(expected: 100, received: 90, repaired: 10, retransmitted: 20, usesRTX: true) == 8)
    }

    @Test func sendSamples() {
        #expect(StreamScore.sendSample(sent: 0, lost: 5, repaired: 0, retransmitted: 0) == 10)
        #expect(StreamScore.sendSample(sent: 100, lost: 10, repaired: 0, retransmitted: 0) == 7)  // 0.9⁴ × 10 = 6.56
        #expect(StreamScore.sendSample(sent: 100, lost: 50, repaired: 0, retransmitted: 0) == 1)  // 0.5⁴ × 10 = 0.63
        #expect(StreamScore.sendSample(sent: 100, lost: 200, repaired: 0, retransmitted: 0) == 0)
        // 10 lost and repaired: lost' = ⌊10 − 6.83⌋ = 3, 0.97⁴ × 10 = 8.85.
        #expect(StreamScore.sendSample(sent: 100, lost: 10, repaired: 10, retransmitted: 10) == 9)
    }

    /// Feeds 100 packets from `start`, keeping those `keep` accepts.
    static func interval(_ stats: inout ReceiveStreamStatistics, from start: Int, keep: (Int) -> Bool) {
        for number in start..<(start + 100) where keep(number) {
            stats.receive(sequenceNumber: UInt16(truncatingIfNeeded: number), timestamp: UInt32(number) * 960, now: UInt64(number) * 20)
        }
    }

    @Test func aProducerScoreDropsWithLossAndRecovers() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 48000, configuration: .init(minSequential: 1))
        var score = StreamScore()
        var scores = [UInt8]()
        var start = 0
        func next(_ keep: (Int) -> Bool) {
            // The last packet always arrives, so each interval expects 100.
            Self.interval(&stats, from: start) { $0 == start + 99 || keep($0) }
            score.update(receiving: stats, usesRTX: true)
            scores.append(score.score)
            start += 100
        }
        next { _ in true }  // sample 10
        next { $0 % 10 != 0 }  // 10% lost: sample 6
        next { $0 % 2 == 1 }  // 50% lost: sample 0
        for _ in 0..<6 { next { _ in true } }
        // [10] → 10; [10, 6] → 22 / 3; [10, 6, 0] → 22 / 6; then 10s weigh in.
        #expect(scores == [10, 7, 4, 6, 7, 8, 9, 9, 9])
    }

    @Test func aConsumerScoreFollowsTheReceiverReports() {
        var score = StreamScore()
        var sent: UInt64 = 0
        var lost: Int32 = 0
        var scores = [UInt8]()
        for lossPerInterval: Int32 in [0, 10, 50, 0, 0, 0] {
            sent += 100
            lost += lossPerInterval
            let block = RTCPReportBlock(ssrc: 1, cumulativeLost: lost)
            score.update(packetsSent: sent, reportBlock: block, packetsRepaired: 0, packetsRetransmitted: 0)
            scores.append(score.score)
        }
        // Samples 10, 7, 1, 10, 10, 10; 27 / 6 = 4.5 rounds up.
        #expect(scores == [10, 8, 5, 7, 8, 8])
        // A negative cumulative loss (duplicates) counts as none.
        score.update(packetsSent: sent + 100, reportBlock: RTCPReportBlock(ssrc: 1, cumulativeLost: -3), packetsRepaired: 0, packetsRetransmitted: 0)
        #expect(score.score == 9)
    }
}
