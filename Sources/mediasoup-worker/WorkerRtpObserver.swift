import Mediasoup
import MediasoupChannel
import NIOCore
import MediaEngine
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
