import Mediasoup
import MediasoupChannel
import MediaEngine
import RTP

// The consumer's side of RTCP: its endpoint's NACKs answered from the
// producer's packet history (over RTX when negotiated), its receiver report
// blocks (round-trip time, score), its sender reports, and its score as the
// library sees it.

extension WorkerConsumer {
    /// Resends what a NACK from its endpoint asks for, as the stream's
    /// ``RetransmissionSchedule`` allows: each packet rebuilt from the
    /// producer's history with the sequence number and timestamp it was first
    /// sent with, over the RTX stream when there is one.
    func receiveNack(_ nack: RTCPGenericNack, at now: UInt64) {
        guard let index = sendStates.firstIndex(where: { $0.ssrc == nack.mediaSSRC }),
            sendStates[index].retransmissions != nil, let producer = router.producer(producerId)
        else { return }
        sendStates[index].retransmissions?.receiveNack(nack, now: now)
        let plan = extensionPlan(for: producer)
        let asRTX = sendStates[index].rtx != nil
        let media = runtime.media
        media.beginBatch()
        defer { media.endBatch() }
        while let next = sendStates[index].retransmissions?.pollRetransmission() {
            guard let stored = producer.storedPacket(next.reference, at: now) else { continue }
            _ = emit(
                stored, plan: plan, sequenceNumber: next.sequenceNumber, timestamp: next.timestamp, stream: index,
                asRTX: asRTX)
        }
    }

    /// Its endpoint asks for a keyframe of one of its streams (a PLI, or a
    /// FIR when `fullIntra`): counted on the stream, and passed on to the
    /// producer's sender (as a PLI, at most once per keyFrameRequestDelay).
    func receiveKeyFrameRequest(ssrc: UInt32, fullIntra: Bool) {
        guard let index = sendStates.firstIndex(where: { $0.ssrc == ssrc }) else { return }
        if fullIntra { sendStates[index].firCount += 1 } else { sendStates[index].pliCount += 1 }
        requestKeyFrame()
    }

    /// Takes its endpoint's report block about one of its streams.
    func receiveReportBlock(_ block: RTCPReportBlock, at now: UInt64) {
        guard let index = sendStates.firstIndex(where: { $0.ssrc == block.ssrc }) else { return }
        if sendStates[index].receiveReportBlock(block, at: now) { notifyScore() }
    }

    /// An SR and an SDES (CNAME) for each stream that sent packets, one
    /// compound packet per stream.
    func makeSenderReports(ntpTimestamp: UInt64, at now: UInt64) -> [[UInt8]] {
        let cname = rtpParameters.rtcp.cname ?? ""
        return sendStates.indices.compactMap { index in
            guard let report = sendStates[index].senderReport.makeSenderReport(ntpTimestamp: ntpTimestamp, now: now)
            else { return nil }
            let description = RTCPSourceDescription(chunks: [.init(ssrc: sendStates[index].ssrc, cname: cname)])
            return report.bytes + description.bytes
        }
    }

    // MARK: Score

    /// Its score for the library: its own stream's (the lowest of a pipe
    /// consumer's), the score of the producer stream it forwards, and all of
    /// the producer's.
    var score: ConsumerScore {
        let own = sendStates.map { Int($0.score.score) }.min() ?? 10
        return ConsumerScore(score: own, producerScore: forwardedProducerScore, producerScores: producerScores)
    }

    /// The score of the producer stream it forwards: the current simulcast
    /// layer's, the first stream's for simple and SVC consumers; a pipe
    /// consumer reports 10 (as mediasoup's PipeConsumer).
    private var forwardedProducerScore: Int {
        switch type {
        case .simple, .svc:
            return producerScores.first ?? 0
        case .simulcast:
            guard let layer = selection.currentSpatialLayer, layer < producerScores.count else { return 0 }
            return producerScores[layer]
        case .pipe:
            return 10
        }
    }

    /// The producer's stream scores changed.
    func producerScoresChanged(_ scores: [Int]) {
        producerScores = scores
        notifyScore()
        if type == .simulcast { transport.distributeAvailableOutgoingBitrate() }
    }

    /// Tells the library its score (`consumer.score`).
    func notifyScore() {
        runtime.notify(targetId: id, event: ConsumerNotification.score, data: try? score.channelData())
    }
}
