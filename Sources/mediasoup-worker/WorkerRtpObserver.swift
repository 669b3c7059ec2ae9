import Mediasoup
import MediasoupChannel

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
            if !observes(producer) { observed.append(Observed(id: producerId, producer: producer)) }
            return nil

        case .rtpObserverRemoveProducer:
            let producerId = try request.payload(RtpObserverProducerPayload.self).producerId
            let producer = try routerProducer(producerId)
            observed.removeAll { $0.producer == nil || $0.producer === producer }
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
        observed.removeAll { $0.producer == nil || $0.id == producerId }
    }

    /// Kind checks before a producer is added. Default: none.
    func willAdd(_ producer: WorkerProducer) throws {}
    /// The observer was paused: stop reporting. Default: nothing.
    func didPause() {}
    /// The observer was resumed. Default: nothing.
    func didResume() {}
    /// The observer is closing (its handler is unregistered by the router).
    func close() {}
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
/// (`audioLevelObserver.volumes`) or silence (`audioLevelObserver.silence`).
/// Volumes are read from the ssrc-audio-level header extension of audio RTP,
/// which comes with the media plane.
final class WorkerAudioLevelObserver: WorkerRtpObserver {
    let maxEntries: Int
    /// dBov, from -127 to 0.
    let threshold: Double
    /// Milliseconds between reports, kept within 250...5000 as mediasoup.
    let interval: Int

    init(id: String, router: WorkerRouter, payload: CreateAudioLevelObserverPayload) throws {
        guard payload.maxEntries >= 1 else { throw TypeError("invalid maxEntries value \(payload.maxEntries)") }
        guard payload.threshold <= 0, payload.threshold >= -127 else {
            throw TypeError("invalid threshold value \(payload.threshold)")
        }
        self.maxEntries = payload.maxEntries
        self.threshold = payload.threshold
        self.interval = min(max(payload.interval, 250), 5000)
        super.init(id: id, router: router)
    }

    override func willAdd(_ producer: WorkerProducer) throws {
        guard producer.kind == .audio else { throw TypeError("not an audio Producer") }
    }
}
