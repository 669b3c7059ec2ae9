import Mediasoup
import MediasoupChannel
import RTP

/// Reports the loudest producers' volumes every interval
/// (`audioLevelObserver.volumes`) or silence (`audioLevelObserver.silence`),
/// from the ssrc-audio-level header extension (RFC 6464) of their audio RTP.
///
/// mediasoup's rule (AudioLevelObserver.cpp): every interval, a producer
/// that sent at least 10 packets with a level has the mean of their levels
/// (in whole -dBov, the integer quotient) as its volume in dBov; those at or
/// above the threshold are reported, loudest first, at most maxEntries; when
/// none is, `silence` is reported once (until volumes are reported again).
/// Pausing the observer reports `silence` if volumes were the last report.
final class WorkerAudioLevelObserver: WorkerRtpObserver {
    let maxEntries: Int
    /// dBov, from -127 to 0.
    let threshold: Double
    /// Milliseconds between reports, kept within 250...5000 as mediasoup.
    let interval: Int

    /// Fewest packets with a level a producer sends in an interval to be reported.
    static let minimumPackets = 10

    /// Sum of the levels (-dBov) received in the current interval, and their count.
    private struct Levels {
        var sum = 0
        var count = 0
    }
    private var levels: [String: Levels] = [:]
    /// Whether the last report was silence (true before any).
    private var silent = true

    init(id: String, router: WorkerRouter, payload: CreateAudioLevelObserverPayload) throws {
        guard payload.maxEntries >= 1 else { throw TypeError("invalid maxEntries value \(payload.maxEntries)") }
        guard payload.threshold <= 0, payload.threshold >= -127 else {
            throw TypeError("invalid threshold value \(payload.threshold)")
        }
        self.maxEntries = payload.maxEntries
        self.threshold = payload.threshold
        self.interval = min(max(payload.interval, 250), 5000)
        super.init(id: id, router: router)
        startTimer(milliseconds: interval)
    }

    override func willAdd(_ producer: WorkerProducer) throws {
        guard producer.kind == .audio else { throw TypeError("not an audio Producer") }
    }

    override func didRemove(_ producerId: String) {
        levels.removeValue(forKey: producerId)
    }

    /// A producer that pauses loses what it sent in the current interval.
    override func producerPausedChanged(_ producer: WorkerProducer) {
        levels.removeValue(forKey: producer.id)
    }

    override func receive(_ level: AudioLevelExtension, from producer: WorkerProducer, at now: UInt64) {
        levels[producer.id, default: Levels()].sum += Int(level.level)
        levels[producer.id, default: Levels()].count += 1
    }

    override func didPause() {
        stopTimer()
        levels.removeAll()
        reportSilence()
    }

    override func didResume() {
        startTimer(milliseconds: interval)
    }

    /// The end of an interval: report, then start the next one afresh.
    override func tick() {
        var volumes: [AudioLevelVolumesPayload.Volume] = []
        for producerId in producerIds {
            guard let entry = levels[producerId], entry.count >= Self.minimumPackets else { continue }
            let volume = -Double(entry.sum / entry.count)
            if volume >= threshold { volumes.append(.init(producerId: producerId, volume: volume)) }
        }
        levels.removeAll(keepingCapacity: true)
        guard !volumes.isEmpty else {
            reportSilence()
            return
        }
        silent = false
        let loudest = volumes.enumerated().sorted { lhs, rhs in
            lhs.element.volume != rhs.element.volume ? lhs.element.volume > rhs.element.volume : lhs.offset < rhs.offset
        }.prefix(maxEntries).map(\.element)
        runtime.notify(
            targetId: id, event: RtpObserverNotification.audioLevelVolumes,
            data: try? AudioLevelVolumesPayload(volumes: loudest).channelData())
    }

    private func reportSilence() {
        guard !silent else { return }
        silent = true
        runtime.notify(targetId: id, event: RtpObserverNotification.audioLevelSilence)
    }
}
