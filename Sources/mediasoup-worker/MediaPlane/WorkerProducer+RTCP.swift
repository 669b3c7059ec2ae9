import Mediasoup
import MediasoupChannel
import NIOCore
import MediaEngine
import RTP

// The producer's side of RTCP: NACKs for the gaps in its streams (at once,
// then on the generators' retry timer), the receiver report blocks about its
// streams, the sender's reports, and the stream scores they give.

extension WorkerProducer {
    /// Sends the NACK the encoding's generator has waiting, asks for a
    /// keyframe when the generator gave up on its gaps, and keeps the retry
    /// timer running while packets are missing.
    func sendNack(encoding index: Int, at now: UInt64) {
        guard let ssrc = receiveStreams[index]?.ssrc else { return }
        if let nack = receiveStreams[index]?.nack?.pollNack(senderSSRC: 0, mediaSSRC: ssrc) {
            transport.sendRTCP(nack.bytes)
        }
        if receiveStreams[index]?.nack?.pollKeyFrameRequest() == true {
            requestKeyFrame(encoding: index, at: now)
        }
        if nackTimer == nil, let deadline = receiveStreams[index]?.nack?.nextTimeout {
            scheduleNackTimer(at: deadline, now: now)
        }
    }

    private func scheduleNackTimer(at deadline: UInt64, now: UInt64) {
        // Strong, as the transport's report timer (see scheduleRtcpReports):
        // stopTimers() cancels it when the producer closes.
        let fire = NIOLoopBound({ [self] in nackTimerFired() }, eventLoop: runtime.eventLoop)
        let delay = TimeAmount.milliseconds(Int64(deadline > now ? deadline - now : 0))
        nackTimer = runtime.eventLoop.scheduleTask(in: delay) { fire.value() }
    }

    /// The retry tick: each stream's generator asks again for what is still missing.
    private func nackTimerFired() {
        nackTimer = nil
        let now = monotonicMilliseconds()
        for index in receiveStreams.indices where receiveStreams[index]?.usesNack == true {
            receiveStreams[index]?.nack?.handleTimeout(now: now)
            sendNack(encoding: index, at: now)
        }
    }

    /// Stops its timers (the producer is closing).
    func stopTimers() {
        nackTimer?.cancel()
        nackTimer = nil
        keyFrameCheck?.cancel()
        keyFrameCheck = nil
    }

    // MARK: Reports

    /// A sender report about one of its streams arrived: its time becomes the
    /// LSR of our next report block, and the stream's score is updated from
    /// the loss since the previous one (mediasoup's moment for it).
    func receiveSenderReport(_ report: RTCPSenderReport, at now: UInt64) {
        guard let stream = receiveStreams.first(where: { $0?.ssrc == report.ssrc }) ?? nil else { return }
        stream.statistics.receiveSenderReport(ntpTimestamp: report.ntpTimestamp, now: now)
        if stream.score.update(receiving: stream.statistics, usesRTX: stream.rtxSsrc != nil) { streamScoresChanged() }
    }

    /// The report blocks about its streams for the transport's next receiver
    /// report; a stream silent for ``ProducerReceiveStream/inactivityMilliseconds``
    /// scores 0 (it scores 10 again with its next packet).
    func makeReportBlocks(at now: UInt64) -> [RTCPReportBlock] {
        var blocks: [RTCPReportBlock] = []
        var scoresChanged = false
        for case let stream? in receiveStreams {
            if !stream.isActive(at: now, within: ProducerReceiveStream.inactivityMilliseconds) {
                scoresChanged = stream.score.reset(to: 0) || scoresChanged
            } else if let block = stream.statistics.makeReportBlock(now: now) {
                blocks.append(block)
            }
        }
        if scoresChanged { streamScoresChanged() }
        return blocks
    }

    // MARK: Scores

    /// Tells the library (`producer.score`) and its consumers the scores of its streams.
    func streamScoresChanged() {
        let scores = receiveStreams.compactMap { stream in
            stream.map { ProducerScore(encodingIdx: $0.encodingIndex, ssrc: $0.ssrc, rid: $0.rid, score: Int($0.score.score)) }
        }
        runtime.notify(targetId: id, event: ProducerNotification.score, data: try? scores.channelData())
        let streamScores = rtpStreamScores
        for consumer in consumers { consumer.producerScoresChanged(streamScores) }
    }
}
