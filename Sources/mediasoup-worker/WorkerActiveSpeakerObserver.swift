import Mediasoup
import MediasoupChannel
import RTP

/// Reports the dominant speaker among its producers
/// (`activeSpeakerObserver.dominantSpeaker`), from the ssrc-audio-level
/// header extension of their audio RTP (``SpeakerActivity``), every interval
/// as mediasoup: with one producer it is the dominant speaker; with several,
/// a producer takes over when its speech activity beats the current
/// dominant speaker's on the three time scales. Each change is reported once.
final class WorkerActiveSpeakerObserver: WorkerRtpObserver {
    /// Milliseconds between checks, kept within 100...5000 as mediasoup.
    let interval: Int

    /// Levels older than this count as silence (ms).
    static let levelIdleMilliseconds: UInt64 = 40
    /// A speaker without levels for this long no longer competes (ms), unless dominant.
    static let speakerIdleMilliseconds: UInt64 = 60 * 60 * 1000

    private var speakers: [String: SpeakerActivity] = [:]
    private var dominantId: String?
    private var lastIdleCheck: UInt64 = 0

    init(id: String, router: WorkerRouter, payload: CreateActiveSpeakerObserverPayload) {
        self.interval = min(max(payload.interval, 100), 5000)
        super.init(id: id, router: router)
        startTimer(milliseconds: interval)
    }

    override func willAdd(_ producer: WorkerProducer) throws {
        guard producer.kind == .audio else { throw TypeError("not an audio Producer") }
    }

    override func didAdd(_ producer: WorkerProducer) {
        var speaker = SpeakerActivity(now: monotonicMilliseconds())
        speaker.paused = producer.paused
        speakers[producer.id] = speaker
    }

    override func didRemove(_ producerId: String) {
        speakers.removeValue(forKey: producerId)
        if producerId == dominantId {
            dominantId = nil
            tick()
        }
    }

    override func producerPausedChanged(_ producer: WorkerProducer) {
        speakers[producer.id]?.paused = producer.paused
    }

    override func receive(_ level: AudioLevelExtension, from producer: WorkerProducer, at now: UInt64) {
        speakers[producer.id]?.levelChanged(127 - Int(level.level), at: now)
    }

    override func didPause() { stopTimer() }
    override func didResume() { startTimer(milliseconds: interval) }

    override func tick() {
        let now = monotonicMilliseconds()
        if now &- lastIdleCheck >= Self.levelIdleMilliseconds {
            if lastIdleCheck != 0 { timeOutIdleLevels(at: now) }
            lastIdleCheck = now
        }
        guard let newDominant = electDominant(), newDominant != dominantId else { return }
        dominantId = newDominant
        runtime.notify(
            targetId: id, event: RtpObserverNotification.activeSpeakerDominantSpeaker,
            data: try? RtpObserverProducerPayload(producerId: newDominant).channelData())
    }

    /// The dominant speaker after this check; nil when it does not change
    /// (or there is none). Producers compete in the order they were added.
    private func electDominant() -> String? {
        let ids = producerIds.filter { speakers[$0] != nil }
        guard ids.count > 1 else { return ids.first }
        var newDominant: String?
        let incumbent: String
        if let dominantId, speakers[dominantId] != nil {
            incumbent = dominantId
        } else {
            incumbent = ids[0]
            newDominant = incumbent
        }
        speakers[incumbent]?.evaluateScores()
        guard let dominant = speakers[incumbent] else { return newDominant }
        var bestMedium = 2.0
        for id in ids where id != dominantId && speakers[id]?.paused == false {
            speakers[id]?.evaluateScores()
            guard let challenger = speakers[id], let medium = SpeakerActivity.challenge(challenger, over: dominant),
                medium > bestMedium
            else { continue }
            bestMedium = medium
            newDominant = id
        }
        return newDominant
    }

    /// Speakers without a level for 40 ms get a silent one; those without
    /// one for an hour stop competing (the dominant one excepted).
    private func timeOutIdleLevels(at now: UInt64) {
        for id in Array(speakers.keys) {
            guard let speaker = speakers[id] else { continue }
            let idle = now > speaker.lastLevelTime ? now - speaker.lastLevelTime : 0
            if idle > Self.speakerIdleMilliseconds, id != dominantId {
                speakers[id]?.paused = true
            } else if idle > Self.levelIdleMilliseconds {
                speakers[id]?.levelTimedOut(at: now)
            }
        }
    }
}
