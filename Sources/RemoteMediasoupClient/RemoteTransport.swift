import Mediasoup
import RemoteMediasoupProtocol

/// A transport proxy. Each kind is a final class with a
/// ``RemoteTransportCore``; everything common is implemented here once.
protocol RemoteTransport: Transport, RemoteProxy {
    var transportCore: RemoteTransportCore { get }
    /// The kind's own state on closing here (ICE/DTLS states, server
    /// registration). Default: nothing.
    func kindWillClose()
    /// Takes the kind's properties from a snapshot.
    func updateKind(from snapshot: ObjectSnapshot)
    /// The largest data message the transport carries, when known here:
    /// larger ones are refused with ``TypeError`` before they are sent.
    var dataMessageLimit: Int? { get }
}

extension RemoteTransport {
    var core: ProxyCore { transportCore.proxy }
    var events: EventEmitter<TransportEvent> { transportCore.events }
    var observer: EventEmitter<TransportObserverEvent> { transportCore.observer }

    func kindWillClose() {}

    /// SCTP's maxMessageSize for the transports that have SCTP.
    var dataMessageLimit: Int? {
        switch self {
        case let transport as any WebRtcTransport: transport.sctpParameters?.maxMessageSize
        case let transport as any PlainTransport: transport.sctpParameters?.maxMessageSize
        case let transport as any PipeTransport: transport.sctpParameters?.maxMessageSize
        default: nil
        }
    }

    // MARK: Closing

    /// Closes the transport and everything on it. Idempotent.
    func close() {
        close(notifyingServer: true)
    }

    /// Closes here; tells the server unless it closes the object itself
    /// (the other half of a `pipeToRouter()` link).
    func close(notifyingServer: Bool) {
        guard core.markClosed() else { return }
        finishClosing()
        observer.emit(.close)
        finish()
        if notifyingServer { core.send(RemoteProcedure.close) }
    }

    /// The router closed: `routerclose`.
    func closeWithParent() {
        guard core.markClosed() else { return }
        finishClosing()
        events.emit(.routerClose)
        observer.emit(.close)
        finish()
    }

    /// Closes the children (`transportclose`), lets the kind update its
    /// state, leaves the router.
    func finishClosing() {
        for child in transportCore.takeAll() { child.closeWithParent() }
        kindWillClose()
        transportCore.router.release(self)
    }

    // MARK: Requests

    func dump() async throws -> TransportDump {
        try await core.request(RemoteProcedure.dump, as: TransportDump.self)
    }

    func getStats() async throws -> [TransportStats] {
        try await core.request(RemoteProcedure.getStats, as: [TransportStats].self)
    }

    func setMaxIncomingBitrate(_ bitrate: Int) async throws {
        _ = try await core.request(RemoteProcedure.setMaxIncomingBitrate, [RemoteParam.bitrate: .number(Double(bitrate))])
    }

    func setMaxOutgoingBitrate(_ bitrate: Int) async throws {
        _ = try await core.request(RemoteProcedure.setMaxOutgoingBitrate, [RemoteParam.bitrate: .number(Double(bitrate))])
    }

    func setMinOutgoingBitrate(_ bitrate: Int) async throws {
        _ = try await core.request(RemoteProcedure.setMinOutgoingBitrate, [RemoteParam.bitrate: .number(Double(bitrate))])
    }

    func enableTraceEvent(_ types: [TransportTraceEventType]) async throws {
        _ = try await core.request(
            RemoteProcedure.enableTraceEvent, [RemoteParam.types: try RemoteSession.wire(types, what: "types")])
    }

    func produce(_ options: ProducerOptions) async throws -> any Producer {
        try await create(RemoteProcedure.produce, options, as: RemoteProducer.self)
    }

    func consume(_ options: ConsumerOptions) async throws -> any Consumer {
        try await create(RemoteProcedure.consume, options, as: RemoteConsumer.self)
    }

    func produceData(_ options: DataProducerOptions) async throws -> any DataProducer {
        try await create(RemoteProcedure.produceData, options, as: RemoteDataProducer.self)
    }

    func consumeData(_ options: DataConsumerOptions) async throws -> any DataConsumer {
        try await create(RemoteProcedure.consumeData, options, as: RemoteDataConsumer.self)
    }

    func create<P>(_ procedure: String, _ options: some Encodable, as type: P.Type) async throws -> P {
        try await core.create(procedure, [RemoteParam.options: try RemoteSession.wire(options, what: "options")], as: P.self)
    }

    /// Refreshes the kind's properties from a dump after a call that changes
    /// them without an event (`connect`); a failed dump changes nothing.
    func refreshFromDump(apply: (TransportDump) -> Void) async {
        guard let dump = try? await core.request(RemoteProcedure.dump, as: TransportDump.self) else { return }
        apply(dump)
    }

    // MARK: The graph

    var childProxies: [any RemoteProxy] { transportCore.all }
    func adopt(_ child: any RemoteProxy) { transportCore.adopt(child) }
    func release(_ child: any RemoteProxy) { transportCore.release(child) }
    func announce(_ child: any RemoteProxy) { transportCore.announce(child) }

    func update(from snapshot: ObjectSnapshot) {
        updateKind(from: snapshot)
    }

    func emit(_ notification: EventNotification) {
        let (name, data) = (notification.event, notification.data)
        if notification.observer {
            switch eventName(notification, in: TransportObserverEventName.self) {
            case .close?:
                observer.emit(.close)
            case .newProducer?, .newConsumer?, .newDataProducer?, .newDataConsumer?:
                if let child = child(data, as: (any RemoteProxy).self) { announce(child) }
            case .trace?, .iceStateChange?, .iceSelectedTupleChange?, .dtlsStateChange?, .sctpStateChange?, .tuple?,
                .rtcpTuple?, .rtcp?:
                if let event = sharedEvent(name, data) { observer.emit(event.observerEvent) }
            case nil:
                break
            }
            return
        }
        switch eventName(notification, in: TransportEventName.self) {
        case .routerClose?:
            events.emit(.routerClose)
        case .listenServerClose?:
            events.emit(.listenServerClose)
        case .trace?, .iceStateChange?, .iceSelectedTupleChange?, .dtlsStateChange?, .sctpStateChange?, .tuple?,
            .rtcpTuple?, .rtcp?:
            if let event = sharedEvent(name, data) { events.emit(event.event) }
        case nil:
            break
        }
    }

    /// The events both emitters carry, decoded.
    /// An event that `events` and `observer` share, decoded; nil for the others.
    private func sharedEvent(_ name: String, _ data: JSONValue) -> SharedTransportEvent? {
        switch TransportEventName(rawValue: name) {
        case .trace?:
            decode(data, as: TransportTraceEventData.self, event: name).map { .trace($0) }
        case .iceStateChange?:
            decode(data, as: IceState.self, event: name).map { .iceStateChange($0) }
        case .iceSelectedTupleChange?:
            decode(data, as: TransportTuple.self, event: name).map { .iceSelectedTupleChange($0) }
        case .dtlsStateChange?:
            decode(data, as: DtlsState.self, event: name).map { .dtlsStateChange($0) }
        case .sctpStateChange?:
            decode(data, as: SctpState.self, event: name).map { .sctpStateChange($0) }
        case .tuple?:
            decode(data, as: TransportTuple.self, event: name).map { .tuple($0) }
        case .rtcpTuple?:
            decode(data, as: TransportTuple.self, event: name).map { .rtcpTuple($0) }
        case .rtcp?:
            bytes(data, event: name).map { .rtcp($0) }
        case .routerClose?, .listenServerClose?, nil:
            nil
        }
    }
}

/// The transport events that `events` and `observer` share.
private enum SharedTransportEvent {
    case trace(TransportTraceEventData)
    case iceStateChange(IceState)
    case iceSelectedTupleChange(TransportTuple)
    case dtlsStateChange(DtlsState)
    case sctpStateChange(SctpState)
    case tuple(TransportTuple)
    case rtcpTuple(TransportTuple)
    case rtcp([UInt8])

    var event: TransportEvent {
        switch self {
        case .trace(let trace): .trace(trace)
        case .iceStateChange(let state): .iceStateChange(state)
        case .iceSelectedTupleChange(let tuple): .iceSelectedTupleChange(tuple)
        case .dtlsStateChange(let state): .dtlsStateChange(state)
        case .sctpStateChange(let state): .sctpStateChange(state)
        case .tuple(let tuple): .tuple(tuple)
        case .rtcpTuple(let tuple): .rtcpTuple(tuple)
        case .rtcp(let packet): .rtcp(packet)
        }
    }

    var observerEvent: TransportObserverEvent {
        switch self {
        case .trace(let trace): .trace(trace)
        case .iceStateChange(let state): .iceStateChange(state)
        case .iceSelectedTupleChange(let tuple): .iceSelectedTupleChange(tuple)
        case .dtlsStateChange(let state): .dtlsStateChange(state)
        case .sctpStateChange(let state): .sctpStateChange(state)
        case .tuple(let tuple): .tuple(tuple)
        case .rtcpTuple(let tuple): .rtcpTuple(tuple)
        case .rtcp(let packet): .rtcp(packet)
        }
    }
}
