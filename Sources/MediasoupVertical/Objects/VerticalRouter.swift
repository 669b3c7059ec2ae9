import Mediasoup
import Synchronization

/// A virtual router: one router for the application, spread over real routers
/// (one per real worker it needs, shared with other virtual routers of the
/// same codecs). Transports go where ``Placement`` says; a consumer whose
/// producer lives on another real router gets it through a real pipe made on
/// demand and closed when its last consumer there closes.
final class VerticalRouter: Router {
    let id: String
    let events = EventEmitter<RouterEvent>()
    let observer = EventEmitter<RouterObserverEvent>()
    let worker: VerticalWorker
    /// The real router this one began on: its RTP observers live there.
    let homeRouter: any Router
    let pool: RealPool
    let codecs: [RtpCodecCapability]?

    /// A producer of this router and the real router it lives on.
    struct Located<Entity: Sendable>: Sendable {
        let entity: Entity
        let realRouter: any Router
    }

    struct State {
        var closed = false
        var appData: AppData
        var rtpCapabilities: RtpCapabilities
        var transports: [any VerticalTransport] = []
        var producers: [(id: String, located: Located<any Producer>)] = []
        var dataProducers: [(id: String, located: Located<any DataProducer>)] = []
        /// Consumers made through this router's transports, in creation order.
        var consumers: [(id: String, producerId: String, consumer: any Consumer)] = []
        var dataConsumers: [(id: String, dataProducerId: String, dataConsumer: any DataConsumer)] = []
        var rtpObservers: [VerticalRtpObserver] = []
    }

    let state: Mutex<State>

    init(id: String, worker: VerticalWorker, homeRouter: any Router, codecs: [RtpCodecCapability]?, appData: AppData) {
        self.id = id
        self.worker = worker
        self.homeRouter = homeRouter
        self.pool = worker.pool
        self.codecs = codecs
        state = Mutex(State(appData: appData, rtpCapabilities: homeRouter.rtpCapabilities))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var rtpCapabilities: RtpCapabilities { state.withLock { $0.rtpCapabilities } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }
    var transportsForTesting: [any Transport] { state.withLock { $0.transports } }

    // MARK: Closing

    func close() { closeRouter(becauseWorkerClosed: false) }

    func workerClosed() { closeRouter(becauseWorkerClosed: true) }

    private func closeRouter(becauseWorkerClosed: Bool) {
        guard
            let (transports, observers) = state.withLock({ state -> ([any VerticalTransport], [VerticalRtpObserver])? in
                guard !state.closed else { return nil }
                state.closed = true
                defer {
                    state.transports = []
                    state.rtpObservers = []
                }
                return (state.transports, state.rtpObservers)
            })
        else { return }
        for transport in transports { transport.link.closeForRouter() }
        for observer in observers { observer.routerClosed() }
        if becauseWorkerClosed { events.emit(.workerClose) }
        observer.emit(.close)
        let (pool, homeId, id) = (pool, homeRouter.id, id)
        Task { await pool.releaseHomeRouter(homeId, virtualRouterId: id) }
    }

    private func ensureOpen() throws {
        if closed { throw InvalidStateError("Router closed") }
    }

    // MARK: Transports

    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport {
        try ensureOpen()
        var options = options
        let server = options.webRtcServer as? VerticalWebRtcServer
        if let server { options.webRtcServer = server.real }
        let transport = try await makeTransport(workerKey: server?.workerKey) { router in
            VerticalWebRtcTransport(try await router.createWebRtcTransport(options), on: router, of: self)
        }
        server?.adopt(transport)
        return transport
    }

    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport {
        try ensureOpen()
        return try await makeTransport { router in
            VerticalPlainTransport(try await router.createPlainTransport(options), on: router, of: self)
        }
    }

    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport {
        try ensureOpen()
        return try await makeTransport { router in
            VerticalPipeTransport(try await router.createPipeTransport(options), on: router, of: self)
        }
    }

    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport {
        try ensureOpen()
        return try await makeTransport { router in
            VerticalDirectTransport(try await router.createDirectTransport(options), on: router, of: self)
        }
    }

    /// Places a transport, makes the real one there, and wraps it; nothing
    /// stays counted when making it fails.
    private func makeTransport<Wrapper: VerticalTransport>(
        workerKey: Int? = nil, create: (any Router) async throws -> Wrapper
    ) async throws -> Wrapper {
        let placed = try await pool.placeTransport(
            virtualRouterId: id, settings: worker.settings, codecs: codecs, workerKey: workerKey)
        let transport: Wrapper
        do {
            transport = try await create(placed.router)
        } catch {
            await pool.releaseTransport(routerId: placed.router.id, virtualRouterId: id)
            throw error
        }
        let real = transport.link.real
        let added = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.transports.append(transport)
            return true
        }
        let (pool, routerId, id) = (pool, placed.router.id, id)
        real.observer.on { [weak self, weak transport] event in
            guard case .close = event else { return }
            if let self, let transport { self.state.withLock { $0.transports.removeAll { $0 === transport } } }
            Task { await pool.releaseTransport(routerId: routerId, virtualRouterId: id) }
        }
        guard added else {
            real.close()
            throw InvalidStateError("Router closed")
        }
        if real.closed { throw InvalidStateError("Transport closed") }
        observer.emit(.newTransport(transport))
        return transport
    }

    // MARK: Producers and consumers

    func producer(_ id: String) -> Located<any Producer>? {
        state.withLock { $0.producers.first { $0.id == id }?.located }
    }

    func dataProducer(_ id: String) -> Located<any DataProducer>? {
        state.withLock { $0.dataProducers.first { $0.id == id }?.located }
    }

    func produce(_ options: ProducerOptions, on link: TransportLink) async throws -> any Producer {
        if let id = options.id, producer(id) != nil {
            throw TypeError("a Producer with same id \"\(id)\" already exists")
        }
        let producer = try await link.real.produce(options)
        adopt(producer, on: link.realRouter)
        return producer
    }

    /// Makes `producer` (living on `realRouter`) one of this router's, until it closes.
    func adopt(_ producer: any Producer, on realRouter: any Router) {
        let id = producer.id
        state.withLock { $0.producers.append((id, Located(entity: producer, realRouter: realRouter))) }
        producer.observer.on { [weak self, weak producer] event in
            guard case .close = event else { return }
            self?.state.withLock { $0.producers.removeAll { $0.id == id && $0.located.entity === producer } }
        }
        if producer.closed { state.withLock { $0.producers.removeAll { $0.id == id } } }
    }

    /// A consumer of `producerId` on `link`'s transport: piped there first
    /// when the producer lives on another real router.
    ///
    /// - Throws: ``TypeError`` for an empty id; ``MediasoupError`` when this
    ///   router has no such producer (as mediasoup's); what piping or the real
    ///   `consume` throws.
    func consume(producerId: String, on link: TransportLink, make: () async throws -> any Consumer) async throws
        -> any Consumer
    {
        guard !producerId.isEmpty else { throw TypeError("missing producerId") }
        guard !link.real.closed else { return try await make() }
        guard let located = producer(producerId) else {
            throw MediasoupError("Producer with id \"\(producerId)\" not found")
        }
        let (consumer, releasePipe) = try await made(
            of: producerId, isData: false, from: located.realRouter, on: link, make: make)
        let consumerId = consumer.id
        state.withLock { $0.consumers.append((consumerId, producerId, consumer)) }
        let release: @Sendable () -> Void = { [weak self] in
            self?.state.withLock { $0.consumers.removeAll { $0.id == consumerId } }
            releasePipe()
        }
        consumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in release() }
        if consumer.closed { release() }
        return consumer
    }

    func produceData(_ options: DataProducerOptions, on link: TransportLink) async throws -> any DataProducer {
        if let id = options.id, dataProducer(id) != nil {
            throw TypeError("a DataProducer with same id \"\(id)\" already exists")
        }
        let dataProducer = try await link.real.produceData(options)
        adopt(dataProducer, on: link.realRouter)
        return dataProducer
    }

    /// Makes `dataProducer` (living on `realRouter`) one of this router's, until it closes.
    func adopt(_ dataProducer: any DataProducer, on realRouter: any Router) {
        let id = dataProducer.id
        state.withLock { $0.dataProducers.append((id, Located(entity: dataProducer, realRouter: realRouter))) }
        dataProducer.observer.on { [weak self, weak dataProducer] event in
            guard case .close = event else { return }
            self?.state.withLock { $0.dataProducers.removeAll { $0.id == id && $0.located.entity === dataProducer } }
        }
        if dataProducer.closed { state.withLock { $0.dataProducers.removeAll { $0.id == id } } }
    }

    func consumeData(_ options: DataConsumerOptions, on link: TransportLink) async throws -> any DataConsumer {
        let dataProducerId = options.dataProducerId
        guard !dataProducerId.isEmpty else { throw TypeError("missing dataProducerId") }
        guard !link.real.closed else { return try await link.real.consumeData(options) }
        guard let located = dataProducer(dataProducerId) else {
            throw MediasoupError("DataProducer with id \"\(dataProducerId)\" not found")
        }
        let (dataConsumer, releasePipe) = try await made(
            of: dataProducerId, isData: true, from: located.realRouter, on: link
        ) { try await link.real.consumeData(options) }
        let dataConsumerId = dataConsumer.id
        state.withLock { $0.dataConsumers.append((dataConsumerId, dataProducerId, dataConsumer)) }
        let release: @Sendable () -> Void = { [weak self] in
            self?.state.withLock { $0.dataConsumers.removeAll { $0.id == dataConsumerId } }
            releasePipe()
        }
        dataConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in release() }
        if dataConsumer.closed { release() }
        return dataConsumer
    }

    /// What `make` makes on `link`'s transport, after piping the (data)
    /// producer `entityId` there from `source` when it lives elsewhere, with
    /// what releases that pipe once the made consumer closes; nothing stays
    /// leased when making fails.
    private func made<Made>(
        of entityId: String, isData: Bool, from source: any Router, on link: TransportLink,
        make: () async throws -> Made
    ) async throws -> (made: Made, releasePipe: @Sendable () -> Void) {
        let lease = try await pipeIfNeeded(entityId, isData: isData, from: source, to: link.realRouter)
        do {
            let made = try await make()
            return (made, { [pool] in if let lease { Task { await pool.releasePipe(lease) } } })
        } catch {
            if let lease { await pool.releasePipe(lease) }
            throw error
        }
    }

    /// A lease on a real pipe of the (data) producer to `destination`, or nil when it already lives there.
    func pipeIfNeeded(_ entityId: String, isData: Bool, from source: any Router, to destination: any Router)
        async throws -> RealPool.PipeKey?
    {
        guard source.id != destination.id else { return nil }
        return try await pool.leasePipe(entityId: entityId, isData: isData, from: source, to: destination)
    }

    func canConsume(producerId: String, rtpCapabilities: RtpCapabilities) -> Bool {
        guard let located = producer(producerId) else { return false }
        return (try? ORTC.canConsume(located.entity.consumableRtpParameters, capabilities: rtpCapabilities)) ?? false
    }

    /// Changes this virtual router's capabilities, as mediasoup's (the real
    /// routers, shared with other virtual routers, keep theirs).
    func updateMediaCodecs(_ mediaCodecs: [RtpCodecCapability]) throws {
        let capabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)
        state.withLock { $0.rtpCapabilities = capabilities }
    }

    /// A virtual pipe producer closed: its consumers here close with `producerclose`, as mediasoup's.
    func closeConsumers(of producerId: String) {
        let consumers = state.withLock { $0.consumers.filter { $0.producerId == producerId }.map(\.consumer) }
        for consumer in consumers where !consumer.closed {
            consumer.close()
            consumer.events.emit(.producerClose)
        }
    }

    /// A virtual pipe data producer closed: its data consumers here close with `dataproducerclose`.
    func closeDataConsumers(of dataProducerId: String) {
        let consumers = state.withLock {
            $0.dataConsumers.filter { $0.dataProducerId == dataProducerId }.map(\.dataConsumer)
        }
        for consumer in consumers where !consumer.closed {
            consumer.close()
            consumer.events.emit(.dataProducerClose)
        }
    }

    // MARK: RTP observers

    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    {
        try ensureOpen()
        let real = try await homeRouter.createActiveSpeakerObserver(options)
        return try adopt(VerticalActiveSpeakerObserver(VerticalRtpObserver(real: real, router: self)))
    }

    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws -> any AudioLevelObserver {
        try ensureOpen()
        let real = try await homeRouter.createAudioLevelObserver(options)
        return try adopt(VerticalAudioLevelObserver(VerticalRtpObserver(real: real, router: self)))
    }

    private func adopt<Observer: VerticalRtpObserverKind>(_ kind: Observer) throws -> Observer {
        let core = kind.core
        let added = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.rtpObservers.append(core)
            return true
        }
        guard added else {
            core.real.close()
            throw InvalidStateError("Router closed")
        }
        core.real.observer.on { [weak self, weak core] event in
            guard case .close = event else { return }
            self?.state.withLock { $0.rtpObservers.removeAll { $0 === core } }
        }
        observer.emit(.newRtpObserver(kind))
        return kind
    }

    // MARK: Dump

    /// From this router's own books (the real routers hold other virtual routers' objects too).
    func dump() async throws -> RouterDump {
        let state = try state.withLock { state -> State in
            guard !state.closed else { throw InvalidStateError("Router closed") }
            return state
        }
        var observerIds: [String: [String]] = [:]
        for observer in state.rtpObservers {
            for producerId in observer.producerIds { observerIds[producerId, default: []].append(observer.id) }
        }
        return RouterDump(
            id: id, transportIds: state.transports.map(\.id), rtpObserverIds: state.rtpObservers.map(\.id),
            mapProducerIdConsumerIds: state.producers.map { producer in
                KeyValues(key: producer.id, values: state.consumers.filter { $0.producerId == producer.id }.map(\.id))
            },
            mapConsumerIdProducerId: state.consumers.map { KeyValue(key: $0.id, value: $0.producerId) },
            mapProducerIdObserverIds: observerIds.keys.sorted().map { KeyValues(key: $0, values: observerIds[$0] ?? []) },
            mapDataProducerIdDataConsumerIds: state.dataProducers.map { dataProducer in
                KeyValues(
                    key: dataProducer.id,
                    values: state.dataConsumers.filter { $0.dataProducerId == dataProducer.id }.map(\.id))
            },
            mapDataConsumerIdDataProducerId: state.dataConsumers.map { KeyValue(key: $0.id, value: $0.dataProducerId) })
    }
}
