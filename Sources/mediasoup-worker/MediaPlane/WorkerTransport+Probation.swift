import CongestionControl
import MediaEngine
import Mediasoup

// Probing: while the transport's consumers want more than the available
// outgoing bitrate, the transport pads what its media sends up to that
// bitrate with probation packets (MediaEngine's ProbationPacket), each with
// its transport-wide number; the endpoint's feedback on them lets the
// estimate climb where the link allows (it would not rise far above what is
// acknowledged), and the consumers climb with it. As mediasoup, whose
// libwebrtc pacer pads with its probation generator.

/// A transport's probing state, part of its transport-cc send side.
struct TransportProbation {
    /// Milliseconds between two rounds of padding.
    static let interval: Int64 = 20

    var budget = PaddingBudget()
    /// The bitrate to pad up to: the available bitrate while the consumers
    /// want more (set at each distribution), else 0 (and no padding rounds).
    var targetBitrate = 0
    /// The transport's RTP bytes sent at the last round.
    var mediaBytesSent = 0
    var sequenceNumber: UInt16 = 0
    /// Probation packets sent (`probationBytesSent`, `probationSendBitrate`).
    var traffic = TrafficCounter()
}

extension WorkerTransport {
    /// Sets the bitrate to pad up to (0: none); the padding rounds run only while it is not 0.
    func setProbationTarget(_ bitrate: Int) {
        guard outgoingEstimation != nil else { return }
        outgoingEstimation?.probation.targetBitrate = bitrate
        if bitrate > 0, outgoingEstimation?.probationTimer == nil {
            outgoingEstimation?.probation.budget = PaddingBudget()
            outgoingEstimation?.probation.mediaBytesSent = rtpSent.bytes
            outgoingEstimation?.probationTimer = repeatEvery(.milliseconds(TransportProbation.interval)) {
                $0.sendProbation()
            }
        } else if bitrate == 0 {
            outgoingEstimation?.probationTimer?.cancel()
            outgoingEstimation?.probationTimer = nil
        }
    }

    /// A round of padding: the probation packets the budget allows, as long as the transport can send RTP.
    func sendProbation() {
        guard let sender = outgoingEstimation, case .transportCc(let extensionId) = sender.kind,
            case .socket(let channel, let address, let srtp) = rtpOutput()
        else { return }
        let mediaBytes = rtpSent.bytes - sender.probation.mediaBytesSent
        outgoingEstimation?.probation.mediaBytesSent = rtpSent.bytes
        guard
            var owed = outgoingEstimation?.probation.budget.tick(
                at: monotonicMicroseconds(), targetBitrate: sender.probation.targetBitrate, mediaBytes: mediaBytes)
        else { return }
        let now = monotonicMilliseconds()
        let media = channel.media
        media.beginBatch()
        defer { media.endBatch() }
        while owed >= ProbationPacket.headerLength, let wide = nextTransportWideSequenceNumber,
            let number = outgoingEstimation?.probation.sequenceNumber
        {
            let slot = media.sendSlot()
            guard
                var length = ProbationPacket.write(
                    into: slot, length: min(owed, ProbationPacket.maxLength), sequenceNumber: number,
                    timestamp: UInt32(truncatingIfNeeded: now &* 90), transportWideCcId: extensionId,
                    transportWideSequenceNumber: wide)
            else { return }
            owed -= length
            if let srtp {
                guard let protected = srtp.protectRTP(slot, length: length) else { return }
                length = protected
            }
            outgoingEstimation?.probation.sequenceNumber = number &+ 1
            transportWideSequenceNumberSent(size: length, at: now)
            outgoingEstimation?.probation.traffic.add(bytes: length, at: now)
            sent.add(bytes: length, at: now)
            media.commit(length: length, through: channel, to: address)
        }
    }
}
