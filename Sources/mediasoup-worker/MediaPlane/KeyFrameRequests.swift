import Mediasoup
import NIOCore
import MediaEngine
import RTP

// Keyframe requests: consumers ask their producer for a keyframe (after a
// pause, a layer switch, or a PLI/FIR from their endpoint); the producer asks
// its sender with a PLI, at most once per keyFrameRequestDelay.

extension WorkerProducer {
    /// Asks the sender for a keyframe of every stream of this producer.
    func requestKeyFrame() {
        for index in receiveStreams.indices { requestKeyFrame(encoding: index) }
    }

    /// Asks the sender for a keyframe of one encoding's stream: a PLI naming
    /// that stream's SSRC, as ``KeyFrameRequestState`` allows.
    func requestKeyFrame(encoding index: Int, at now: UInt64 = monotonicMilliseconds()) {
        guard kind == .video, index < receiveStreams.count, receiveStreams[index] != nil else { return }
        let send = receiveStreams[index]?.keyFrameRequests.request(at: now, delay: keyFrameRequestDelay) == true
        if send { sendPictureLossIndication(encoding: index) }
        scheduleKeyFrameCheck(at: now)
    }

    /// Re-sends a keyframe request of the encoding's stream when it is due
    /// (unanswered, or held back by keyFrameRequestDelay); called as its
    /// packets arrive and by the check timer.
    func pollKeyFrameRequest(encoding index: Int, at now: UInt64) {
        guard kind == .video, index < receiveStreams.count,
            receiveStreams[index]?.keyFrameRequests.due(at: now, delay: keyFrameRequestDelay) == true
        else { return }
        sendPictureLossIndication(encoding: index)
    }

    /// Keeps a timer for the earliest moment a request of any stream may be
    /// due (a held one's delay ends, a pending one waited 1 s), so that the
    /// retry goes even when no packet arrives meanwhile.
    private func scheduleKeyFrameCheck(at now: UInt64) {
        let deadline = receiveStreams.compactMap { $0?.keyFrameRequests.nextDeadline(delay: keyFrameRequestDelay) }.min()
        guard let deadline, deadline != keyFrameCheckDeadline || keyFrameCheck == nil else { return }
        keyFrameCheck?.cancel()
        keyFrameCheckDeadline = deadline
        // Strong, as the transport's report timer; stopTimers() cancels it on close.
        let fire = NIOLoopBound({ [self] in keyFrameCheckFired() }, eventLoop: runtime.eventLoop)
        keyFrameCheck = runtime.eventLoop.scheduleTask(in: .milliseconds(Int64(deadline > now ? deadline - now : 0))) {
            fire.value()
        }
    }

    private func keyFrameCheckFired() {
        keyFrameCheck = nil
        let now = monotonicMilliseconds()
        for index in receiveStreams.indices { pollKeyFrameRequest(encoding: index, at: now) }
        scheduleKeyFrameCheck(at: now)
    }

    private func sendPictureLossIndication(encoding index: Int) {
        guard let ssrc = receiveStreams[index]?.ssrc else { return }
        transport.sendRTCP(RTCPPictureLossIndication(senderSSRC: 1, mediaSSRC: ssrc).bytes)
        receiveStreams[index]?.pliCount += 1
    }
}
