import CongestionControl
import RTP
import Testing

/// The estimator on simulated links (SimulatedLink: a paced sender, a FIFO
/// bottleneck with a 500 ms queue, feedback every 100 ms), against what
/// GoogCC's published algorithm does: climb by about 8% a second while
/// delay is steady, cut to 0.85 of what got through when the queuing delay
/// trends up, hold while it drains, and fall by half the loss fraction when
/// over 10% is lost.
@Suite struct SendSideBandwidthEstimatorTests {
    static let second: Microseconds = 1_000_000

    @Test func itClimbsToASteadyLinkAndStaysNearItsCapacity() {
        var link = SimulatedLink(start: 300_000) { _ in .init(capacity: 1_000_000) }
        link.run(until: 60 * Self.second)
        // 300 kbit/s to 1 Mbit/s at 8% a second takes about 16 s.
        let reached = link.firstTime(after: 0, above: 800_000)
        #expect(reached.map { $0 < 25 * Self.second } == true, "\(link.trace)")
        let settled = link.meanTarget(from: 40 * Self.second, to: 60 * Self.second)
        #expect(settled > 700_000 && settled < 1_100_000, "mean of the last 20 s \(Int(settled)): \(link.trace)")
        // The queue it builds stays short once settled.
        let late = link.queueing.filter { $0.time >= 40 * Self.second }.map(\.delay).sorted()
        let p95 = late.isEmpty ? 0 : late[late.count * 95 / 100]
        #expect(p95 < 200_000, "queuing delay p95 \(p95) µs")
    }

    @Test func aCutFrom2MbitTo300kbitIsFollowedWithin5sAndTheClimbResumesAfterIt() {
        var link = SimulatedLink(start: 1_500_000) { time in
            .init(capacity: time >= 30 * Self.second && time < 45 * Self.second ? 300_000 : 2_000_000)
        }
        link.run(until: 90 * Self.second)
        let before = link.meanTarget(from: 20 * Self.second, to: 30 * Self.second)
        #expect(before > 1_400_000, "near 2 Mbit/s before the cut: \(Int(before)): \(link.trace)")
        let followed = link.firstTime(after: 30 * Self.second, below: 400_000)
        #expect(followed.map { $0 - 30 * Self.second <= 5 * Self.second } == true, "below 400 kbit/s: \(link.trace)")
        let during = link.meanTarget(from: 38 * Self.second, to: 45 * Self.second)
        #expect(during > 150_000 && during < 400_000, "during the cut \(Int(during))")
        let recovered = link.firstTime(after: 45 * Self.second, above: 1_200_000)
        #expect(recovered.map { $0 - 45 * Self.second <= 35 * Self.second } == true, "climbs back: \(link.trace)")
    }

    @Test func aLossBurstLowersTheRateByHalfTheLossFractionAndItRecovers() {
        var link = SimulatedLink(start: 800_000) { time in
            .init(capacity: 1_000_000, loss: time >= 30 * Self.second && time < 35 * Self.second ? 0.2 : 0)
        }
        link.run(until: 60 * Self.second)
        let before = link.meanTarget(from: 25 * Self.second, to: 30 * Self.second)
        let during = link.meanTarget(from: 34 * Self.second, to: 35 * Self.second)
        // 20% loss: each decrease keeps 90%, one per 400 ms: about 0.9^12 after 5 s.
        #expect(during < 0.6 * before, "before \(Int(before)), at the end of the burst \(Int(during)): \(link.trace)")
        #expect(during > 0.1 * before)
        let after = link.meanTarget(from: 55 * Self.second, to: 60 * Self.second)
        #expect(after > 0.7 * before, "recovered to \(Int(after)): \(link.trace)")
    }

    @Test func aDelaySpikeIsTakenForAQueueThenForgotten() {
        var link = SimulatedLink(start: 800_000) { time in
            .init(capacity: 1_000_000, delay: time >= 30 * Self.second && time < 31 * Self.second ? 225_000 : 25_000)
        }
        link.run(until: 60 * Self.second)
        let before = link.meanTarget(from: 25 * Self.second, to: 30 * Self.second)
        #expect(link.firstTime(after: 30 * Self.second, below: 0.9 * before) != nil, "a decrease: \(link.trace)")
        let after = link.meanTarget(from: 50 * Self.second, to: 60 * Self.second)
        #expect(after > 0.7 * 1_000_000, "back near the capacity: \(Int(after)): \(link.trace)")
    }

    @Test func theTargetStaysWithinItsBounds() {
        var estimator = SendSideBandwidthEstimator(.init(startBitrate: 50_000, minBitrate: 40_000, maxBitrate: 60_000))
        var time: Microseconds = 0
        var sequence: Int64 = 0
        for _ in 0..<200 {  // everything lost: the loss-based rate falls to the floor
            time += 100_000
            let results = (0..<10).map { _ in
                sequence += 1
                return PacketResult(sent: SentPacket(sequenceNumber: sequence, sendTime: time, size: 1200), receiveTime: nil)
            }
            estimator.feedback(FeedbackReport(arrivalTime: time, results: results))
        }
        #expect(estimator.targetBitrate == 40_000)
    }
}

/// Sent packets and transport-cc feedback: the report pairs each reported
/// packet with its receive time, across the 16-bit wrap.
@Suite struct SendHistoryTests {
    @Test func aFeedbackBecomesAReportWithReceiveTimes() throws {
        var history = SendHistory()
        for (index, sequence) in [UInt16(65534), 65535, 0, 1].enumerated() {
            history.sent(sequenceNumber: sequence, at: Microseconds(index) * 1000, size: 1000 + index)
        }
        // 65534 received at reference 1 (64 ms) + 1 ms, 65535 lost, 0 at +2 ms, 1 at +2.25 ms.
        let feedback = RTCPTransportFeedback(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 65534, packetStatusCount: 4, referenceTime: 1,
            feedbackPacketCount: 0,
            chunks: [.oneBitVector(0b10_1100_0000_0000)],  // received, lost, received, received
            receiveDeltas: [4, 4, 1])
        let report = history.report(feedback, arrivedAt: 500_000)
        #expect(report.results.map(\.sent.sequenceNumber) == [65534, 65535, 65536, 65537])
        #expect(report.results.map(\.receiveTime) == [65_000, nil, 66_000, 66_250])
        #expect(report.results.map(\.sent.size) == [1000, 1001, 1002, 1003])
        #expect(history.count == 0, "reported packets are forgotten")
        let again = history.report(feedback, arrivedAt: 600_000)
        #expect(again.results.isEmpty, "a repeated feedback reports nothing twice")
    }

    @Test func theHistoryIsBoundedByCountAndAge() {
        var history = SendHistory()
        let total = SendHistory.capacity + 10
        for index in 0..<total {
            history.sent(sequenceNumber: UInt16(truncatingIfNeeded: index), at: 1_000_000, size: 100)
        }
        #expect(history.count == SendHistory.capacity)
        let oldest = RTCPTransportFeedback(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, referenceTime: 0, feedbackPacketCount: 0,
            packets: Array(repeating: 4, count: 10))
        #expect(history.report(oldest, arrivedAt: 2_000_000).results.isEmpty, "overwritten by newer packets")
        let newest = RTCPTransportFeedback(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: UInt16(truncatingIfNeeded: total - 10), referenceTime: 0,
            feedbackPacketCount: 1, packets: Array(repeating: 4, count: 10))
        let late = history.report(newest, arrivedAt: 1_000_000 + SendHistory.maxAge + 1)
        #expect(late.results.isEmpty, "older than the history keeps")
        #expect(history.count == SendHistory.capacity - 10)
    }
}
