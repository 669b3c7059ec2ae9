import CongestionControl
import RTP
import Testing

/// The receive side of transport-cc: arrivals become feedback packets that
/// the sender's history reads back as the same arrivals (to the 250 µs tick).
@Suite struct TransportFeedbackGeneratorTests {
    /// Sends `count` packets from `first` (16-bit, wrapping) through the
    /// generator with arrivals `arrival(i)` (nil: lost), then reads the
    /// feedback, over the wire, with a send history.
    static func roundTrip(
        first: UInt16, count: Int, arrival: (Int) -> Microseconds?
    ) throws -> (feedbacks: [RTCPTransportFeedback], report: [PacketResult]) {
        var generator = TransportFeedbackGenerator()
        var history = SendHistory()
        for index in 0..<count {
            let sequence = first &+ UInt16(truncatingIfNeeded: index)
            history.sent(sequenceNumber: sequence, at: Microseconds(index) * 1000, size: 1200)
            if let time = arrival(index) { generator.received(sequenceNumber: sequence, at: time) }
        }
        let feedbacks = generator.feedbacks(senderSSRC: 1, mediaSSRC: 2)
        var results: [PacketResult] = []
        for feedback in feedbacks {
            let parsed = try feedback.bytes.withUnsafeBytes { try RTCPTransportFeedback(parsing: $0) }
            results += history.report(parsed, arrivedAt: 10_000_000).results
        }
        return (feedbacks, results)
    }

    @Test func arrivalsComeBackAsReceiveTimesAndLossesAsLost() throws {
        let arrival: (Int) -> Microseconds? = { index in index % 5 == 3 ? nil : 7_000_000 + Microseconds(index) * 1_130 }
        let (feedbacks, report) = try Self.roundTrip(first: 65_500, count: 100, arrival: arrival)
        #expect(feedbacks.count == 1)
        #expect(report.count == 100, "every packet from the first to the newest, across the wrap")
        for (index, result) in report.enumerated() {
            #expect(result.sent.sequenceNumber == 65_500 + Int64(index))
            guard let expected = arrival(index) else {
                #expect(result.receiveTime == nil, "packet \(index) lost")
                continue
            }
            // The same clock to the tick: the reference is 64 ms units, the deltas 250 µs.
            #expect(result.receiveTime == expected / 250 * 250, "packet \(index)")
        }
    }

    @Test func manyPacketsOrALongGapSplitTheFeedback() throws {
        let (many, manyReport) = try Self.roundTrip(first: 0, count: 1_200) { 1_000_000 + Microseconds($0) * 100 }
        #expect(many.count == 3, "500 packets a feedback at most")
        #expect(manyReport.count == 1_200 && manyReport.allSatisfy { $0.receiveTime != nil })
        // Deltas are 16-bit ticks of 250 µs: a gap of 10 s needs a new reference.
        let (gapped, gappedReport) = try Self.roundTrip(first: 10, count: 4) { $0 < 2 ? 1_000_000 : 11_000_000 }
        #expect(gapped.count == 2)
        #expect(gappedReport.map(\.receiveTime) == [1_000_000, 1_000_000, 11_000_000, 11_000_000])
        #expect(gapped.map(\.feedbackPacketCount) == [0, 1])
    }

    @Test func latePacketsAndRepeatsAreNotReportedTwice() {
        var generator = TransportFeedbackGenerator()
        generator.received(sequenceNumber: 1, at: 1000)
        generator.received(sequenceNumber: 3, at: 2000)
        let first = generator.feedbacks(senderSSRC: 1, mediaSSRC: 2)
        #expect(first.count == 1 && first[0].packetStatusCount == 3)
        generator.received(sequenceNumber: 2, at: 3000)  // reported lost already
        generator.received(sequenceNumber: 3, at: 3000)
        #expect(!generator.hasPending)
        #expect(generator.feedbacks(senderSSRC: 1, mediaSSRC: 2).isEmpty)
        generator.received(sequenceNumber: 4, at: 4000)
        let second = generator.feedbacks(senderSSRC: 1, mediaSSRC: 2)
        #expect(second.count == 1 && second[0].baseSequenceNumber == 4 && second[0].feedbackPacketCount == 1)
    }

    @Test func aFloodOfSequenceNumbersStaysBounded() {
        var generator = TransportFeedbackGenerator()
        for index in 0..<100_000 {
            generator.received(sequenceNumber: UInt16(truncatingIfNeeded: index * 7), at: Microseconds(index))
        }
        let feedbacks = generator.feedbacks(senderSSRC: 1, mediaSSRC: 2)
        let reported = feedbacks.reduce(0) { $0 + Int($1.packetStatusCount) }
        #expect(reported <= Int(TransportFeedbackGenerator.maxTracked))
    }
}
