import Mediasoup
import MediasoupChannel

// Producers and consumers on a transport: creating and closing them, the
// media parts of the transport dump, and closing them with the transport.

extension WorkerTransport {
    /// Handles producer and consumer requests addressed to the transport; nil when not one of them.
    func handleMedia(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .transportProduce:
            return try produce(request.payload(ProduceRequestPayload.self)).channelData()
        case .transportConsume:
            return try consume(request.payload(ConsumeRequestPayload.self)).channelData()
        case .transportCloseProducer:
            let producerId = try request.payload(ProducerIdPayload.self).producerId
            guard let producer = producers.remove(producerId) else {
                throw MediasoupError("Producer not found [producerId:\(producerId)]")
            }
            closeProducer(producer)
            return .null
        case .transportCloseConsumer:
            let consumerId = try request.payload(ConsumerIdPayload.self).consumerId
            guard let consumer = consumers.remove(consumerId) else {
                throw MediasoupError("Consumer not found [consumerId:\(consumerId)]")
            }
            router.producer(consumer.producerId)?.consumers.removeAll { $0 === consumer }
            runtime.unregister(consumerId)
            return .null
        default:
            return nil
        }
    }

    /// Creates a producer.
    ///
    /// - Throws: ``MediasoupError`` when the id is taken in this transport or
    ///   in the worker, or a MID, SSRC or RID is already used in this
    ///   transport; ``TypeError`` for parameters the producer refuses.
    private func produce(_ request: ProduceRequestPayload) throws -> ProduceResponsePayload {
        guard producers[request.producerId] == nil else {
            throw MediasoupError("a Producer with same producerId already exists")
        }
        let producer = try WorkerProducer(transport: self, request: request)
        try runtime.register(producer.id, producer)
        do {
            try checkRtpListener(accepts: producer)
        } catch {
            runtime.unregister(producer.id)
            throw error
        }
        producers.add(producer.id, producer)
        mediaAdded(kind: producer.kind)
        listenedSsrcs = [:]
        producersChangedForTransportCc()
        return ProduceResponsePayload(type: producer.type)
    }

    /// The RTP listener finds the producer of an incoming packet by SSRC, MID
    /// or RID: a new producer may not reuse an SSRC or MID of this transport,
    /// nor a RID when it has no MID.
    private func checkRtpListener(accepts producer: WorkerProducer) throws {
        var ssrcs = Set(producers.values.flatMap(\.ssrcs))
        for ssrc in producer.ssrcs {
            guard ssrcs.insert(ssrc).inserted else {
                throw MediasoupError("ssrc already exists in RTP listener [ssrc:\(ssrc)]")
            }
        }
        if let mid = producer.rtpParameters.mid, producers.values.contains(where: { $0.rtpParameters.mid == mid }) {
            throw MediasoupError("MID already exists in RTP listener [mid:\(mid)]")
        }
        if producer.rtpParameters.mid == nil {
            var rids = Set(producers.values.flatMap(\.rids))
            for rid in producer.rids where !rids.insert(rid).inserted {
                throw MediasoupError("RID already exists in RTP listener and no MID is given [rid:\(rid)]")
            }
        }
    }

    /// Creates a consumer of a producer of the router.
    ///
    /// - Throws: ``MediasoupError`` when the id is taken or the producer is not
    ///   in the router; ``TypeError`` for parameters the consumer refuses.
    private func consume(_ request: ConsumeRequestPayload) throws -> ConsumeResponsePayload {
        guard consumers[request.consumerId] == nil else {
            throw MediasoupError("a Consumer with same consumerId already exists")
        }
        let consumer = try WorkerConsumer(transport: self, request: request)
        guard let producer = router.producer(request.producerId) else {
            throw MediasoupError("Producer not found [producerId:\(request.producerId)]")
        }
        try runtime.register(consumer.id, consumer)
        consumer.attach(to: producer)
        consumers.add(consumer.id, consumer)
        mediaAdded(kind: consumer.kind)
        consumerAddedForOutgoingEstimation(consumer)
        producer.consumers.append(consumer)
        distributeAvailableOutgoingBitrate()
        if canSendMedia { consumer.mediaPathOpened() }
        return ConsumeResponsePayload(
            paused: consumer.paused, producerPaused: consumer.producerPaused, score: consumer.score,
            preferredLayers: consumer.preferredLayers)
    }

    /// A producer of this transport closed (already out of `producers`): its
    /// consumers, in any transport of the router, close with it, and RTP
    /// observers stop watching it.
    private func closeProducer(_ producer: WorkerProducer) {
        runtime.unregister(producer.id)
        let streamSsrcs = producer.receiveStreams.compactMap { $0 }.flatMap { [$0.ssrc] + ($0.rtxSsrc.map { [$0] } ?? []) }
        producerSsrcsReleased(Set(producer.ssrcs + streamSsrcs))
        listenedSsrcs = [:]
        producersChangedForTransportCc()
        producer.consumers = []
        producer.stopTimers()
        router.rtpObserversProducerClosed(producer.id)
        for consumer in router.consumers(ofProducer: producer.id) {
            consumer.producerDidClose()
            consumer.transport.consumers.remove(consumer.id)
            runtime.unregister(consumer.id)
        }
    }

    /// Adds the media parts of the transport dump (SSRC maps, RTP listener, header extensions).
    func fillMediaDump(_ dump: inout TransportDump) {
        for consumer in consumers.values {
            dump.mapSsrcConsumerId += consumer.mediaSsrcs.map { KeyValue(key: $0, value: consumer.id) }
            dump.mapRtxSsrcConsumerId += consumer.rtxSsrcs.map { KeyValue(key: $0, value: consumer.id) }
        }
        var listener = RtpListenerDump()
        var extensions = RecvRtpHeaderExtensions()
        for producer in producers.values {
            listener.ssrcTable += producer.ssrcs.map { KeyValue(key: $0, value: producer.id) }
            if let mid = producer.rtpParameters.mid { listener.midTable.append(KeyValue(key: mid, value: producer.id)) }
            for rid in producer.rids where !listener.ridTable.contains(where: { $0.key == rid }) {
                listener.ridTable.append(KeyValue(key: rid, value: producer.id))
            }
            // The transport reads each extension with the id the last producer
            // that has it gives (its first entry for that extension).
            for ext in producer.rtpParameters.headerExtensions.reversed() {
                switch ext.uri {
                case .mid: extensions.mid = ext.id
                case .rtpStreamId: extensions.rid = ext.id
                case .repairedRtpStreamId: extensions.rrid = ext.id
                case .absSendTime: extensions.absSendTime = ext.id
                case .transportWideCc01: extensions.transportWideCc01 = ext.id
                default: break
                }
            }
        }
        dump.rtpListener = listener
        dump.recvRtpHeaderExtensions = extensions
    }

    /// Closes the transport's producers (and their consumers elsewhere in the
    /// router) and its consumers.
    func closeMedia() {
        for producer in producers.removeAll() { closeProducer(producer) }
        for consumer in consumers.removeAll() {
            router.producer(consumer.producerId)?.consumers.removeAll { $0 === consumer }
            runtime.unregister(consumer.id)
        }
    }
}
