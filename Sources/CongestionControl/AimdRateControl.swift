#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The delay-based rate of GoogCC: additive increase, multiplicative
/// decrease, driven by the detector's ``BandwidthUsage``.
///
/// Overuse cuts the rate to 0.85 of the acknowledged bitrate (what got
/// through) and remembers that as the link's capacity; then it holds until
/// the delay is normal again. Normal delay raises the rate: by 8% a second
/// while far from the capacity last found, by about one packet per response
/// time (RTT + 100 ms) near it. Underuse holds (a queue drains).
struct AimdRateControl {
    enum State { case hold, increase, decrease }

    static let beta = 0.85
    static let multiplicativeGainPerSecond = 0.08

    private(set) var rate: Double
    private(set) var state = State.increase
    let minRate: Double
    let maxRate: Double
    /// The link's capacity found at the last decreases (average and variance, in kbit/s as libwebrtc keeps them).
    private var capacity: (average: Double, variance: Double)?
    private var lastUpdate: Microseconds?
    var roundTripTime: Microseconds = 100_000

    init(startRate: Double, minRate: Double, maxRate: Double) {
        rate = min(max(startRate, minRate), maxRate)
        self.minRate = minRate
        self.maxRate = maxRate
    }

    /// Applies the detector's latest verdict at `now`, given the acknowledged bitrate; the new rate.
    @discardableResult
    mutating func update(_ usage: BandwidthUsage, acknowledged: Double?, now: Microseconds) -> Double {
        let elapsed = Double(now - (lastUpdate ?? now)) / 1_000_000
        lastUpdate = now
        switch (usage, state) {
        case (.overusing, _): state = .decrease
        case (.underusing, _): state = .hold
        case (.normal, .hold): state = .increase
        case (.normal, .decrease): state = .hold
        case (.normal, .increase): break
        }
        switch state {
        case .hold:
            break
        case .increase:
            if let acknowledged, rate > 1.5 * acknowledged + 10_000 { break }  // far above what gets through: wait
            rate += isNearCapacity ? additiveIncrease(elapsed) : multiplicativeIncrease(elapsed)
        case .decrease:
            let through = acknowledged ?? rate
            rate = min(rate, Self.beta * through)
            noteCapacity(kbps: through / 1000)
            state = .hold
        }
        rate = min(max(rate, minRate), maxRate)
        return rate
    }

    /// Within three standard deviations of the capacity last found.
    private var isNearCapacity: Bool {
        guard let capacity else { return false }
        let deviation = (capacity.variance * capacity.average).squareRoot()
        return rate / 1000 < capacity.average + 3 * deviation
    }

    private func multiplicativeIncrease(_ elapsed: Double) -> Double {
        max(rate * (pow(1 + Self.multiplicativeGainPerSecond, min(elapsed, 1)) - 1), 1000 * min(elapsed, 1))
    }

    /// About one packet per response time: the packet size a 30 fps stream at this rate sends.
    private func additiveIncrease(_ elapsed: Double) -> Double {
        let bitsPerFrame = rate / 30
        let packetsPerFrame = (bitsPerFrame / (1200 * 8)).rounded(.up)
        let packetBits = bitsPerFrame / max(packetsPerFrame, 1)
        let responseTime = Double(roundTripTime + 100_000) / 1_000_000
        return max(4000, packetBits / responseTime) * min(elapsed, 1)
    }

    private mutating func noteCapacity(kbps: Double) {
        guard var found = capacity else {
            capacity = (kbps, 0.4)
            return
        }
        // A drop far below the average means the link changed: start over.
        if kbps < found.average - 3 * (found.variance * found.average).squareRoot() {
            capacity = (kbps, 0.4)
            return
        }
        found.average = 0.95 * found.average + 0.05 * kbps
        let normalized = max(found.average, 1)
        found.variance = min(max(0.95 * found.variance + 0.05 * (found.average - kbps) * (found.average - kbps) / normalized, 0.4), 2.5)
        capacity = found
    }
}
