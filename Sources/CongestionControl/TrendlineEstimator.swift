/// The delay-based detector of GoogCC: the slope of the queuing delay over
/// the last groups, against a threshold that adapts to the link.
///
/// Each pair of groups adds its delay variation (arrival delta minus send
/// delta) to an accumulated delay, smoothed; a least-squares line through the
/// last ``windowSize`` (arrival time, smoothed delay) points gives the trend.
/// The trend, scaled by the number of deltas seen (up to 60) and a gain of 4,
/// is compared with the threshold: above it for over 10 ms (and rising) is
/// overuse, below its negative is underuse. The threshold follows the signal
/// (up slowly, down fast) within 6 to 600, as libwebrtc's TrendlineEstimator.
struct TrendlineEstimator {
    static let windowSize = 20
    static let smoothing = 0.9
    static let thresholdGain = 4.0
    static let overusingTime = 10.0  // ms
    static let maxDeltas = 60
    static let upGain = 0.0087
    static let downGain = 0.039
    static let maxAdaptOffset = 15.0  // ms

    private(set) var usage: BandwidthUsage = .normal
    private(set) var threshold = 12.5
    private var accumulatedDelay = 0.0
    private var smoothedDelay = 0.0
    private var firstArrival: Microseconds?
    private var points: [(x: Double, y: Double)] = []
    private var deltaCount = 0
    private var previousTrend = 0.0
    private var timeOverUsing = -1.0
    private var overuseCount = 0
    private var lastThresholdUpdate: Microseconds?

    /// Takes one pair of groups' deltas; the usage it now detects.
    mutating func update(_ deltas: InterArrival.Deltas) -> BandwidthUsage {
        let sendDelta = Double(deltas.send) / 1000
        let delayVariation = Double(deltas.arrival - deltas.send) / 1000
        deltaCount = min(deltaCount + 1, 1000)
        accumulatedDelay += delayVariation
        smoothedDelay = Self.smoothing * smoothedDelay + (1 - Self.smoothing) * accumulatedDelay
        let first = firstArrival ?? deltas.arrivalTime
        firstArrival = first
        points.append((x: Double(deltas.arrivalTime - first) / 1000, y: smoothedDelay))
        if points.count > Self.windowSize { points.removeFirst() }
        var trend = previousTrend
        if points.count == Self.windowSize, let slope = Self.slope(points) { trend = slope }
        detect(trend: trend, sendDelta: sendDelta, now: deltas.arrivalTime)
        return usage
    }

    private mutating func detect(trend: Double, sendDelta: Double, now: Microseconds) {
        guard deltaCount >= 2 else { return }
        let modified = Double(min(deltaCount, Self.maxDeltas)) * trend * Self.thresholdGain
        if modified > threshold {
            timeOverUsing = timeOverUsing < 0 ? sendDelta / 2 : timeOverUsing + sendDelta
            overuseCount += 1
            if timeOverUsing > Self.overusingTime && overuseCount > 1 && trend >= previousTrend {
                timeOverUsing = 0
                overuseCount = 0
                usage = .overusing
            }
        } else if modified < -threshold {
            timeOverUsing = -1
            overuseCount = 0
            usage = .underusing
        } else {
            timeOverUsing = -1
            overuseCount = 0
            usage = .normal
        }
        previousTrend = trend
        adaptThreshold(modified, now: now)
    }

    private mutating func adaptThreshold(_ modified: Double, now: Microseconds) {
        let last = lastThresholdUpdate ?? now
        lastThresholdUpdate = now
        // A sudden spike (a route change) does not drag the threshold along.
        guard abs(modified) <= threshold + Self.maxAdaptOffset else { return }
        let gain = abs(modified) < threshold ? Self.downGain : Self.upGain
        let elapsed = min(Double(now - last) / 1000, 100)
        threshold = min(max(threshold + gain * (abs(modified) - threshold) * elapsed, 6), 600)
    }

    /// The least-squares slope of y over x; nil when x does not vary.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        let count = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / count
        let meanY = points.reduce(0) { $0 + $1.y } / count
        var numerator = 0.0
        var denominator = 0.0
        for point in points {
            numerator += (point.x - meanX) * (point.y - meanY)
            denominator += (point.x - meanX) * (point.x - meanX)
        }
        return denominator == 0 ? nil : numerator / denominator
    }
}

/// What the delay-based detector sees of the link.
public enum BandwidthUsage: Sendable, Hashable {
    /// Delay steady: the link carries what is sent.
    case normal
    /// Delay growing: a queue builds, sending is above the link's capacity.
    case overusing
    /// Delay shrinking: a queue drains.
    case underusing
}
