import Mediasoup
import MediasoupChannel
import Synchronization

/// A WebRtcTransport of the local engine. Its ICE/DTLS/SCTP properties are
/// read synchronously, as mediasoup's are: the creation response fills them,
/// `connect()` and `restartIce()` update them from the worker's answers, and
/// the worker's state-change notifications update them and emit the events.
final class LocalWebRtcTransport: LocalTransport, WebRtcTransport, ListenServerClosable {
    let core: TransportCore
    let iceRole: IceRole
    let iceCandidates: [IceCandidate]
    let sctpParameters: SctpParameters?
    /// The WebRTC server it listens through, if any.
    private let webRtcServer: LocalWebRtcServer?

    private struct State {
        var iceParameters: IceParameters
        var iceState: IceState
        var iceSelectedTuple: TransportTuple?
        var dtlsParameters: DtlsParameters
        var dtlsState: DtlsState
        var dtlsRemoteCert: String?
        var sctpState: SctpState?
    }
    private let state: Mutex<State>

    /// - Throws: ``MediasoupError`` when the worker's dump lacks a WebRtcTransport field.
    init(core: TransportCore, dump: TransportDump, webRtcServer: LocalWebRtcServer?) throws {
        guard let iceRole = dump.iceRole, let iceParameters = dump.iceParameters,
            let iceCandidates = dump.iceCandidates, let iceState = dump.iceState,
            let dtlsParameters = dump.dtlsParameters, let dtlsState = dump.dtlsState
        else { throw MediasoupError("the worker's WebRtcTransport data lacks ICE or DTLS fields [id:\(core.id)]") }
        self.core = core
        self.iceRole = iceRole
        self.iceCandidates = iceCandidates
        self.sctpParameters = dump.sctpParameters
        self.webRtcServer = webRtcServer
        self.state = Mutex(
            State(
                iceParameters: iceParameters, iceState: iceState, iceSelectedTuple: dump.iceSelectedTuple,
                dtlsParameters: dtlsParameters, dtlsState: dtlsState, dtlsRemoteCert: dump.dtlsRemoteCert,
                sctpState: dump.sctpState))
    }

    var iceParameters: IceParameters { state.withLock { $0.iceParameters } }
    var iceState: IceState { state.withLock { $0.iceState } }
    var iceSelectedTuple: TransportTuple? { state.withLock { $0.iceSelectedTuple } }
    var dtlsParameters: DtlsParameters { state.withLock { $0.dtlsParameters } }
    var dtlsState: DtlsState { state.withLock { $0.dtlsState } }
    var dtlsRemoteCert: String? { state.withLock { $0.dtlsRemoteCert } }
    var sctpState: SctpState? { state.withLock { $0.sctpState } }

    func connect(dtlsParameters: DtlsParameters) async throws {
        let response = try await core.request(
            .transportConnect, data: WebRtcTransportConnectPayload(dtlsParameters: dtlsParameters).channelData())
        let role = try response.decoded(WebRtcTransportConnectResponse.self).dtlsLocalRole
        state.withLock { $0.dtlsParameters.role = role }
    }

    func restartIce() async throws -> IceParameters {
        let iceParameters = try await core.request(.transportRestartIce).decoded(IceParameters.self)
        state.withLock { $0.iceParameters = iceParameters }
        return iceParameters
    }

    // MARK: Closing

    /// Closing for any reason: ICE and DTLS are closed, SCTP too when it was
    /// enabled, and the transport leaves its WebRTC server.
    func kindWillClose() {
        state.withLock { state in
            state.iceState = .closed
            state.iceSelectedTuple = nil
            state.dtlsState = .closed
            if state.sctpState != nil { state.sctpState = .closed }
        }
        webRtcServer?.unhandle(self)
    }

    /// The WebRTC server it listens through closed: close with `listenserverclose`.
    func listenServerClosed() {
        guard let children = core.markClosed() else { return }
        finishClosing(children)
        events.emit(.listenServerClose)
        observer.emit(.close)
    }

    // MARK: Worker notifications

    /// Applies a notification of the worker about this transport and emits
    /// its event on `events` and `observer`. Unknown events are ignored.
    func handle(_ notification: ChannelNotification) {
        do {
            switch notification.event {
            case WebRtcTransportNotification.iceStateChange:
                let iceState = try notification.data.decoded(WebRtcTransportNotification.IceStateChange.self).iceState
                state.withLock { $0.iceState = iceState }
                events.emit(.iceStateChange(iceState))
                observer.emit(.iceStateChange(iceState))

            case WebRtcTransportNotification.iceSelectedTupleChange:
                let tuple = try notification.data.decoded(WebRtcTransportNotification.IceSelectedTupleChange.self).tuple
                state.withLock { $0.iceSelectedTuple = tuple }
                events.emit(.iceSelectedTupleChange(tuple))
                observer.emit(.iceSelectedTupleChange(tuple))

            case WebRtcTransportNotification.dtlsStateChange:
                let change = try notification.data.decoded(WebRtcTransportNotification.DtlsStateChange.self)
                state.withLock { state in
                    state.dtlsState = change.dtlsState
                    if change.dtlsState == .connected { state.dtlsRemoteCert = change.remoteCert }
                }
                events.emit(.dtlsStateChange(change.dtlsState))
                observer.emit(.dtlsStateChange(change.dtlsState))

            case TransportNotification.sctpStateChange:
                let sctpState = try notification.data.decoded(TransportNotification.SctpStateChange.self).sctpState
                state.withLock { $0.sctpState = sctpState }
                events.emit(.sctpStateChange(sctpState))
                observer.emit(.sctpStateChange(sctpState))

            case TransportNotification.trace:
                let trace = try notification.data.decoded(TransportTraceEventData.self)
                events.emit(.trace(trace))
                observer.emit(.trace(trace))

            default:
                break
            }
        } catch {
            // A malformed notification changes nothing.
        }
    }
}

// MARK: Test hook

extension LocalWebRtcTransport: EngineNotificationInjecting {
    /// Sends `notification` down the channel's incoming path as the worker's
    /// ICE, DTLS or SCTP state notification, with the data the worker sends,
    /// so ``handle(_:)`` applies it.
    func injectNotificationForTesting(_ notification: EngineNotification) throws {
        let event: String
        let data: JSONValue
        switch notification {
        case .iceStateChange(let iceState):
            event = WebRtcTransportNotification.iceStateChange
            data = try WebRtcTransportNotification.IceStateChange(iceState: iceState).channelData()
        case .iceSelectedTupleChange(let tuple):
            event = WebRtcTransportNotification.iceSelectedTupleChange
            data = try WebRtcTransportNotification.IceSelectedTupleChange(tuple: tuple).channelData()
        case .dtlsStateChange(let dtlsState, let remoteCert):
            event = WebRtcTransportNotification.dtlsStateChange
            data = try WebRtcTransportNotification.DtlsStateChange(dtlsState: dtlsState, remoteCert: remoteCert)
                .channelData()
        case .sctpStateChange(let sctpState):
            event = TransportNotification.sctpStateChange
            data = try TransportNotification.SctpStateChange(sctpState: sctpState).channelData()
        case .producerScore, .consumerScore:
            throw TypeError("a WebRtcTransport does not receive this notification [notification:\(notification)]")
        }
        try core.channel.injectForTesting(ChannelNotification(targetId: id, event: event, data: data))
    }
}

extension LocalRouter {
    /// mediasoup's `router.createWebRtcTransport()`.
    ///
    /// - Throws: ``TypeError`` when none of `webRtcServer`, `listenInfos` and
    ///   `listenIps` is given, or all three are, or the server is not one of
    ///   this engine; the worker's ``TypeError`` or ``MediasoupError`` when
    ///   it cannot listen as asked.
    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport {
        if options.webRtcServer == nil, options.listenInfos == nil, options.listenIps == nil {
            throw TypeError("missing webRtcServer, listenInfos and listenIps (one of them is mandatory)")
        }
        if options.webRtcServer != nil, options.listenInfos != nil, options.listenIps != nil {
            throw TypeError("only one of webRtcServer, listenInfos and listenIps must be given")
        }
        var server: LocalWebRtcServer?
        if let given = options.webRtcServer {
            guard let local = given as? LocalWebRtcServer else {
                throw TypeError("webRtcServer is not a WebRtcServer of the local engine")
            }
            server = local
        }

        // With a server both protocols default to enabled; otherwise only UDP.
        let enableUdp = options.enableUdp ?? true
        let enableTcp = options.enableTcp ?? (server != nil)
        let preferUdp = options.preferUdp ?? false
        let preferTcp = options.preferTcp ?? false

        var listenInfos = options.listenInfos
        if server == nil, let listenIps = options.listenIps {
            listenInfos = Self.listenInfos(
                listenIps, port: options.port, enableUdp: enableUdp, enableTcp: enableTcp, preferUdp: preferUdp,
                preferTcp: preferTcp)
        }

        let core = try makeTransportCore(
            appData: options.appData, maxMessageSize: options.maxSctpMessageSize ?? 262_144)
        let base = TransportBaseOptions(
            transportId: core.id, maxMessageSize: core.maxMessageSize,
            sctp: options.enableSctp == true
                ? .init(
                    numSctpStreams: options.numSctpStreams ?? .default,
                    sendBufferSize: options.sctpSendBufferSize ?? 262_144, isDataChannel: true)
                : nil,
            initialAvailableOutgoingBitrate: options.initialAvailableOutgoingBitrate ?? 600_000)
        let payload = CreateWebRtcTransportPayload(
            base: base, webRtcServerId: server?.id, listenInfos: server == nil ? listenInfos : nil,
            enableUdp: enableUdp, enableTcp: enableTcp, preferUdp: preferUdp, preferTcp: preferTcp,
            iceConsentTimeout: options.iceConsentTimeout ?? 30)

        let inbox = channel.subscribe(core.id)
        let transport: LocalWebRtcTransport
        do {
            let dump = try await channel.request(.routerCreateWebRtcTransport, handlerId: id, data: payload.channelData())
                .decoded(TransportDump.self)
            transport = try LocalWebRtcTransport(core: core, dump: dump, webRtcServer: server)
        } catch {
            channel.unsubscribe(core.id)
            throw error
        }
        inbox.attach { [weak transport] notification in transport?.handle(notification) }
        addTransport(transport)
        server?.handle(transport)
        return transport
    }

    /// Expands deprecated listen IPs into listen infos: one per IP per enabled
    /// protocol, UDP first unless TCP is preferred (and UDP not), or UDP is disabled.
    static func listenInfos(
        _ listenIps: [TransportListenIp], port: UInt16?, enableUdp: Bool, enableTcp: Bool, preferUdp: Bool,
        preferTcp: Bool
    ) -> [TransportListenInfo] {
        var protocols: [TransportProtocol] = []
        if enableUdp && (preferUdp || !enableTcp || !preferTcp) {
            protocols = enableTcp ? [.udp, .tcp] : [.udp]
        } else if enableTcp && ((preferTcp && !preferUdp) || !enableUdp) {
            protocols = enableUdp ? [.tcp, .udp] : [.tcp]
        }
        return listenIps.flatMap { listenIp in
            protocols.map { TransportListenInfo(protocol: $0, ip: listenIp.ip, announcedAddress: listenIp.announcedIp, port: port) }
        }
    }
}
