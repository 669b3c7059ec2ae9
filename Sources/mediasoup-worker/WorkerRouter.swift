import Mediasoup
import MediasoupChannel

/// A router inside the worker: its transports and RTP observers, and the
/// producer → consumer wiring media follows.
final class WorkerRouter: RequestHandler {
    let id: String
    unowned let runtime: WorkerRuntime
    private(set) var transports = OrderedEntities<WorkerTransport>()
    var rtpObservers = OrderedEntities<WorkerRtpObserver>()

    init(id: String, runtime: WorkerRuntime) {
        self.id = id
        self.runtime = runtime
    }

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .routerDump:
            return try dump().channelData()

        case .routerCreateDirectTransport:
            let payload = try request.payload(CreateDirectTransportPayload.self)
            return try add(WorkerDirectTransport(router: self, options: payload.base))

        case .routerCreateWebRtcTransport:
            return try add(WorkerWebRtcTransport.create(request, router: self))

        case .routerCreatePlainTransport:
            return try add(WorkerPlainTransport.create(request, router: self))

        case .routerCreatePipeTransport:
            return try add(WorkerPipeTransport.create(request, router: self))

        case .routerCloseTransport:
            let transportId = try request.payload(TransportIdPayload.self).transportId
            guard let transport = transports.remove(transportId) else {
                throw MediasoupError("Transport not found [id:\(transportId)]")
            }
            transport.close()
            runtime.unregister(transportId)
            return nil

        default:
            if let data = try handleRtpObservers(request) { return data }
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    /// Registers a new transport; the response is its dump.
    private func add(_ transport: WorkerTransport) throws -> JSONValue? {
        do {
            try runtime.register(transport.id, transport)
        } catch {
            transport.close()
            throw error
        }
        transports.add(transport.id, transport)
        return try transport.dump().channelData()
    }

    func dump() -> RouterDump {
        var dump = RouterDump(id: id, transportIds: transports.ids)
        fillMediaDump(&dump)
        fillDataDump(&dump)
        fillRtpObserverDump(&dump)
        return dump
    }

    /// Adds the producer/consumer maps of the router dump: every live producer
    /// has an entry, with no values when nothing consumes it.
    func fillMediaDump(_ dump: inout RouterDump) {
        let consumers = allConsumers
        dump.mapProducerIdConsumerIds = allProducers.map { producer in
            KeyValues(key: producer.id, values: consumers.filter { $0.producerId == producer.id }.map(\.id))
        }
        dump.mapConsumerIdProducerId = consumers.map { KeyValue(key: $0.id, value: $0.producerId) }
    }

    /// Adds the data producer/data consumer maps of the router dump: every
    /// live data producer with its data consumers, every data consumer with its data producer.
    func fillDataDump(_ dump: inout RouterDump) {
        for transport in transports.values {
            for dataProducer in transport.dataProducers.values {
                dump.mapDataProducerIdDataConsumerIds.append(
                    KeyValues(key: dataProducer.id, values: dataProducer.consumers.ids))
            }
            for dataConsumer in transport.dataConsumers.values {
                dump.mapDataConsumerIdDataProducerId.append(
                    KeyValue(key: dataConsumer.id, value: dataConsumer.dataProducerId))
            }
        }
    }

    /// Closes everything the router holds (its own handler is unregistered by the caller).
    func close() {
        closeRtpObservers()
        for transport in transports.removeAll() {
            transport.close()
            runtime.unregister(transport.id)
        }
    }
}
