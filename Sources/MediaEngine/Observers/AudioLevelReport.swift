/// What an AudioLevelObserver reports each interval, by mediasoup's rule
/// (AudioLevelObserver.cpp): a producer that sent at least
/// ``minimumPackets`` packets with a level has the mean of their levels (in
/// whole -dBov, the integer quotient) as its volume in dBov; those at or
/// above the threshold are reported, loudest first, at most `maxEntries`;
/// when none is, `silence` is reported once (until volumes are reported
/// again). Sans-I/O: levels and interval ends in, reports out.
package struct AudioLevelReport: Sendable {
    /// One producer's volume in dBov.
    package struct Volume: Equatable, Sendable {
        package var producerId: String
        package var volume: Double

        package init(producerId: String, volume: Double) {
            self.producerId = producerId
            self.volume = volume
        }
    }

    /// The report at the end of an interval.
    package enum Report: Equatable, Sendable {
        case volumes([Volume])
        case silence
    }

    /// Fewest packets with a level a producer sends in an interval to be reported.
    package static let minimumPackets = 10

    package let maxEntries: Int
    /// dBov, from -127 to 0.
    package let threshold: Double

    /// Sum of the levels (-dBov) received in the current interval, and their count.
    private struct Levels {
        var sum = 0
        var count = 0
    }
    private var levels: [String: Levels] = [:]
    /// Whether the last report was silence (true before any).
    private var silent = true

    package init(maxEntries: Int, threshold: Double) {
        self.maxEntries = maxEntries
        self.threshold = threshold
    }

    /// An audio level (RFC 6464: -dBov, 0 loudest) from a producer.
    package mutating func level(_ level: UInt8, from producerId: String) {
        levels[producerId, default: Levels()].sum += Int(level)
        levels[producerId, default: Levels()].count += 1
    }

    /// A producer that leaves or pauses loses what it sent in the current interval.
    package mutating func forget(_ producerId: String) {
        levels.removeValue(forKey: producerId)
    }

    /// The end of an interval over `producerIds` (in the order they were
    /// added): the report, or nil when silence was already the last one. The
    /// next interval starts afresh.
    package mutating func endInterval(producerIds: [String]) -> Report? {
        var volumes: [Volume] = []
        for producerId in producerIds {
            guard let entry = levels[producerId], entry.count >= Self.minimumPackets else { continue }
            let volume = -Double(entry.sum / entry.count)
            if volume >= threshold { volumes.append(Volume(producerId: producerId, volume: volume)) }
        }
        levels.removeAll(keepingCapacity: true)
        guard !volumes.isEmpty else { return reportSilence() }
        silent = false
        let loudest = volumes.enumerated().sorted { lhs, rhs in
            lhs.element.volume != rhs.element.volume ? lhs.element.volume > rhs.element.volume : lhs.offset < rhs.offset
        }.prefix(maxEntries).map(\.element)
        return .volumes(loudest)
    }

    /// The observer pauses: what was received is dropped, and silence is
    /// reported if volumes were the last report.
    package mutating func pause() -> Report? {
        levels.removeAll()
        return reportSilence()
    }

    private mutating func reportSilence() -> Report? {
        guard !silent else { return nil }
        silent = true
        return .silence
    }
}
