/// The dominant speaker among an ActiveSpeakerObserver's producers, as
/// mediasoup elects it: with one producer it is the dominant speaker; with
/// several, a producer takes over when its speech activity
/// (``SpeakerActivity``) beats the current dominant speaker's on the three
/// time scales. Sans-I/O: producers, levels and ticks come in with their
/// times; a change of dominant speaker comes out, once.
package struct DominantSpeakerElection: Sendable {
    /// Levels older than this count as silence (ms).
    package static let levelIdleMilliseconds: UInt64 = 40
    /// A speaker without levels for this long no longer competes (ms), unless dominant.
    package static let speakerIdleMilliseconds: UInt64 = 60 * 60 * 1000

    /// The competing producers, in the order they were added.
    private var order: [String] = []
    private var speakers: [String: SpeakerActivity] = [:]
    package private(set) var dominant: String?
    private var lastIdleCheck: UInt64 = 0

    package init() {}

    /// A producer joins (paused or not).
    package mutating func add(_ producerId: String, paused: Bool, at now: UInt64) {
        if speakers[producerId] == nil { order.append(producerId) }
        var speaker = SpeakerActivity(now: now)
        speaker.paused = paused
        speakers[producerId] = speaker
    }

    /// A producer leaves; when it was the dominant speaker, another is
    /// elected at once: returns the new one (nil when none, or no change).
    package mutating func remove(_ producerId: String, at now: UInt64) -> String? {
        speakers.removeValue(forKey: producerId)
        order.removeAll { $0 == producerId }
        guard producerId == dominant else { return nil }
        dominant = nil
        return tick(at: now)
    }

    package mutating func setPaused(_ producerId: String, _ paused: Bool) {
        speakers[producerId]?.paused = paused
    }

    /// An audio level (RFC 6464: 0 is loudest, 127 silence) from a producer.
    package mutating func level(_ level: UInt8, from producerId: String, at now: UInt64) {
        speakers[producerId]?.levelChanged(127 - Int(min(level, 127)), at: now)
    }

    /// The observer's interval ended: returns the new dominant speaker, or
    /// nil when it does not change (or there is none).
    package mutating func tick(at now: UInt64) -> String? {
        if now &- lastIdleCheck >= Self.levelIdleMilliseconds {
            if lastIdleCheck != 0 { timeOutIdleLevels(at: now) }
            lastIdleCheck = now
        }
        guard let elected = elect(), elected != dominant else { return nil }
        dominant = elected
        return elected
    }

    /// The dominant speaker after this check; nil when it does not change
    /// (or there is none). Producers compete in the order they were added.
    private mutating func elect() -> String? {
        guard order.count > 1 else { return order.first }
        var newDominant: String?
        let incumbent: String
        if let dominant, speakers[dominant] != nil {
            incumbent = dominant
        } else {
            incumbent = order[0]
            newDominant = incumbent
        }
        speakers[incumbent]?.evaluateScores()
        guard let current = speakers[incumbent] else { return newDominant }
        var bestMedium = 2.0
        for id in order where id != dominant && speakers[id]?.paused == false {
            speakers[id]?.evaluateScores()
            guard let challenger = speakers[id], let medium = SpeakerActivity.challenge(challenger, over: current),
                medium > bestMedium
            else { continue }
            bestMedium = medium
            newDominant = id
        }
        return newDominant
    }

    /// Speakers without a level for 40 ms get a silent one; those without
    /// one for an hour stop competing (the dominant one excepted).
    private mutating func timeOutIdleLevels(at now: UInt64) {
        for id in order {
            guard let speaker = speakers[id] else { continue }
            let idle = now > speaker.lastLevelTime ? now - speaker.lastLevelTime : 0
            if idle > Self.speakerIdleMilliseconds, id != dominant {
                speakers[id]?.paused = true
            } else if idle > Self.levelIdleMilliseconds {
                speakers[id]?.levelTimedOut(at: now)
            }
        }
    }
}
