import Mediasoup
import MediasoupChannel
import MediaEngine
import RTP

/// Reports the loudest producers' volumes every interval
/// (`audioLevelObserver.volumes`) or silence (`audioLevelObserver.silence`),
/// from the ssrc-audio-level header extension (RFC 6464) of their audio RTP,
/// as ``AudioLevelReport`` decides.
final class WorkerAudioLevelObserver: WorkerRtpObserver {
    /// Milliseconds between reports, kept within 250...5000 as mediasoup.
    let interval: Int
    private var report: AudioLevelReport

    init(id: String, router: WorkerRouter, payload: CreateAudioLevelObserverPayload) throws {
        guard payload.maxEntries >= 1 else { throw TypeError("invalid maxEntries value \(payload.maxEntries)") }
        guard payload.threshold <= 0, payload.threshold >= -127 else {
            throw TypeError("invalid threshold value \(payload.threshold)")
        }
        self.report = AudioLevelReport(maxEntries: payload.maxEntries, threshold: payload.threshold)
        self.interval = min(max(payload.interval, 250), 5000)
        super.init(id: id, router: router)
        startTimer(milliseconds: interval)
    }

    override func willAdd(_ producer: WorkerProducer) throws {
        guard producer.kind == .audio else { throw TypeError("not an audio Producer") }
    }

    override func didRemove(_ producerId: String) {
        report.forget(producerId)
    }

    /// A producer that pauses loses what it sent in the current interval.
    override func producerPausedChanged(_ producer: WorkerProducer) {
        report.forget(producer.id)
    }

    override func receive(_ level: AudioLevelExtension, from producer: WorkerProducer, at now: UInt64) {
        report.level(level.level, from: producer.id)
    }

    override func didPause() {
        stopTimer()
        send(report.pause())
    }

    override func didResume() {
        startTimer(milliseconds: interval)
    }

    /// The end of an interval: report, then start the next one afresh.
    override func tick() {
        send(report.endInterval(producerIds: producerIds))
    }

    private func send(_ report: AudioLevelReport.Report?) {
        switch report {
        case .volumes(let volumes)?:
            runtime.notify(
                targetId: id, event: RtpObserverNotification.audioLevelVolumes,
                data: try? AudioLevelVolumesPayload(
                    volumes: volumes.map { .init(producerId: $0.producerId, volume: $0.volume) }
                ).channelData())
        case .silence?:
            runtime.notify(targetId: id, event: RtpObserverNotification.audioLevelSilence)
        case nil:
            break
        }
    }
}
