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
        guard let estimation = outgoingEstimation else { return }
        estimation.probation.targetBitrate = bitrate
        if bitrate > 0, estimation.probationTimer == nil {
            estimation.probation.budget = PaddingBudget()
            estimation.probation.mediaBytesSent = rtpSent.bytes
            estimation.probationTimer = repeatEvery(.milliseconds(TransportProbation.interval)) { $0.sendProbation() }
        } else if bitrate == 0 {
            estimation.probationTimer?.cancel()
            estimation.probationTimer = nil
        }
    }

    /// A round of padding: the probation packets the budget allows, as long as the transport can send RTP.
    func sendProbation() {
        guard let estimation = outgoingEstimation, case .transportCc(let extensionId) = estimation.kind,
            case .socket(let channel, let address, let srtp) = rtpOutput()
        else { return }
        let mediaBytes = rtpSent.bytes - estimation.probation.mediaBytesSent
        estimation.probation.mediaBytesSent = rtpSent.bytes
        let microseconds = monotonicMicroseconds()
        let now = UInt64(microseconds / 1000)
        var owed = estimation.probation.budget.tick(
            at: microseconds, targetBitrate: estimation.probation.targetBitrate, mediaBytes: mediaBytes)
        let media = channel.media
        media.beginBatch()
        defer { media.endBatch() }
        while owed >= ProbationPacket.headerLength, let wide = nextTransportWideSequenceNumber {
            let slot = media.sendSlot()
            guard
                var length = ProbationPacket.write(
                    into: slot, length: min(owed, ProbationPacket.maxLength),
                    sequenceNumber: estimation.probation.sequenceNumber,
                    timestamp: UInt32(truncatingIfNeeded: now &* 90), transportWideCcId: extensionId,
                    transportWideSequenceNumber: wide)
            else { return }
            owed -= length
            if let srtp {
                guard let protected = srtp.protectRTP(slot, length: length) else { return }
                length = protected
            }
            estimation.probation.sequenceNumber &+= 1
            transportWideSequenceNumberSent(size: length, at: now)
            estimation.probation.traffic.add(bytes: length, at: now)
            sent.add(bytes: length, at: now)
            media.commit(length: length, through: channel, to: address)
        }
    }
}
