import Mediasoup
import MediasoupChannel
import MediaEngine
import RTP

/// Reports the dominant speaker among its producers
/// (`activeSpeakerObserver.dominantSpeaker`), from the ssrc-audio-level
/// header extension of their audio RTP, every interval, as
/// ``DominantSpeakerElection`` decides. Each change is reported once.
final class WorkerActiveSpeakerObserver: WorkerRtpObserver {
    /// Milliseconds between checks, kept within 100...5000 as mediasoup.
    let interval: Int

    private var election = DominantSpeakerElection()

    init(id: String, router: WorkerRouter, payload: CreateActiveSpeakerObserverPayload) {
        self.interval = min(max(payload.interval, 100), 5000)
        super.init(id: id, router: router)
        startTimer(milliseconds: interval)
    }

    override func willAdd(_ producer: WorkerProducer) throws {
        guard producer.kind == .audio else { throw TypeError("not an audio Producer") }
    }

    override func didAdd(_ producer: WorkerProducer) {
        election.add(producer.id, paused: producer.paused, at: monotonicMilliseconds())
    }

    override func didRemove(_ producerId: String) {
        report(election.remove(producerId, at: monotonicMilliseconds()))
    }

    override func producerPausedChanged(_ producer: WorkerProducer) {
        election.setPaused(producer.id, producer.paused)
    }

    override func receive(_ level: AudioLevelExtension, from producer: WorkerProducer, at now: UInt64) {
        election.level(level.level, from: producer.id, at: now)
    }

    override func didPause() { stopTimer() }
    override func didResume() { startTimer(milliseconds: interval) }

    override func tick() {
        report(election.tick(at: monotonicMilliseconds()))
    }

    private func report(_ newDominant: String?) {
        guard let newDominant else { return }
        runtime.notify(
            targetId: id, event: RtpObserverNotification.activeSpeakerDominantSpeaker,
            data: try? RtpObserverProducerPayload(producerId: newDominant).channelData())
    }
}
