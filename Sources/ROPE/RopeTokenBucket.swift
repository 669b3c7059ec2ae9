/// A token bucket with injected time: `rate` tokens a second, at most
/// `capacity` saved up. Sans-I/O: the caller says when it is.
struct RopeTokenBucket: Sendable {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(rate: Int, capacity: Int, now: ContinuousClock.Instant) {
        self.rate = Double(max(rate, 1))
        self.capacity = Double(max(capacity, 1))
        self.tokens = self.capacity
        self.last = now
    }

    /// Takes a token at `now`: nil when there was one, else how long until
    /// there will be (nothing is taken then).
    mutating func take(at now: ContinuousClock.Instant) -> Duration? {
        let elapsed = last.duration(to: now)
        if elapsed > .zero {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            tokens = min(capacity, tokens + seconds * rate)
            last = now
        }
        guard tokens < 1 else {
            tokens -= 1
            return nil
        }
        return .nanoseconds(Int64(((1 - tokens) / rate * 1e9).rounded(.up)))
    }
}
