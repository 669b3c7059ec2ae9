import Mediasoup
import MediasoupChannel

// Data producers and data consumers on a transport.

extension WorkerTransport {
    /// Handles data producer and data consumer requests addressed to the
    /// transport; nil when not one of them (handled ones answer some data).
    func handleData(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .transportProduceData:
            return try produceData(request.payload(ProduceDataPayload.self)).channelData()
        case .transportConsumeData:
            return try consumeData(request.payload(ConsumeDataPayload.self)).channelData()
        case .transportCloseDataProducer:
            let dataProducerId = try request.payload(DataProducerIdPayload.self).dataProducerId
            guard let dataProducer = dataProducers.remove(dataProducerId) else {
                throw MediasoupError("DataProducer not found [dataProducerId:\(dataProducerId)]")
            }
            dataProducer.close()
            runtime.unregister(dataProducerId)
            return .object([:])
        case .transportCloseDataConsumer:
            let dataConsumerId = try request.payload(DataConsumerIdPayload.self).dataConsumerId
            guard let dataConsumer = dataConsumers.remove(dataConsumerId) else {
                throw MediasoupError("DataConsumer not found [dataConsumerId:\(dataConsumerId)]")
            }
            router.dataProducer(dataConsumer.dataProducerId)?.removeConsumer(dataConsumerId)
            if let parameters = dataConsumer.sctpStreamParameters { sctpStreamClosed(parameters) }
            runtime.unregister(dataConsumerId)
            return .object([:])
        default:
            return nil
        }
    }

    /// Creates a data producer: `sctp` ones need SCTP and a stream id no other
    /// data producer of the transport uses, `direct` ones a DirectTransport.
    private func produceData(_ payload: ProduceDataPayload) throws -> DataProducerDump {
        guard sctpParameters != nil || isDirect else {
            throw MediasoupError("SCTP not enabled and not a direct Transport")
        }
        let dataProducer = try WorkerDataProducer(transport: self, payload: payload)
        switch dataProducer.type {
        case .sctp:
            guard sctpParameters != nil else {
                throw TypeError("cannot create a DataProducer of type 'sctp', SCTP not enabled in this Transport")
            }
            let streamId = dataProducer.sctpStreamParameters?.streamId
            if dataProducers.values.contains(where: { $0.sctpStreamParameters?.streamId == streamId }) {
                throw MediasoupError("streamId already exists in SCTP listener [streamId:\(streamId ?? 0)]")
            }
        case .direct:
            guard isDirect else {
                throw TypeError("cannot create a DataProducer of type 'direct', not a direct Transport")
            }
        }
        // Throws when the id is taken in the worker (any router).
        try runtime.register(dataProducer.id, dataProducer)
        dataProducers.add(dataProducer.id, dataProducer)
        return dataProducer.dump()
    }

    /// Creates a data consumer of a data producer of the same router.
    private func consumeData(_ payload: ConsumeDataPayload) throws -> DataConsumerDump {
        guard sctpParameters != nil || isDirect else {
            throw MediasoupError("SCTP not enabled and not a direct Transport")
        }
        let dataConsumer = try WorkerDataConsumer(transport: self, payload: payload)
        switch dataConsumer.type {
        case .sctp:
            guard sctpParameters != nil else {
                throw TypeError("cannot create a DataConsumer of type 'sctp', SCTP not enabled in this Transport")
            }
        case .direct:
            guard isDirect else {
                throw TypeError("cannot create a DataConsumer of type 'direct', not a direct Transport")
            }
        }
        guard let dataProducer = router.dataProducer(payload.dataProducerId) else {
            throw MediasoupError("DataProducer not found [dataProducerId:\(payload.dataProducerId)]")
        }
        try runtime.register(dataConsumer.id, dataConsumer)
        dataConsumer.attach(to: dataProducer)
        dataConsumers.add(dataConsumer.id, dataConsumer)
        return dataConsumer.dump()
    }

    /// The reason a message of `length` bytes is refused, or nil when it fits.
    func messageTooLarge(_ length: Int) -> String? {
        DataMessage.tooLarge(length, maxMessageSize: maxMessageSize)
    }

    /// Adds the data parts of the transport dump (SCTP listener).
    func fillDataDump(_ dump: inout TransportDump) {
        guard sctpParameters != nil else { return }
        dump.sctpListener = SctpListenerDump(
            streamIdTable: dataProducers.values.compactMap { dataProducer in
                dataProducer.sctpStreamParameters.map { KeyValue(key: $0.streamId, value: dataProducer.id) }
            })
    }

    /// Closes the transport's data producers (their data consumers anywhere in
    /// the router close too) and data consumers.
    func closeData() {
        for dataProducer in dataProducers.removeAll() {
            dataProducer.close()
            runtime.unregister(dataProducer.id)
        }
        for dataConsumer in dataConsumers.removeAll() {
            router.dataProducer(dataConsumer.dataProducerId)?.removeConsumer(dataConsumer.id)
            runtime.unregister(dataConsumer.id)
        }
    }
}
