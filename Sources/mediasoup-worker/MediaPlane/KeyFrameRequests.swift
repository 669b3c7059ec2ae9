import Mediasoup
import NIOCore
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

/// The keyframe requests of one received stream, as mediasoup's
/// KeyFrameRequestManager: a request sends a PLI and stays pending until a
/// keyframe arrives; requests while one is pending send nothing more, but
/// make the request go again once if no keyframe came within 1,000 ms; with
/// a keyFrameRequestDelay, requests within the delay after a PLI are held
/// and sent when it ends. Sans-I/O: the caller sends what it is told to.
struct KeyFrameRequestState {
    /// How long a request waits for its keyframe before it goes again.
    static let retryMilliseconds: UInt64 = 1000

    private var pending = false
    private var retryOnTimeout = false
    /// When the last PLI went (monotonic ms), 0 before any.
    private var lastSent: UInt64 = 0
    /// A request came within keyFrameRequestDelay of the last PLI.
    private var held = false

    /// A keyframe is needed: whether to send a PLI now.
    mutating func request(at now: UInt64, delay: Int) -> Bool {
        if delay > 0, lastSent != 0, now &- lastSent < UInt64(delay) {
            held = true
            return false
        }
        if pending {
            retryOnTimeout = true
            return false
        }
        return send(at: now)
    }

    /// A keyframe of the stream arrived: nothing is pending any more.
    mutating func keyFrameReceived() {
        pending = false
        retryOnTimeout = false
    }

    /// Whether a PLI is due now: a held request whose delay ended, or a
    /// pending one unanswered for ``retryMilliseconds`` that may go once more.
    mutating func due(at now: UInt64, delay: Int) -> Bool {
        if held, now &- lastSent >= UInt64(max(delay, 0)) {
            held = false
            return request(at: now, delay: delay)
        }
        guard pending, now &- lastSent >= Self.retryMilliseconds else { return false }
        guard retryOnTimeout else {
            pending = false
            return false
        }
        retryOnTimeout = false
        lastSent = now
        return true
    }

    /// When ``due(at:delay:)`` may next answer true: a held request's delay
    /// ends, or a pending one has waited ``retryMilliseconds``; nil when neither.
    func nextDeadline(delay: Int) -> UInt64? {
        if held { return lastSent &+ UInt64(max(delay, 0)) }
        return pending ? lastSent &+ Self.retryMilliseconds : nil
    }

    private mutating func send(at now: UInt64) -> Bool {
        pending = true
        retryOnTimeout = true
        lastSent = now
        return true
    }
}
