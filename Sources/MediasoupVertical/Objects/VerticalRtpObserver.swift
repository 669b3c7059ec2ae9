import Mediasoup
import Synchronization

/// A virtual router's RTP observer: a real one on the router's home real
/// router. A producer living on another real router is piped home first, so
/// one observer sees the router's producers wherever they live; its events
/// name the application's producer objects.
final class VerticalRtpObserver: Sendable {
    let real: any RtpObserver
    let events = EventEmitter<RtpObserverEvent>()
    let observer = EventEmitter<RtpObserverObserverEvent>()
    private let router: VerticalRouter
    /// Watched producers, with the pipe lease that brought each home (nil: it lives there).
    private let watched = Mutex<[(producerId: String, lease: RealPool.PipeKey?)]>([])

    init(real: any RtpObserver, router: VerticalRouter) {
        self.real = real
        self.router = router
        real.events.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .routerClose: break  // the home real router outlives virtual routers; routerClosed() emits it
            case .dominantSpeaker(let producer): self.events.emit(.dominantSpeaker(producer: self.virtual(producer)))
            case .volumes(let volumes): self.events.emit(.volumes(self.virtual(volumes)))
            case .silence: self.events.emit(.silence)
            }
        }
        real.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close:
                self.releaseAll()
                self.observer.emit(.close)
            case .pause: self.observer.emit(.pause)
            case .resume: self.observer.emit(.resume)
            case .addProducer(let producer): self.observer.emit(.addProducer(self.virtual(producer)))
            case .removeProducer(let producer): self.observer.emit(.removeProducer(self.virtual(producer)))
            case .dominantSpeaker(let producer): self.observer.emit(.dominantSpeaker(producer: self.virtual(producer)))
            case .volumes(let volumes): self.observer.emit(.volumes(self.virtual(volumes)))
            case .silence: self.observer.emit(.silence)
            }
        }
    }

    var id: String { real.id }
    var producerIds: [String] { watched.withLock { $0.map(\.producerId) } }

    /// - Throws: ``MediasoupError`` when the virtual router has no such producer; what piping throws.
    func addProducer(producerId: String) async throws {
        guard let located = router.producer(producerId) else {
            throw MediasoupError("Producer with id \"\(producerId)\" not found")
        }
        let lease = try await router.pipeIfNeeded(
            producerId, isData: false, from: located.realRouter, to: router.homeRouter)
        do {
            try await real.addProducer(producerId: producerId)
        } catch {
            if let lease { await router.pool.releasePipe(lease) }
            throw error
        }
        watched.withLock { $0.append((producerId, lease)) }
        // The original closing takes it out of the real observer (its pipe producer closes too).
        located.entity.observer.once(where: { if case .close = $0 { true } else { false } }) { [weak self] _ in
            self?.forget(producerId)
        }
    }

    func removeProducer(producerId: String) async throws {
        try await real.removeProducer(producerId: producerId)
        forget(producerId)
    }

    /// The virtual router closed: the real observer closes, and `routerclose` as mediasoup's.
    func routerClosed() {
        guard !real.closed else { return }
        real.close()
        events.emit(.routerClose)
    }

    private func forget(_ producerId: String) {
        let lease = watched.withLock { watched -> RealPool.PipeKey?? in
            guard let index = watched.firstIndex(where: { $0.producerId == producerId }) else { return nil }
            return watched.remove(at: index).lease
        }
        if case .some(.some(let lease)) = lease {
            let pool = router.pool
            Task { await pool.releasePipe(lease) }
        }
    }

    private func releaseAll() {
        for producerId in producerIds { forget(producerId) }
    }

    private func virtual(_ producer: any Producer) -> any Producer {
        router.producer(producer.id)?.entity ?? producer
    }

    private func virtual(_ volumes: [AudioLevelObserverVolume]) -> [AudioLevelObserverVolume] {
        volumes.map { AudioLevelObserverVolume(producer: virtual($0.producer), volume: $0.volume) }
    }
}

/// The two kinds of observer the application holds, both over one ``VerticalRtpObserver``.
protocol VerticalRtpObserverKind: RtpObserver {
    var core: VerticalRtpObserver { get }
}

extension VerticalRtpObserverKind {
    var id: String { core.real.id }
    var closed: Bool { core.real.closed }
    var paused: Bool { core.real.paused }
    var appData: AppData {
        get { core.real.appData }
        set { core.real.appData = newValue }
    }
    var events: EventEmitter<RtpObserverEvent> { core.events }
    var observer: EventEmitter<RtpObserverObserverEvent> { core.observer }

    func close() { core.real.close() }
    func pause() async throws { try await core.real.pause() }
    func resume() async throws { try await core.real.resume() }
    func addProducer(producerId: String) async throws { try await core.addProducer(producerId: producerId) }
    func removeProducer(producerId: String) async throws { try await core.removeProducer(producerId: producerId) }
}

final class VerticalAudioLevelObserver: VerticalRtpObserverKind, AudioLevelObserver {
    let core: VerticalRtpObserver
    init(_ core: VerticalRtpObserver) { self.core = core }
}

final class VerticalActiveSpeakerObserver: VerticalRtpObserverKind, ActiveSpeakerObserver {
    let core: VerticalRtpObserver
    init(_ core: VerticalRtpObserver) { self.core = core }
}
