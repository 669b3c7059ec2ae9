#if canImport(Glibc)
import Glibc
#endif

// Dominant speaker identification from audio levels, the method of Volfin
// and Cohen ("Dominant Speaker Identification for Multipoint
// Videoconferencing", IEEE 2012) with the parameters and details of
// mediasoup's ActiveSpeakerObserver (itself after Jitsi's
// DominantSpeakerIdentification). Sans-I/O: levels and times in, scores and
// decisions out.
//
// Each speaker keeps its last second of levels (one per 20 ms). Three time
// scales are scored: "immediates" (each level quantised to 0...12 above an
// adaptive noise floor), "mediums" (per 100 ms, how many immediates exceed
// 7) and "longs" (per second, how many mediums exceed 4). A score is the
// log-likelihood ratio of speech over non-speech for the latest value of
// that scale. A challenger replaces the dominant speaker when all three of
// its log score ratios exceed 3, 2 and 0 (the medium one being the largest
// among challengers).

/// The speech activity of one speaker.
package struct SpeakerActivity {
    package static let levelsPerSecond = 50
    package static let immediatesPerMedium = 5
    package static let mediumsPerLong = 10
    /// Width of one immediate step: (127 + 13 - 1) / 13.
    package static let immediateStep = 10
    package static let mediumThreshold = 7
    package static let longThreshold = 4
    /// Levels (each 20 ms) seen before the noise floor may move up: 15 s.
    package static let noiseFloorWindow = 750
    package static let minimumScore = 1e-10

    /// Set by the observer: a paused producer, or one idle for an hour.
    package var paused = false
    /// When the last level arrived (monotonic ms).
    package private(set) var lastLevelTime: UInt64
    package private(set) var immediateScore = SpeakerActivity.minimumScore
    package private(set) var mediumScore = SpeakerActivity.minimumScore
    package private(set) var longScore = SpeakerActivity.minimumScore

    /// The last second of levels, a ring written at `nextLevel`.
    private var levels = [UInt8](repeating: 0, count: SpeakerActivity.levelsPerSecond)
    private var nextLevel = 0
    /// Most recent first.
    private var immediates = [UInt8](repeating: 0, count: SpeakerActivity.levelsPerSecond)
    private var mediums = [UInt8](repeating: 0, count: SpeakerActivity.mediumsPerLong)
    private var long: UInt8 = 0
    /// The noise floor (lowest non-zero level), and the candidate that may replace it.
    private var noiseFloor: UInt8 = 0
    private var nextNoiseFloor: UInt8 = 0
    private var nextNoiseFloorCount = 0

    package init(now: UInt64) { lastLevelTime = now }

    /// A level arrived: loudness 0 (silence) to 127, i.e. 127 minus the
    /// RFC 6464 -dBov value. A gap of more than 20 ms since the last one
    /// repeats it for each 20 ms elapsed (ptime above 20 ms, DTX, pauses).
    package mutating func levelChanged(_ loudness: Int, at now: UInt64) {
        guard lastLevelTime <= now else { return }
        let elapsed = now - lastLevelTime
        lastLevelTime = now
        let level = UInt8(min(max(loudness, 0), 127))
        let repeats = min(max(Int(elapsed / 20), 1), Self.levelsPerSecond)
        for _ in 0..<repeats {
            levels[nextLevel] = level
            nextLevel = (nextLevel + 1) % Self.levelsPerSecond
        }
        updateNoiseFloor(level)
    }

    /// No level for a while: counts as silence.
    package mutating func levelTimedOut(at now: UInt64) { levelChanged(0, at: now) }

    /// Recomputes the scores of the scales whose values changed.
    package mutating func evaluateScores() {
        guard computeImmediates() else { return }
        immediateScore = Self.score(Int(immediates[0]), outOf: 13, lambda: 0.78)
        guard computeMediums() else { return }
        mediumScore = Self.score(Int(mediums[0]), outOf: 5, lambda: 24)
        guard computeLong() else { return }
        longScore = Self.score(Int(long), outOf: 10, lambda: 47)
    }

    /// Whether `challenger` takes over from `dominant`, and its medium log ratio.
    package static func challenge(_ challenger: SpeakerActivity, over dominant: SpeakerActivity) -> Double? {
        let c1 = log(challenger.immediateScore / dominant.immediateScore)
        let c2 = log(challenger.mediumScore / dominant.mediumScore)
        let c3 = log(challenger.longScore / dominant.longScore)
        return c1 > 3 && c2 > 2 && c3 > 0 ? c2 : nil
    }

    private mutating func computeImmediates() -> Bool {
        // In 8-bit signed arithmetic, as mediasoup and Jitsi: a floor above
        // 117 wraps around and filters nothing.
        let floor = Int(Int8(truncatingIfNeeded: Int(noiseFloor) + Self.immediateStep))
        var changed = false
        for index in 0..<Self.levelsPerSecond {
            let ring = (nextLevel - index - 1 + Self.levelsPerSecond) % Self.levelsPerSecond
            let level = Int(levels[ring]) < floor ? 0 : levels[ring]
            let immediate = level / UInt8(Self.immediateStep)
            if immediates[index] != immediate {
                immediates[index] = immediate
                changed = true
            }
        }
        return changed
    }

    private mutating func computeMediums() -> Bool {
        var changed = false
        for index in mediums.indices {
            let group = immediates[(index * Self.immediatesPerMedium)..<((index + 1) * Self.immediatesPerMedium)]
            let count = UInt8(group.count(where: { Int($0) > Self.mediumThreshold }))
            if mediums[index] != count {
                mediums[index] = count
                changed = true
            }
        }
        return changed
    }

    private mutating func computeLong() -> Bool {
        let count = UInt8(mediums.count(where: { Int($0) > Self.longThreshold }))
        guard count != long else { return false }
        long = count
        return true
    }

    /// The noise floor follows the lowest non-zero level at once downwards,
    /// and upwards to the geometric mean of it and the lowest level of the
    /// last 15 s.
    private mutating func updateNoiseFloor(_ level: UInt8) {
        guard level != 0 else { return }
        if noiseFloor == 0 || noiseFloor > level {
            noiseFloor = level
            nextNoiseFloor = 0
            nextNoiseFloorCount = 0
        } else if nextNoiseFloor == 0 {
            nextNoiseFloor = level
            nextNoiseFloorCount = 1
        } else {
            nextNoiseFloor = min(nextNoiseFloor, level)
            nextNoiseFloorCount += 1
            if nextNoiseFloorCount >= Self.noiseFloorWindow {
                let mean = (Double(noiseFloor) * Double(nextNoiseFloor)).squareRoot()
                noiseFloor = UInt8(min(max(mean, 0), 127))
                nextNoiseFloor = 0
                nextNoiseFloorCount = 0
            }
        }
    }

    /// log(C(n, v)) + v·log(p) + (n − v)·log(1 − p) − log(λ) + λ·v with p = ½,
    /// at least ``minimumScore``.
    package static func score(_ value: Int, outOf n: Int, lambda: Double) -> Double {
        let v = min(max(value, 0), n)
        let score = log(binomial(n, v)) + Double(n) * log(0.5) - log(lambda) + lambda * Double(v)
        return max(score, minimumScore)
    }

    private static func binomial(_ n: Int, _ k: Int) -> Double {
        var result = 1.0
        for step in 0..<min(k, n - k) { result = result * Double(n - step) / Double(step + 1) }
        return result
    }
}
