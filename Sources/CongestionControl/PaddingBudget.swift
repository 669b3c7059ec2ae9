/// How many bytes of padding a transport sends, at each tick of a timer, so
/// that what it sends reaches a target bitrate: the probing that lets the
/// estimate climb while the consumers send less than it (the estimator does
/// not raise its rate far above what is acknowledged, so a consumer held to
/// a low layer would otherwise never learn that the link carries more), as
/// libwebrtc's pacer pads for mediasoup.
///
/// Media sent counts first; padding makes up the rest. What is owed is
/// bounded both ways: a burst of media (a keyframe) delays padding by at most
/// ``maxAhead``, and a pause of the timer never causes more than
/// ``maxBurst`` worth at once.
public struct PaddingBudget: Sendable {
    /// The most padding sent at one tick, as time at the target bitrate.
    public static let maxBurst: Microseconds = 50_000
    /// The most media sent beyond the target that postpones padding, as time at the target bitrate.
    public static let maxAhead: Microseconds = 100_000

    private var lastTick: Microseconds?
    /// Bytes owed (negative: media went ahead).
    private var owed = 0.0

    /// A budget that starts at its first tick.
    public init() {}

    /// The timer ticked at `now`; `mediaBytes` were sent since the last tick,
    /// and the target is `targetBitrate` (0: no padding). Returns the bytes of padding to send now.
    public mutating func tick(at now: Microseconds, targetBitrate: Int, mediaBytes: Int) -> Int {
        defer { lastTick = now }
        guard let lastTick, now > lastTick, targetBitrate > 0 else {
            owed = 0
            return 0
        }
        let bytesPerMicrosecond = Double(targetBitrate) / 8 / 1_000_000
        owed += Double(now - lastTick) * bytesPerMicrosecond - Double(mediaBytes)
        owed = min(
            max(owed, -Double(Self.maxAhead) * bytesPerMicrosecond), Double(Self.maxBurst) * bytesPerMicrosecond)
        guard owed >= 1 else { return 0 }
        let bytes = Int(owed)
        owed -= Double(bytes)
        return bytes
    }
}
