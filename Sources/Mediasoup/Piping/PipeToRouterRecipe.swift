import MafaldaFoundation
import Synchronization

// `router.pipeToRouter()`, mediasoup's algorithm (contract §9) over the
// contract alone, for any two routers: of one engine (the local engine), or
// of two servers (MediasoupHorizontal). A pair of PipeTransports per pair of
// routers, created once and shared by every call in either direction, then a
// pipe consumer in the source and a pipe producer (with the original id) in
// the destination, or their data counterparts, wired so that closing,
// pausing and resuming follow the original.

/// What `pipeToRouter()` pipes.
package enum PipedEntity: Sendable {
    case producer(any Producer)
    case dataProducer(any DataProducer)
}

package enum PipeToRouterRecipe {
    /// `router.pipeToRouter(options)` of `router`, which finds its own
    /// producers and data producers with `producer` and `dataProducer`.
    /// `listenInfo` gives the listen info of a router's PipeTransport when
    /// that router's host says so (a server's announced address), else the
    /// options' (127.0.0.1 by default) is used on both sides.
    ///
    /// - Throws: ``TypeError`` for both listen options, neither or both of
    ///   `producerId`/`dataProducerId`, no router, this router, an unknown
    ///   (data) producer; ``InvalidStateError`` when the original closed
    ///   meanwhile; what creating the transports, consumer and producer throws
    ///   (``MediasoupError`` for two routers of one worker: the pipe producer
    ///   reuses the original id).
    package static func pipe(
        from router: any Router, _ options: PipeToRouterOptions,
        producer: (String) -> (any Producer)?, dataProducer: (String) -> (any DataProducer)?,
        listenInfo hostListenInfo: (any Router) -> TransportListenInfo? = { _ in nil }
    ) async throws -> PipeToRouterResult {
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
            guard let destination = options.router else { throw TypeError("Router not found") }
            guard destination !== router else { throw TypeError("cannot use this Router as destination") }
            guard let found = producer(producerId) else { throw TypeError("Producer not found") }
            original = .producer(found)
        case (nil, .some(let dataProducerId)):
            guard let destination = options.router else { throw TypeError("Router not found") }
            guard destination !== router else { throw TypeError("cannot use this Router as destination") }
            guard let found = dataProducer(dataProducerId) else { throw TypeError("DataProducer not found") }
            original = .dataProducer(found)
        }
        // Checked in the switch; unwrapped again for the compiler.
        guard let destination = options.router else { throw TypeError("Router not found") }
        if let listenIp = options.listenIp {
            listenInfo = TransportListenInfo(protocol: .udp, ip: listenIp.ip, announcedAddress: listenIp.announcedIp)
        }

        func transportOptions(for side: any Router) -> PipeTransportOptions {
            PipeTransportOptions(
                listenInfo: hostListenInfo(side) ?? listenInfo, enableSctp: options.enableSctp ?? true,
                numSctpStreams: options.numSctpStreams ?? .default, enableRtx: options.enableRtx ?? false,
                enableSrtp: options.enableSrtp ?? false)
        }
        let pair = try await PipeTransportPairs.pair(
            between: router, transportOptions(for: router), and: destination, transportOptions(for: destination))
        guard let local = pair.transports[router.id], let remote = pair.transports[destination.id] else {
            throw MediasoupError("pipeToRouter() | PipeTransport pair without a transport for a router")
        }

        switch original {
        case .producer(let producer):
            return try await pipe(producer, from: local, to: remote)
        case .dataProducer(let dataProducer):
            return try await pipe(dataProducer, from: local, to: remote)
        }
    }

    /// A pipe consumer of `producer` on `local` and a pipe producer with its id on `remote`.
    private static func pipe(_ producer: any Producer, from local: any PipeTransport, to remote: any PipeTransport)
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
    private static func pipe(_ dataProducer: any DataProducer, from local: any PipeTransport, to remote: any PipeTransport)
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

