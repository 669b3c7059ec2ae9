import Mediasoup
import Synchronization

/// A router of one server. Everything but `pipeToRouter()` is the real
/// router's (its transports, producers and consumers are the server's own
/// objects); a pipe to a router of another server is made here, with
/// mediasoup's recipe over both servers, since neither server knows the other.
final class HorizontalRouter: Router {
    let real: any Router
    let member: Member
    private let originals = Originals()

    init(real: any Router, member: Member) {
        self.real = real
        self.member = member
        originals.follow(real)
    }

    var id: String { real.id }
    var closed: Bool { real.closed }
    var rtpCapabilities: RtpCapabilities { real.rtpCapabilities }
    var appData: AppData {
        get { real.appData }
        set { real.appData = newValue }
    }
    var events: EventEmitter<RouterEvent> { real.events }
    var observer: EventEmitter<RouterObserverEvent> { real.observer }
    var transportsForTesting: [any Transport] { real.transportsForTesting }

    func close() { real.close() }
    func dump() async throws -> RouterDump { try await real.dump() }

    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport {
        try await real.createWebRtcTransport(options)
    }

    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport {
        try await real.createPlainTransport(options)
    }

    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport {
        try await real.createPipeTransport(options)
    }

    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport {
        try await real.createDirectTransport(options)
    }

    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    {
        try await real.createActiveSpeakerObserver(options)
    }

    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws -> any AudioLevelObserver {
        try await real.createAudioLevelObserver(options)
    }

    func canConsume(producerId: String, rtpCapabilities: RtpCapabilities) -> Bool {
        real.canConsume(producerId: producerId, rtpCapabilities: rtpCapabilities)
    }

    func updateMediaCodecs(_ mediaCodecs: [RtpCodecCapability]) throws { try real.updateMediaCodecs(mediaCodecs) }

    /// To a router of the same server: the server pipes it (its own
    /// `pipeToRouter()`, with its errors). To a router of another server:
    /// mediasoup's recipe here, each side's PipeTransport at its server's
    /// pipe listen info. Anything else goes to the real router, which refuses
    /// it as mediasoup does (this router, none, a foreign object).
    ///
    /// - Throws: as mediasoup's `pipeToRouter()`.
    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult {
        guard let destination = options.router as? HorizontalRouter, destination !== self else {
            var realOptions = options
            if options.router === self { realOptions.router = real }
            return try await real.pipeToRouter(realOptions)
        }
        guard destination.member !== member else {
            var realOptions = options
            realOptions.router = destination.real
            return try await real.pipeToRouter(realOptions)
        }
        return try await PipeToRouterRecipe.pipe(
            from: self, options, producer: originals.producer, dataProducer: originals.dataProducer,
            listenInfo: { ($0 as? HorizontalRouter)?.member.server.pipeListenInfo })
    }
}

/// The open producers and data producers of a router, by id, followed
/// through its observers: what `pipeToRouter()` pipes from it.
final class Originals: Sendable {
    private let state = Mutex<(producers: [String: any Producer], dataProducers: [String: any DataProducer])>(([:], [:]))

    func producer(_ id: String) -> (any Producer)? { state.withLock { $0.producers[id] } }
    func dataProducer(_ id: String) -> (any DataProducer)? { state.withLock { $0.dataProducers[id] } }

    func follow(_ router: any Router) {
        router.observer.on { [weak self] event in
            guard case .newTransport(let transport) = event else { return }
            transport.observer.on { [weak self] event in
                guard let self else { return }
                switch event {
                case .newProducer(let producer):
                    let id = producer.id
                    state.withLock { $0.producers[id] = producer }
                    producer.observer.on { [weak self] event in
                        guard case .close = event else { return }
                        self?.state.withLock { _ = $0.producers.removeValue(forKey: id) }
                    }
                case .newDataProducer(let dataProducer):
                    let id = dataProducer.id
                    state.withLock { $0.dataProducers[id] = dataProducer }
                    dataProducer.observer.on { [weak self] event in
                        guard case .close = event else { return }
                        self?.state.withLock { _ = $0.dataProducers.removeValue(forKey: id) }
                    }
                default: break
                }
            }
        }
    }
}
