import Mediasoup
import MediasoupChannel
import Synchronization

/// What every transport of the local engine has, whatever its kind: identity,
/// events, the router it lives in, the producers, consumers and data
/// entities created on it, and the close cascade. Each kind is a final class
/// holding one of these (see ``LocalTransport``).
final class TransportCore: Sendable {
    let id: String
    let channel: WorkerChannel
    let router: LocalRouter
    let events = EventEmitter<TransportEvent>()
    let observer = EventEmitter<TransportObserverEvent>()

    struct State {
        var closed = false
        var appData: AppData
        var producers: [String: any TransportChild] = [:]
        var consumers: [String: any TransportChild] = [:]
        var dataProducers: [String: any TransportChild] = [:]
        var dataConsumers: [String: any TransportChild] = [:]
        /// The CNAME every producer of a non-pipe transport is given (the first producer's).
        var cnameForProducers: String?
        /// The next MID handed to a consumer, from 0, wrapping at 100000000.
        var nextMid = 0
        /// SCTP stream ids handed to data consumers.
        var sctpStreamIds: [Bool] = []
        var nextSctpStreamId = 0
    }
    let state: Mutex<State>

    /// The largest data message the transport carries (SCTP's maxMessageSize,
    /// or a DirectTransport's): larger ones are refused where they are sent.
    let maxMessageSize: Int

    init(id: String, channel: WorkerChannel, router: LocalRouter, appData: AppData, maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
        self.id = id
        self.channel = channel
        self.router = router
        self.state = Mutex(State(appData: appData))
    }

    var closed: Bool { state.withLock { $0.closed } }

    /// A request to this transport. - Throws: ``InvalidStateError`` when closed.
    func request(_ method: ChannelMethod, data: JSONValue? = nil) async throws -> JSONValue? {
        try await channel.request(method, handlerId: id, data: data)
    }

    /// Marks the transport closed and hands back its children, producers first;
    /// nil when it already was closed.
    func markClosed() -> [any TransportChild]? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            let children =
                Array(state.producers.values) + Array(state.consumers.values) + Array(state.dataProducers.values)
                + Array(state.dataConsumers.values)
            state.producers = [:]
            state.consumers = [:]
            state.dataProducers = [:]
            state.dataConsumers = [:]
            return children
        }
    }
}

/// A producer, consumer, data producer or data consumer: closes with its transport.
protocol TransportChild: AnyObject, Sendable {
    var id: String { get }
    /// The transport closed: close without a request, emit `transportclose`.
    func transportClosed()
}

/// A transport of the local engine. Each kind is a final class with a
/// ``TransportCore``; everything common is implemented here once.
protocol LocalTransport: Transport, RouterChild {
    var core: TransportCore { get }
    /// The kind's own state on closing (ICE/DTLS states, server registration). Default: nothing.
    func kindWillClose()
}

extension LocalTransport {
    var id: String { core.id }
    var closed: Bool { core.closed }
    var appData: AppData {
        get { core.state.withLock { $0.appData } }
        set { core.state.withLock { $0.appData = newValue } }
    }
    var events: EventEmitter<TransportEvent> { core.events }
    var observer: EventEmitter<TransportObserverEvent> { core.observer }

    func kindWillClose() {}

    /// Closes the transport and everything on it. Idempotent.
    func close() {
        guard let children = core.markClosed() else { return }
        let (channel, routerId, transportId) = (core.channel, core.router.id, core.id)
        startImmediately {
            _ = try? await channel.request(
                .routerCloseTransport, handlerId: routerId, data: TransportIdPayload(transportId: transportId).channelData())
        }
        finishClosing(children)
        observer.emit(.close)
    }

    /// The router closed: close with `routerclose`.
    func routerClosed() {
        guard let children = core.markClosed() else { return }
        finishClosing(children)
        events.emit(.routerClose)
        observer.emit(.close)
    }

    /// Closes the children, lets the kind update its state, leaves the router.
    func finishClosing(_ children: [any TransportChild]) {
        for child in children { child.transportClosed() }
        kindWillClose()
        core.channel.unsubscribe(core.id)
        core.router.removeTransport(core.id)
    }

    func dump() async throws -> TransportDump {
        try await core.request(.transportDump).decoded(TransportDump.self)
    }

    func getStats() async throws -> [TransportStats] {
        try await core.request(.transportGetStats).decoded([TransportStats].self)
    }

    func setMaxIncomingBitrate(_ bitrate: Int) async throws {
        _ = try await core.request(.transportSetMaxIncomingBitrate, data: BitratePayload(bitrate: bitrate).channelData())
    }

    func setMaxOutgoingBitrate(_ bitrate: Int) async throws {
        _ = try await core.request(.transportSetMaxOutgoingBitrate, data: BitratePayload(bitrate: bitrate).channelData())
    }

    func setMinOutgoingBitrate(_ bitrate: Int) async throws {
        _ = try await core.request(.transportSetMinOutgoingBitrate, data: BitratePayload(bitrate: bitrate).channelData())
    }

    func enableTraceEvent(_ types: [TransportTraceEventType]) async throws {
        _ = try await core.request(
            .transportEnableTraceEvent, data: TraceEventTypesPayload(types: types.map(\.rawValue)).channelData())
    }
}
