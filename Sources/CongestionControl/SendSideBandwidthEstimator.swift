/// The send side's estimate of what a transport's link carries, from the
/// transport-cc feedback the peer sends about our packets: GoogCC's two
/// halves in a sans-I/O core (feedback and time in, a bitrate out).
///
/// The delay-based half groups packets (``InterArrival``), finds the trend
/// of the queuing delay (``TrendlineEstimator``) and moves a rate with
/// additive increase and multiplicative decrease (``AimdRateControl``). The
/// loss-based half (``LossBasedControl``) lowers the rate when over 10% of
/// packets are lost. The target is the lower of the two, within the bounds.
/// Not here yet: probing (padding or RTX bursts to climb faster), the
/// application-limited region, ALR.
public struct SendSideBandwidthEstimator: Sendable {
    /// Bounds and start, in bits per second.
    public struct Configuration: Sendable {
        /// Where the estimate starts.
        public var startBitrate: Double
        /// The estimate never goes below this.
        public var minBitrate: Double
        /// The estimate never goes above this.
        public var maxBitrate: Double

        /// mediasoup's defaults: `initialAvailableOutgoingBitrate` 600 kbit/s, 30 kbit/s at least.
        public init(startBitrate: Double = 600_000, minBitrate: Double = 30_000, maxBitrate: Double = 100_000_000) {
            self.startBitrate = startBitrate
            self.minBitrate = minBitrate
            self.maxBitrate = maxBitrate
        }
    }

    private var interArrival = InterArrival()
    private var trendline = TrendlineEstimator()
    private var acknowledged = AcknowledgedBitrate()
    private var delayBased: AimdRateControl
    private var lossBased: LossBasedControl

    /// An estimator starting at the configuration's start bitrate.
    public init(_ configuration: Configuration = Configuration()) {
        delayBased = AimdRateControl(
            startRate: configuration.startBitrate, minRate: configuration.minBitrate,
            maxRate: configuration.maxBitrate)
        lossBased = LossBasedControl(
            startRate: configuration.startBitrate, minRate: configuration.minBitrate,
            maxRate: configuration.maxBitrate)
    }

    /// The bitrate to send at now: the lower of the delay-based and loss-based rates.
    public var targetBitrate: Double { min(delayBased.rate, lossBased.rate) }
    /// The delay-based rate alone.
    public var delayBasedBitrate: Double { delayBased.rate }
    /// The loss-based rate alone.
    public var lossBasedBitrate: Double { lossBased.rate }
    /// What the delay-based detector last saw.
    public var usage: BandwidthUsage { trendline.usage }
    /// What the peer received per second over the last half second; nil before enough feedback.
    public var acknowledgedBitrate: Double? { acknowledged.bitrate }

    /// The round trip time, from RTCP (it paces the rates' reactions).
    public mutating func roundTripTime(_ rtt: Microseconds) {
        delayBased.roundTripTime = rtt
        lossBased.roundTripTime = rtt
    }

    /// Takes one feedback's report; the new target bitrate.
    @discardableResult
    public mutating func feedback(_ report: FeedbackReport) -> Double {
        guard !report.results.isEmpty else { return targetBitrate }
        let received = report.received
        acknowledged.add(received)
        var usage = trendline.usage
        for result in received {
            guard let arrival = result.receiveTime,
                let deltas = interArrival.add(sendTime: result.sent.sendTime, arrivalTime: arrival, size: result.sent.size)
            else { continue }
            usage = trendline.update(deltas)
        }
        delayBased.update(usage, acknowledged: acknowledged.bitrate, now: report.arrivalTime)
        let lost = report.results.count - received.count
        lossBased.update(
            lossFraction: Double(lost) / Double(report.results.count), ceiling: delayBased.rate,
            now: report.arrivalTime)
        return targetBitrate
    }
}
