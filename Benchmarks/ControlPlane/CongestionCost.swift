// The figures of `mafalda-bench congestion`: what congestion control costs
// the worker's CPU, per packet and per feedback on the send side of a
// transport, per packet and per feedback on the receive side, and per
// consumer when the bitrate is shared out; CPU time of this thread, p50.

import CongestionControl
import Foundation

/// One 100 ms feedback period at a time of a 1 Mbit/s flow (100 packets of
/// 1,250 bytes, 1 ms apart, 20 ms of delay with some jitter), steady state.
func runCongestionCostBenchmark(_ arguments: [String]) {
    var iterations = 2000
    if let index = arguments.firstIndex(of: "--iterations"), index + 1 < arguments.count {
        iterations = Int(arguments[index + 1]) ?? iterations
    }
    let packetsPerFeedback = 100
    var history = SendHistory()
    var estimator = SendSideBandwidthEstimator()
    var generator = TransportFeedbackGenerator()
    var sequenceNumber: UInt16 = 0
    var time: Microseconds = 0
    var arrivals: [(UInt16, Microseconds)] = []
    arrivals.reserveCapacity(packetsPerFeedback)

    /// The send side's per-packet work and the receive side's, for one period.
    func sendPeriod(recordSend: Bool, recordArrival: Bool) {
        arrivals.removeAll(keepingCapacity: true)
        for index in 0..<packetsPerFeedback {
            let sent = time + Microseconds(index) * 1000
            if recordSend { _ = history.sent(sequenceNumber: sequenceNumber, at: sent, size: 1250) }
            arrivals.append((sequenceNumber, sent + 20_000 + Microseconds(index % 7) * 300))
            sequenceNumber &+= 1
        }
        if recordArrival {
            for (number, arrival) in arrivals { generator.received(sequenceNumber: number, at: arrival) }
        }
        time += 100_000
    }

    print("congestion control, CPU time p50 (\(iterations) runs); a 1 Mbit/s flow of 1,250-byte packets, feedback every 100 ms (\(packetsPerFeedback) packets)")
    let sendSide = (try? medianMicroseconds(iterations) {
        sendPeriod(recordSend: true, recordArrival: true)
        for feedback in generator.feedbacks(senderSSRC: 1, mediaSSRC: 2) {
            estimator.feedback(history.report(feedback, arrivedAt: time))
        }
    }) ?? .nan
    let receiveOnly = (try? medianMicroseconds(iterations) {
        sendPeriod(recordSend: false, recordArrival: true)
        _ = generator.feedbacks(senderSSRC: 1, mediaSSRC: 2)
    }) ?? .nan
    let historyOnly = (try? medianMicroseconds(iterations) { sendPeriod(recordSend: true, recordArrival: false) }) ?? .nan
    let baseline = (try? medianMicroseconds(iterations) { sendPeriod(recordSend: false, recordArrival: false) }) ?? .nan
    let perPacketSend = (historyOnly - baseline) * 1000 / Double(packetsPerFeedback)
    let perFeedback = sendSide - receiveOnly - (historyOnly - baseline)
    row("send side: remembering a sent copy", format(perPacketSend, "ns per packet"))
    row("send side: one feedback through the history and the estimator", format(perFeedback, "µs per feedback"))
    row("receive side: recording arrivals and making the feedback",
        format((receiveOnly - baseline) * 1000 / Double(packetsPerFeedback), "ns per packet"))

    // Sharing out: consumers with three spatial by three temporal layers.
    for count in [10, 100] {
        let demands = (0..<count).map { index in
            BitrateAllocation.Demand(
                priority: 1 + index % 3,
                layerBitrates: (0..<9).map { rung in 50_000 * (rung / 3 + 1) * (rung / 3 + 1) + 20_000 * (rung % 3) })
        }
        let available = 400_000 * count
        let cost = (try? medianMicroseconds(iterations) { _ = BitrateAllocation.distribute(available, over: demands) }) ?? .nan
        row("sharing out over \(count) simulcast consumers", format(cost, "µs") + ", " + format(cost / Double(count), "µs per consumer"))
    }
    print("congestion-estimator-us: " + String(format: "%.1f", perFeedback))
}
