import Mediasoup
import MediasoupChannel
import NIOCore
import RTP

/// An RTP observer inside the worker: watches the audio of some producers of
/// its router. The two kinds subclass it and differ in what they report.
class WorkerRtpObserver: RequestHandler {
    let id: String
    unowned let router: WorkerRouter
    var runtime: WorkerRuntime { router.runtime }
    private(set) var paused = false

    /// A producer observed. Held weakly and compared by identity, so a closed
    /// producer is no longer observed even before ``producerClosed(_:)``, and
    /// a new producer reusing its id is not taken for it.
    private struct Observed {
        let id: String
        weak var producer: WorkerProducer?
    }
    /// The producers observed, in the order they were added.
    private var observed: [Observed] = []

    /// The ids of the live producers observed, in the order they were added.
    var producerIds: [String] { observed.filter { $0.producer != nil }.map(\.id) }

    init(id: String, router: WorkerRouter) {
        self.id = id
        self.router = router
    }

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .rtpObserverPause:
            guard !paused else { return nil }
            paused = true
            didPause()
            return nil

        case .rtpObserverResume:
            guard paused else { return nil }
            paused = false
            didResume()
            return nil

        case .rtpObserverAddProducer:
            let producerId = try request.payload(RtpObserverProducerPayload.self).producerId
            let producer = try routerProducer(producerId)
            try willAdd(producer)
            observed.removeAll { $0.producer == nil }
            if !observes(producer) {
                observed.append(Observed(id: producerId, producer: producer))
                didAdd(producer)
            }
            return nil

        case .rtpObserverRemoveProducer:
            let producerId = try request.payload(RtpObserverProducerPayload.self).producerId
            let producer = try routerProducer(producerId)
            let wasObserved = observes(producer)
            observed.removeAll { $0.producer == nil || $0.producer === producer }
            if wasObserved { didRemove(producerId) }
            return nil

        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    /// The producer with this id in any transport of the router.
    /// - Throws: ``MediasoupError`` when there is none.
    private func routerProducer(_ producerId: String) throws -> WorkerProducer {
        for transport in router.transports.values {
            if let producer = transport.producers[producerId] { return producer }
        }
        throw MediasoupError("Producer not found [producerId:\(producerId)]")
    }

    /// Whether the producer is observed.
    func observes(_ producer: WorkerProducer) -> Bool { observed.contains { $0.producer === producer } }

    /// A producer of the router closed: it is no longer observed.
    func producerClosed(_ producerId: String) {
        let wasObserved = observed.contains { $0.id == producerId }
        observed.removeAll { $0.producer == nil || $0.id == producerId }
        if wasObserved { didRemove(producerId) }
    }

    /// Kind checks before a producer is added. Default: none.
    func willAdd(_ producer: WorkerProducer) throws {}
    /// A producer is now observed. Default: nothing.
    func didAdd(_ producer: WorkerProducer) {}
    /// A producer is no longer observed (removed, or closed). Default: nothing.
    func didRemove(_ producerId: String) {}
    /// An observed producer paused or resumed. Default: nothing.
    func producerPausedChanged(_ producer: WorkerProducer) {}
    /// The audio level of a packet of an observed producer, while the
    /// observer runs. Default: nothing.
    func receive(_ level: AudioLevelExtension, from producer: WorkerProducer, at now: UInt64) {}
    /// The observer was paused: stop reporting. Default: nothing.
    func didPause() {}
    /// The observer was resumed. Default: nothing.
    func didResume() {}
    /// The observer is closing (its handler is unregistered by the router).
    func close() { stopTimer() }

    // MARK: Periodic work

    private var timer: RepeatedTask?

    /// Calls ``tick()`` every `milliseconds` on the worker's event loop, from
    /// `milliseconds` from now, until ``stopTimer()``.
    func startTimer(milliseconds: Int) {
        timer?.cancel()
        let tick = NIOLoopBound({ [weak self] in self?.tick() }, eventLoop: runtime.eventLoop)
        let period = TimeAmount.milliseconds(Int64(milliseconds))
        timer = runtime.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in tick.value() }
    }

    func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    /// The periodic work of ``startTimer(milliseconds:)``. Default: nothing.
    func tick() {}
}

/// Reports the dominant speaker among its producers
/// (`activeSpeakerObserver.dominantSpeaker`). The speech activity detection
/// runs on audio RTP, which comes with the media plane.
final class WorkerActiveSpeakerObserver: WorkerRtpObserver {
    /// Milliseconds between checks; at least 100, as mediasoup.
    let interval: Int

    init(id: String, router: WorkerRouter, payload: CreateActiveSpeakerObserverPayload) {
        self.interval = max(payload.interval, 100)
        super.init(id: id, router: router)
    }
}

/// Reports the loudest producers' volumes every interval
/// (`audioLevelObserver.volumes`) or silence (`audioLevelObserver.silence`),
/// from the ssrc-audio-level header extension (RFC 6464) of their audio RTP.
///
/// mediasoup's rule (AudioLevelObserver.cpp): every interval, a producer that
/// sent at least 10 packets with a level has the mean of their levels (in
/// whole -dBov, the integer quotient) as its volume in dBov; those at or above the threshold are
/// reported, loudest first, at most maxEntries; when none is, `silence` is
/// reported once (until volumes are reported again). Pausing the observer
/// reports `silence` if volumes were the last report.
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
