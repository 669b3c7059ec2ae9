import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization

// Producing and consuming media on a transport of the local engine, whatever
// its kind (mediasoup's `Transport.produce()` and `Transport.consume()`).

extension LocalTransport {
    /// Creates a producer.
    ///
    /// - Throws: ``TypeError`` for an id already used in this transport or
    ///   invalid RTP parameters; ``UnsupportedError`` for codecs the router
    ///   lacks; what the worker refuses (``MediasoupError`` for a MID, SSRC or
    ///   RID already used here or an id taken in the worker, ``TypeError`` for
    ///   a single encoding without SSRC or RID and no MID).
    func produce(_ options: ProducerOptions) async throws -> any Producer {
        if let id = options.id, !id.isEmpty, core.state.withLock({ $0.producers[id] != nil }) {
            throw TypeError("a Producer with same id \"\(id)\" already exists")
        }

        var rtpParameters = options.rtpParameters
        try ORTC.validateRtpParameters(&rtpParameters)
        if (rtpParameters.encodings ?? []).isEmpty {
            rtpParameters.encodings = [RtpEncodingParameters()]
        }

        // A PipeTransport keeps each producer's CNAME; other transports give
        // every producer the first one's (or a random one).
        if !(self is any PipeTransport) {
            let givenCname = rtpParameters.rtcp?.cname.flatMap { $0.isEmpty ? nil : $0 }
            let cname = core.state.withLock { state in
                let cname = state.cnameForProducers ?? givenCname ?? String(UUID().uuidString.lowercased().prefix(8))
                state.cnameForProducers = cname
                return cname
            }
            var rtcp = rtpParameters.rtcp ?? RtcpParameters()
            rtcp.cname = cname
            rtpParameters.rtcp = rtcp
        }

        let routerCapabilities = core.router.rtpCapabilities
        let rtpMapping = try ORTC.getProducerRtpParametersMapping(
            &rtpParameters, routerCapabilities: routerCapabilities)
        let consumableRtpParameters = try ORTC.getConsumableRtpParameters(
            kind: options.kind, params: rtpParameters, routerCapabilities: routerCapabilities, mapping: rtpMapping)

        let producerId = options.id ?? UUID().uuidString.lowercased()
        let paused = options.paused ?? false
        let response = try await core.request(
            .transportProduce,
            data: ProduceRequestPayload(
                producerId: producerId, kind: options.kind, rtpParameters: rtpParameters, rtpMapping: rtpMapping,
                keyFrameRequestDelay: options.keyFrameRequestDelay ?? 0, paused: paused
            ).channelData()
        ).decoded(ProduceResponsePayload.self)

        let producer = LocalProducer(
            id: producerId, kind: options.kind, rtpParameters: rtpParameters, type: response.type,
            consumableRtpParameters: consumableRtpParameters, paused: paused, appData: options.appData ?? [:],
            transport: core)
        core.state.withLock { $0.producers[producerId] = producer }
        core.router.addProducer(producer)
        // Subscribed only now: the id may belong to another producer of this
        // worker until the worker accepts it, and a new producer has nothing
        // to report before RTP arrives.
        producer.listen(to: core.channel.subscribe(producerId))
        observer.emit(.newProducer(producer))
        return producer
    }

    /// Creates a consumer of a producer of the router.
    ///
    /// - Throws: ``TypeError`` for an empty producer id or invalid RTP
    ///   capabilities; ``MediasoupError`` when the producer is not in the
    ///   router; ``UnsupportedError`` when the capabilities have no codec of it.
    func consume(_ options: ConsumerOptions) async throws -> any Consumer {
        guard !options.producerId.isEmpty else { throw TypeError("missing producerId") }
        var rtpCapabilities = options.rtpCapabilities
        try ORTC.validateRtpCapabilities(&rtpCapabilities)
        guard let producer = core.router.producer(options.producerId) else {
            throw MediasoupError("Producer with id \"\(options.producerId)\" not found")
        }
        let pipe = options.pipe ?? false
        var rtpParameters = try ORTC.getConsumerRtpParameters(
            consumableRtpParameters: producer.consumableRtpParameters, remoteRtpCapabilities: rtpCapabilities,
            pipe: pipe, enableRtx: options.enableRtx ?? (producer.kind == .video))
        if !pipe {
            if let mid = options.mid, !mid.isEmpty {
                rtpParameters.mid = mid
            } else {
                rtpParameters.mid = core.takeNextMid()
            }
        }
        return try await createConsumer(
            of: producer, rtpParameters: rtpParameters,
            type: pipe ? .pipe : ConsumerType(producer.type), paused: options.paused ?? false,
            preferredLayers: options.preferredLayers, ignoreDtx: options.ignoreDtx ?? false,
            appData: options.appData ?? [:])
    }

    /// Asks the worker for a consumer with these parameters and sets it up:
    /// what `consume()` and a PipeTransport's `consume()` share.
    ///
    /// - Parameter score: the initial score; the worker's when nil (a
    ///   PipeTransport's consumers start at `{10, 10, []}` instead).
    func createConsumer(
        of producer: any Producer, rtpParameters: RtpParameters, type: ConsumerType, paused: Bool,
        preferredLayers: ConsumerLayers?, ignoreDtx: Bool, appData: AppData, score: ConsumerScore? = nil
    ) async throws -> LocalConsumer {
        let consumerId = UUID().uuidString.lowercased()
        // Subscribed before the request: the worker may report on the
        // consumer right after creating it.
        let inbox = core.channel.subscribe(consumerId)
        let response: ConsumeResponsePayload
        do {
            response = try await core.request(
                .transportConsume,
                data: ConsumeRequestPayload(
                    consumerId: consumerId, producerId: producer.id, kind: producer.kind, rtpParameters: rtpParameters,
                    type: type, consumableRtpEncodings: producer.consumableRtpParameters.encodings ?? [],
                    paused: paused, preferredLayers: preferredLayers, ignoreDtx: ignoreDtx
                ).channelData()
            ).decoded(ConsumeResponsePayload.self)
        } catch {
            core.channel.unsubscribe(consumerId)
            throw error
        }

        let consumer = LocalConsumer(
            id: consumerId, producerId: producer.id, kind: producer.kind, rtpParameters: rtpParameters, type: type,
            paused: response.paused, producerPaused: response.producerPaused, score: score ?? response.score,
            preferredLayers: response.preferredLayers, appData: appData, transport: core)
        core.state.withLock { $0.consumers[consumerId] = consumer }
        consumer.listen(to: inbox)
        observer.emit(.newConsumer(consumer))
        return consumer
    }
}

extension TransportCore {
    /// The MID for the next consumer: "0", "1"…, wrapping after 99999999 (MIDs use up to 8 bytes).
    func takeNextMid() -> String {
        state.withLock { state in
            let mid = state.nextMid
            state.nextMid = mid + 1 == 100_000_000 ? 0 : mid + 1
            return String(mid)
        }
    }
}

extension ConsumerType {
    /// A consumer of a producer has the producer's type (unless it pipes).
    init(_ producerType: ProducerType) {
        switch producerType {
        case .simple: self = .simple
        case .simulcast: self = .simulcast
        case .svc: self = .svc
        }
    }
}
