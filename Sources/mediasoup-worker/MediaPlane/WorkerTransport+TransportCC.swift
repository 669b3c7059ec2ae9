import CongestionControl
import MediaEngine
import Mediasoup
import NIOCore
import RTP

// Transport-cc on a transport, both ways.
//
// The receive side (mediasoup's TransportCongestionControlServer): when a
// producer of the transport negotiated the transport-wide-cc header extension
// and `transport-cc` feedback, the transport records each incoming packet's
// transport-wide sequence number and arrival time, and sends the sender
// transport-cc feedback every 100 ms.
//
// The send side (its TransportCongestionControlClient): once a video
// consumer of the transport negotiated them (MediaPlane/WorkerTransport+Bitrate.swift),
// every copy its consumers send carries the transport's own transport-wide
// sequence number, each is remembered with its size and send time, and the
// transport-cc feedback the endpoint sends back feeds the send-side
// estimator, whose target is the transport's `availableOutgoingBitrate`.

/// A transport's receive side of transport-cc, while one of its producers negotiated it.
struct TransportCcReceiver {
    /// The producers' id for the transport-wide-cc extension.
    let extensionId: UInt8
    var generator = TransportFeedbackGenerator()
    /// The SSRC of the latest packet, the feedback's media SSRC (as mediasoup sets it).
    var mediaSsrc: UInt32 = 0
    let timer: RepeatedTask
    /// When the last limitation REMB went (MediaPlane/WorkerTransport+MaxIncomingBitrate.swift).
    var limitationRembSentAt: UInt64 = 0
    /// REMBs without a limit still to send, after the limit was lifted.
    var unlimitedRembsToSend = 0
}

extension WorkerTransport {
    /// The transport-wide sequence number the next copy carries; nil while the send side of transport-cc
    /// does not run.
    var nextTransportWideSequenceNumber: UInt16? {
        guard let estimation = outgoingEstimation, case .transportCc = estimation.kind else { return nil }
        return estimation.nextSequenceNumber
    }

    /// A copy carrying ``nextTransportWideSequenceNumber`` left at `now` (milliseconds of the worker's clock,
    /// the packet path's time: no clock read per copy; mediasoup's send times are milliseconds too), `size`
    /// bytes on the wire.
    func transportWideSequenceNumberSent(size: Int, at now: UInt64) {
        guard let estimation = outgoingEstimation else { return }
        let number = estimation.nextSequenceNumber
        estimation.history.sent(sequenceNumber: number, at: Int64(now) * 1000, size: size)
        estimation.nextSequenceNumber = number &+ 1
    }

    /// Transport-cc feedback from the endpoint about the copies it received.
    func transportFeedbackReceived(_ feedback: RTCPTransportFeedback) {
        guard case .transportCc = outgoingEstimation?.kind,
            let report = outgoingEstimation?.history.report(feedback, arrivedAt: monotonicMicroseconds()) else {
            return
        }
        outgoingEstimation?.estimator.feedback(report)
        availableOutgoingBitrateMayHaveChanged()
    }

    /// Records the transport-wide sequence number of a packet a producer took (in place, as above).
    func recordTransportWideSequenceNumber(_ header: RTPHeaderFields, in packet: UnsafeRawBufferPointer) {
        guard let extensionId = transportCc?.extensionId,
            let range = header.extensionValueRange(id: extensionId, in: packet), range.count == 2
        else { return }
        let sequenceNumber = UInt16(packet[range.lowerBound]) << 8 | UInt16(packet[range.lowerBound + 1])
        transportCc?.generator.received(sequenceNumber: sequenceNumber, at: monotonicMicroseconds())
        transportCc?.mediaSsrc = header.ssrc
    }

    /// The producers changed: the receive side starts when one negotiated
    /// transport-cc (with the first such producer's extension id), stops when none has.
    func producersChangedForTransportCc() {
        let extensionId = producers.values.lazy.compactMap(\.rtpParameters.transportCcExtensionId).first
        guard extensionId != transportCc?.extensionId else { return }
        stopTransportCc()
        guard let extensionId else { return }
        let timer = repeatEvery(.microseconds(TransportFeedbackGenerator.interval)) { $0.sendTransportFeedback() }
        transportCc = TransportCcReceiver(extensionId: extensionId, timer: timer)
    }

    /// Stops the receive side (no producer negotiated it, or the transport closes).
    func stopTransportCc() {
        transportCc?.timer.cancel()
        transportCc = nil
    }

    private func sendTransportFeedback() {
        guard let mediaSsrc = transportCc?.mediaSsrc,
            let feedbacks = transportCc?.generator.feedbacks(senderSSRC: 0, mediaSSRC: mediaSsrc)
        else { return }
        for feedback in feedbacks { sendRTCP(feedback.bytes) }
        sendLimitationRemb(at: monotonicMilliseconds())
    }
}
