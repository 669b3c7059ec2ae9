import Mediasoup
import MediasoupChannel

/// A router inside the worker: its transports and RTP observers, and the
/// producer → consumer wiring media follows.
final class WorkerRouter: RequestHandler {
    let id: String
    unowned let runtime: WorkerRuntime
    private(set) var transports = OrderedEntities<WorkerTransport>()

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

    /// Adds the producer/consumer maps of the router dump.
    func fillMediaDump(_ dump: inout RouterDump) {}

    /// Adds the data producer/data consumer maps of the router dump.
    func fillDataDump(_ dump: inout RouterDump) {}

    /// Closes everything the router holds (its own handler is unregistered by the caller).
    func close() {
        closeRtpObservers()
        for transport in transports.removeAll() {
            transport.close()
            runtime.unregister(transport.id)
        }
    }
}
