import CongestionControl

/// A sender pacing 1,200-byte packets at the estimator's target through a
/// bottleneck link, and a receiver sending transport-cc feedback every 100 ms
/// (mediasoup's cadence), on a simulated clock.
///
/// The link is a FIFO at `capacity` bits per second with a queue limit (a
/// packet that would wait longer is dropped), then a one-way `delay`, with
/// random loss; each can change over time. Deterministic (a seeded
/// generator), so a scenario gives the same figures every run.
struct SimulatedLink {
    struct Conditions {
        var capacity: Double
        var delay: Microseconds = 25_000
        var loss: Double = 0
    }

    static let packetSize = 1200
    static let feedbackInterval: Microseconds = 100_000
    static let queueLimit: Microseconds = 500_000

    var conditions: (Microseconds) -> Conditions
    var estimator: SendSideBandwidthEstimator
    private var random = SeededRandom(seed: 7)

    /// The target every 100 ms: (time, bits per second).
    private(set) var targets: [(time: Microseconds, bitrate: Double)] = []
    /// Queuing delay of each packet that got through: (send time, delay).
    private(set) var queueing: [(time: Microseconds, delay: Microseconds)] = []

    init(start: Double, conditions: @escaping (Microseconds) -> Conditions) {
        self.conditions = conditions
        estimator = SendSideBandwidthEstimator(.init(startBitrate: start))
    }

    /// Runs the sender, link and receiver from time 0 until `end`.
    mutating func run(until end: Microseconds) {
        var now: Microseconds = 0
        var nextSend = now
        var sequence: Int64 = 0
        var linkFreeAt: Microseconds = 0
        var unreported: [(packet: SentPacket, arrival: Microseconds?)] = []
        var nextFeedback = now + Self.feedbackInterval
        var pendingReports: [FeedbackReport] = []
        while now < end {
            // The earliest of: the next send, the next feedback, the next report's arrival.
            let nextReport = pendingReports.first?.arrivalTime ?? .max
            now = min(nextSend, nextFeedback, nextReport)
            if now == nextReport {
                estimator.feedback(pendingReports.removeFirst())
                continue
            }
            if now == nextFeedback {
                // Every packet up to the newest one that arrived by now is reported.
                if let last = unreported.lastIndex(where: { ($0.arrival ?? .max) <= now }) {
                    let results = unreported[...last].map { PacketResult(sent: $0.packet, receiveTime: $0.arrival) }
                    unreported.removeFirst(last + 1)
                    pendingReports.append(
                        FeedbackReport(arrivalTime: now + conditions(now).delay, results: Array(results)))
                }
                targets.append((now, estimator.targetBitrate))
                nextFeedback += Self.feedbackInterval
                continue
            }
            sequence += 1
            let packet = SentPacket(sequenceNumber: sequence, sendTime: now, size: Self.packetSize)
            let link = conditions(now)
            var arrival: Microseconds?
            let wait = max(linkFreeAt - now, 0)
            if random.next() >= link.loss && wait <= Self.queueLimit {
                let departure = max(now, linkFreeAt) + Microseconds(Double(Self.packetSize * 8) / link.capacity * 1e6)
                linkFreeAt = departure
                arrival = departure + link.delay
                queueing.append((now, wait))
            }
            unreported.append((packet, arrival))
            nextSend = now + Microseconds(Double(Self.packetSize * 8) / estimator.targetBitrate * 1e6)
        }
    }

    /// The mean target over [from, to).
    func meanTarget(from: Microseconds, to: Microseconds) -> Double {
        let window = targets.filter { $0.time >= from && $0.time < to }
        return window.reduce(0) { $0 + $1.bitrate } / Double(max(window.count, 1))
    }

    /// The first time at or after `from` when the target was below `bitrate`.
    func firstTime(after from: Microseconds, below bitrate: Double) -> Microseconds? {
        targets.first { $0.time >= from && $0.bitrate < bitrate }?.time
    }

    /// The first time at or after `from` when the target was above `bitrate`.
    func firstTime(after from: Microseconds, above bitrate: Double) -> Microseconds? {
        targets.first { $0.time >= from && $0.bitrate > bitrate }?.time
    }

    /// The targets once a second, in kbit/s, for a failure's message.
    var trace: String {
        targets.filter { $0.time % 1_000_000 == 0 }.map { "\($0.time / 1_000_000)s:\(Int($0.bitrate / 1000))" }
            .joined(separator: " ")
    }
}

/// A small deterministic generator of numbers in [0, 1) (SplitMix64).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
