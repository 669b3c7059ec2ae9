/// The loss-based rate of GoogCC's classic send-side estimation: under 2%
/// loss it may rise by 8% a second; over 10% it falls by half the loss
/// fraction, at most once per 300 ms plus a round trip; in between it holds.
struct LossBasedControl {
    static let lowLoss = 0.02
    static let highLoss = 0.10

    private(set) var rate: Double
    let minRate: Double
    let maxRate: Double
    private var lastIncrease: Microseconds?
    private var lastDecrease: Microseconds?
    var roundTripTime: Microseconds = 100_000

    init(startRate: Double, minRate: Double, maxRate: Double) {
        rate = min(max(startRate, minRate), maxRate)
        self.minRate = minRate
        self.maxRate = maxRate
    }

    /// Applies the loss of one feedback's packets at `now`; `ceiling` bounds an increase (the delay-based rate).
    mutating func update(lossFraction: Double, ceiling: Double, now: Microseconds) {
        if lossFraction < Self.lowLoss {
            let elapsed = Double(now - (lastIncrease ?? now)) / 1_000_000
            lastIncrease = now
            rate = min(rate * (1 + 0.08 * min(elapsed, 1)) + 1000 * min(elapsed, 1), max(ceiling, rate))
        } else if lossFraction > Self.highLoss {
            let interval = 300_000 + roundTripTime
            if lastDecrease.map({ now - $0 >= interval }) ?? true {
                lastDecrease = now
                rate *= 1 - 0.5 * lossFraction
            }
        }
        rate = min(max(rate, minRate), maxRate)
    }
}
