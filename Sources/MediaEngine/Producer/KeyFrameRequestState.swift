/// The keyframe requests of one received stream, as mediasoup's
/// KeyFrameRequestManager: a request sends a PLI and stays pending until a
/// keyframe arrives; requests while one is pending send nothing more, but
/// make the request go again once if no keyframe came within 1,000 ms; with
/// a keyFrameRequestDelay, requests within the delay after a PLI are held
/// and sent when it ends. Sans-I/O: the caller sends what it is told to.
package struct KeyFrameRequestState {
    /// How long a request waits for its keyframe before it goes again.
    package static let retryMilliseconds: UInt64 = 1000

    private var pending = false
    private var retryOnTimeout = false
    /// When the last PLI went (monotonic ms); nil before any.
    private var lastSent: UInt64?
    /// A request came within keyFrameRequestDelay of the last PLI.
    private var held = false

    package init() {}

    /// A keyframe is needed: whether to send a PLI now.
    package mutating func request(at now: UInt64, delay: Int) -> Bool {
        if delay > 0, let lastSent, now &- lastSent < UInt64(delay) {
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
    package mutating func keyFrameReceived() {
        pending = false
        retryOnTimeout = false
    }

    /// Whether a PLI is due now: a held request whose delay ended, or a
    /// pending one unanswered for ``retryMilliseconds`` that may go once more.
    package mutating func due(at now: UInt64, delay: Int) -> Bool {
        let sinceLastSent = lastSent.map { now &- $0 } ?? .max
        if held, sinceLastSent >= UInt64(max(delay, 0)) {
            held = false
            return request(at: now, delay: delay)
        }
        guard pending, sinceLastSent >= Self.retryMilliseconds else { return false }
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
    package func nextDeadline(delay: Int) -> UInt64? {
        guard let lastSent else { return nil }
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
