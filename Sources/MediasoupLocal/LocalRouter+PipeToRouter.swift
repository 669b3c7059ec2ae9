import Mediasoup
import Synchronization

// `router.pipeToRouter()` (mediasoup's algorithm, contract §9): a pair of
// PipeTransports per pair of routers, created once and shared by every call
// in either direction, then a pipe consumer here and a pipe producer (with the
// original id) there, or their data counterparts, wired so that closing,
// pausing and resuming follow the original.

extension LocalRouter {
    /// - Throws: ``TypeError`` for both listen options, neither or both of
    ///   `producerId`/`dataProducerId`, no router, this router, an unknown
    ///   (data) producer; ``InvalidStateError`` when the original closed
    ///   meanwhile; what creating the transports, consumer and producer throws
    ///   (``MediasoupError`` for two routers of one worker: the pipe producer
    ///   reuses the original id).
    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult {
        var listenInfo = options.listenInfo
        if listenInfo == nil && options.listenIp == nil {
            listenInfo = TransportListenInfo(protocol: .udp, ip: "127.0.0.1")
        }
        if listenInfo != nil && options.listenIp != nil {
            throw TypeError("only one of listenInfo and listenIp must be given")
        }
        let original: PipedEntity
        switch (options.producerId, options.dataProducerId) {
        case (nil, nil):
            throw TypeError("missing producerId or dataProducerId")
        case (.some, .some):
            throw TypeError("just producerId or dataProducerId can be given")
        case (.some(let producerId), nil):
            guard let router = options.router else { throw TypeError("Router not found") }
            guard router !== self else { throw TypeError("cannot use this Router as destination") }
            guard let producer = producer(producerId) else { throw TypeError("Producer not found") }
            original = .producer(producer)
        case (nil, .some(let dataProducerId)):
            guard let router = options.router else { throw TypeError("Router not found") }
            guard router !== self else { throw TypeError("cannot use this Router as destination") }
            guard let dataProducer = dataProducer(dataProducerId) else { throw TypeError("DataProducer not found") }
            original = .dataProducer(dataProducer)
        }
        // Checked in the switch; unwrapped again for the compiler.
        guard let router = options.router else { throw TypeError("Router not found") }
        if let listenIp = options.listenIp {
            listenInfo = TransportListenInfo(protocol: .udp, ip: listenIp.ip, announcedAddress: listenIp.announcedIp)
        }

        let transportOptions = PipeTransportOptions(
            listenInfo: listenInfo, enableSctp: options.enableSctp ?? true,
            numSctpStreams: options.numSctpStreams ?? .default, enableRtx: options.enableRtx ?? false,
            enableSrtp: options.enableSrtp ?? false)
        let pair = try await PipeTransportPairs.pair(between: self, and: router, options: transportOptions)
        guard let local = pair.transports[id], let remote = pair.transports[router.id] else {
            throw MediasoupError("pipeToRouter() | PipeTransport pair without a transport for a router")
        }

        switch original {
        case .producer(let producer):
            return try await pipe(producer, from: local, to: remote)
        case .dataProducer(let dataProducer):
            return try await pipe(dataProducer, from: local, to: remote)
        }
    }

    private enum PipedEntity {
        case producer(any Producer)
        case dataProducer(any DataProducer)
    }

    /// A pipe consumer of `producer` on `local` and a pipe producer with its id on `remote`.
    private func pipe(_ producer: any Producer, from local: any PipeTransport, to remote: any PipeTransport)
        async throws -> PipeToRouterResult
    {
        var pipeConsumer: (any Consumer)?
        var pipeProducer: (any Producer)?
        do {
            let consumer = try await local.consume(PipeConsumerOptions(producerId: producer.id))
            pipeConsumer = consumer
            let piped = try await remote.produce(
                ProducerOptions(
                    id: producer.id, kind: consumer.kind, rtpParameters: consumer.rtpParameters,
                    paused: consumer.producerPaused, appData: producer.appData))
            pipeProducer = piped

            // Ensure that the producer has not been closed in the meanwhile.
            guard !producer.closed else { throw InvalidStateError("original Producer closed") }

            // Ensure that producer.paused has not changed in the meanwhile and, if so, sync the pipe producer.
            if piped.paused != producer.paused {
                if producer.paused {
                    try await piped.pause()
                } else {
                    try await piped.resume()
                }
            }

            // The pipe consumer follows the original (the worker tells it);
            // the pipe producer follows the pipe consumer. Weak: each lives as
            // long as its transport holds it.
            linkClosing(
                consumer.observer, close: { [weak consumer] in consumer?.close() },
                with: piped.observer, close: { [weak piped] in piped?.close() })
            consumer.observer.on { [weak piped] event in
                guard let piped else { return }
                switch event {
                case .pause: startImmediately { try? await piped.pause() }
                case .resume: startImmediately { try? await piped.resume() }
                default: break
                }
            }
            return PipeToRouterResult(pipeConsumer: consumer, pipeProducer: piped)
        } catch {
            pipeConsumer?.close()
            pipeProducer?.close()
            throw error
        }
    }

    /// A pipe data consumer of `dataProducer` on `local` and a pipe data producer with its id on `remote`.
    private func pipe(_ dataProducer: any DataProducer, from local: any PipeTransport, to remote: any PipeTransport)
        async throws -> PipeToRouterResult
    {
        var pipeDataConsumer: (any DataConsumer)?
        var pipeDataProducer: (any DataProducer)?
        do {
            let dataConsumer = try await local.consumeData(DataConsumerOptions(dataProducerId: dataProducer.id))
            pipeDataConsumer = dataConsumer
            let piped = try await remote.produceData(
                DataProducerOptions(
                    id: dataProducer.id, sctpStreamParameters: dataConsumer.sctpStreamParameters,
                    label: dataConsumer.label, protocol: dataConsumer.protocol, appData: dataProducer.appData))
            pipeDataProducer = piped

            // Ensure that the data producer has not been closed in the meanwhile.
            guard !dataProducer.closed else { throw InvalidStateError("original DataProducer closed") }

            linkClosing(
                dataConsumer.observer, close: { [weak dataConsumer] in dataConsumer?.close() },
                with: piped.observer, close: { [weak piped] in piped?.close() })
            return PipeToRouterResult(pipeDataConsumer: dataConsumer, pipeDataProducer: piped)
        } catch {
            pipeDataConsumer?.close()
            pipeDataProducer?.close()
            throw error
        }
    }
}

/// The two connected PipeTransports between two routers, by router id.
struct PipeTransportPair: Sendable {
    let transports: [String: any PipeTransport]
}

/// The PipeTransport pairs of every pair of routers, created or being created.
///
/// One entry per unordered pair of router ids, so calls in both directions
/// (A → B and B → A) find the same entry: mediasoup keeps the same promise in
/// both routers, under the other router's id. Concurrent calls await the one
/// creation in flight. The entry goes when the creation fails or when either
/// transport closes (which closes the other).
///
/// One table for the process, not one per router as mediasoup's: a pair
/// belongs to two routers at once (perhaps of two engines), and one lock over
/// one table is what keeps calls in both directions, on any threads, from
/// creating two pairs; a table per router would need both routers' locks.
enum PipeTransportPairs {
    private struct Key: Hashable {
        let low: String
        let high: String
        init(_ a: String, _ b: String) {
            (low, high) = a < b ? (a, b) : (b, a)
        }
    }

    private struct Entry {
        let generation: UInt64
        let creation: Task<PipeTransportPair, any Error>
    }

    private static let entries = Mutex<(next: UInt64, byKey: [Key: Entry])>((0, [:]))

    /// The pair between `router` and `peer`: the existing one, the one being
    /// created, or a new one made with `options` in both routers.
    static func pair(between router: any Router, and peer: any Router, options: PipeTransportOptions) async throws
        -> PipeTransportPair
    {
        let key = Key(router.id, peer.id)
        let entry = entries.withLock { entries -> Entry in
            if let entry = entries.byKey[key] { return entry }
            entries.next += 1
            let generation = entries.next
            let entry = Entry(
                generation: generation,
                creation: Task {
                    do {
                        return try await create(router, peer, options: options) {
                            remove(key, generation: generation)
                        }
                    } catch {
                        remove(key, generation: generation)
                        throw error
                    }
                })
            entries.byKey[key] = entry
            return entry
        }
        return try await entry.creation.value
    }

    private static func remove(_ key: Key, generation: UInt64) {
        entries.withLock { entries in
            if entries.byKey[key]?.generation == generation { entries.byKey[key] = nil }
        }
    }

    /// Creates both transports, connects each to the other, and links their
    /// closing. On a failure, closes what was created.
    private static func create(
        _ router: any Router, _ peer: any Router, options: PipeTransportOptions,
        onClose: @escaping @Sendable () -> Void
    ) async throws -> PipeTransportPair {
        async let localCreation = outcome { try await router.createPipeTransport(options) }
        async let remoteCreation = outcome { try await peer.createPipeTransport(options) }
        let (localResult, remoteResult) = await (localCreation, remoteCreation)
        let local: any PipeTransport
        let remote: any PipeTransport
        switch (localResult, remoteResult) {
        case (.success(let localTransport), .success(let remoteTransport)):
            (local, remote) = (localTransport, remoteTransport)
        case (.failure(let error), let other), (let other, .failure(let error)):
            if case .success(let created) = other { created.close() }
            throw error
        }

        let localTuple = local.tuple
        let remoteTuple = remote.tuple
        async let localConnection = outcome {
            try await local.connect(
                PipeTransportConnectParameters(
                    ip: remoteTuple.localAddress, port: remoteTuple.localPort,
                    srtpParameters: remote.srtpParameters))
        }
        async let remoteConnection = outcome {
            try await remote.connect(
                PipeTransportConnectParameters(
                    ip: localTuple.localAddress, port: localTuple.localPort,
                    srtpParameters: local.srtpParameters))
        }
        for result in await [localConnection, remoteConnection] {
            if case .failure(let error) = result {
                local.close()
                remote.close()
                throw error
            }
        }

        // Closing either closes the other and forgets the pair. Weak: each
        // transport is held by its router while open.
        linkClosing(
            local.observer, close: { [weak local] in local?.close() },
            with: remote.observer, close: { [weak remote] in remote?.close() }, unlinked: onClose)
        // Closed while being linked (its router closed meanwhile): no pair.
        if local.closed || remote.closed {
            local.close()
            remote.close()
            throw InvalidStateError("PipeTransport closed while creating the PipeTransport pair")
        }
        return PipeTransportPair(transports: [router.id: local, peer.id: remote])
    }

    /// The outcome of `operation`, thrown or not, so parallel work can be
    /// awaited whole and cleaned up.
    private static func outcome<T: Sendable>(
        _ operation: @Sendable () async throws -> T
    ) async -> Result<T, any Error> {
        do {
            return .success(try await operation())
        } catch {
            return .failure(error)
        }
    }
}
