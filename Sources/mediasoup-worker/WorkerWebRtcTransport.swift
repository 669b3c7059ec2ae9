import Mediasoup
import MediasoupChannel

/// A WebRTC transport inside the worker: ICE-lite (always controlled), DTLS,
/// SRTP, SCTP. It listens on its own sockets (one ICE candidate per listen
/// info) or through a ``WorkerWebRtcServer``'s.
///
/// This holds the control-plane state (credentials, candidates, roles and
/// states) and sends the state-change notifications; the ICE and DTLS
/// machinery of the media plane drives the states through
/// ``updateIceState(_:)``, ``updateIceSelectedTuple(_:)``,
/// ``updateDtlsState(_:remoteCert:)`` and ``updateSctpState(_:)``.
final class WorkerWebRtcTransport: WorkerTransport {
    override class var statsType: String { "webrtc-transport" }

    /// Own sockets, in listen order; empty when listening through a server.
    private var sockets: [BoundSocket]
    /// The server it listens through, if any.
    private weak var server: WorkerWebRtcServer?
    let iceCandidates: [IceCandidate]
    /// Seconds without ICE consent before disconnecting; 0 disables the check.
    let iceConsentTimeout: Int
    private(set) var usernameFragment: String
    private(set) var password: String
    /// The username fragment before the last ICE restart, still accepted until
    /// the peer uses the new one.
    private var oldUsernameFragment: String?
    private(set) var iceState: IceState = .new
    private(set) var iceSelectedTuple: TransportTuple?
    /// `auto` until connect(); then the opposite of the remote role (`client` for a remote `auto`).
    private(set) var dtlsRole: DtlsRole = .auto
    /// The remote fingerprint given to connect() (its first one); nil before connect().
    private(set) var remoteFingerprint: DtlsFingerprint?
    private(set) var dtlsState: DtlsState = .new

    private init(
        router: WorkerRouter, payload: CreateWebRtcTransportPayload, iceCandidates: [IceCandidate],
        sockets: [BoundSocket], server: WorkerWebRtcServer?
    ) {
        self.sockets = sockets
        self.server = server
        self.iceCandidates = iceCandidates
        self.iceConsentTimeout = payload.iceConsentTimeout
        self.usernameFragment = Self.randomIceString()
        self.password = Self.randomIceString()
        super.init(router: router, options: payload.base)
    }

    /// Handles `router.createWebRtcTransport`: binds the transport's sockets
    /// or attaches it to its WebRTC server.
    ///
    /// - Throws: ``TypeError`` for malformed options, an invalid IP, a
    ///   reversed port range or no candidate; ``MediasoupError`` when a socket
    ///   cannot be bound or the WebRTC server does not exist.
    static func create(_ request: ChannelRequest, router: WorkerRouter) throws -> WorkerWebRtcTransport {
        let payload = try request.payload(CreateWebRtcTransportPayload.self)
        if let serverId = payload.webRtcServerId {
            guard let server = router.runtime.webRtcServer(serverId) else {
                throw MediasoupError("wrong webRtcServerId (no associated WebRtcServer found) [id:\(serverId)]")
            }
            let candidates = server.iceCandidates(
                enableUdp: payload.enableUdp, enableTcp: payload.enableTcp, preferUdp: payload.preferUdp,
                preferTcp: payload.preferTcp)
            guard !candidates.isEmpty else { throw TypeError("empty iceCandidates") }
            let transport = WorkerWebRtcTransport(
                router: router, payload: payload, iceCandidates: candidates, sockets: [], server: server)
            server.add(transport)
            server.addUsernameFragment(transport.usernameFragment, of: transport)
            return transport
        }
        guard let listenInfos = payload.listenInfos else { throw TypeError("missing listenInfos") }
        guard !listenInfos.isEmpty else { throw TypeError("empty listenInfos") }
        let sockets = try SocketBinding.bind(listenInfos, defaultPortRange: router.runtime.defaultPortRange)
        let candidates = sockets.enumerated().map { index, socket in
            candidate(socket, localPreference: localPreference(index: index))
        }
        return WorkerWebRtcTransport(
            router: router, payload: payload, iceCandidates: candidates, sockets: sockets, server: nil)
    }

    // MARK: Requests

    override func handleKind(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .transportConnect:
            return try connect(request.payload(WebRtcTransportConnectPayload.self).dtlsParameters).channelData()
        case .transportRestartIce:
            return try restartIce().channelData()
        default:
            return try super.handleKind(request)
        }
    }

    /// Takes the remote DTLS parameters and picks the local role.
    ///
    /// - Throws: ``MediasoupError`` when already called; ``TypeError`` for no fingerprint.
    private func connect(_ remote: DtlsParameters) throws -> WebRtcTransportConnectResponse {
        guard remoteFingerprint == nil else { throw MediasoupError("connect() already called") }
        guard let fingerprint = remote.fingerprints.first else {
            throw TypeError("empty dtlsParameters.fingerprints array")
        }
        // An ICE-controlled endpoint facing an `auto` peer becomes the DTLS client.
        switch remote.role ?? .auto {
        case .client: dtlsRole = .server
        case .server, .auto: dtlsRole = .client
        }
        remoteFingerprint = fingerprint
        return WebRtcTransportConnectResponse(dtlsLocalRole: dtlsRole)
    }

    /// New local ICE credentials. The previous username fragment stays known
    /// to the server until the next restart (mediasoup drops it once the peer
    /// uses the new one).
    private func restartIce() -> IceParameters {
        if let oldUsernameFragment { server?.removeUsernameFragment(oldUsernameFragment) }
        oldUsernameFragment = usernameFragment
        usernameFragment = Self.randomIceString()
        password = Self.randomIceString()
        server?.addUsernameFragment(usernameFragment, of: self)
        return iceParameters
    }

    var iceParameters: IceParameters {
        IceParameters(usernameFragment: usernameFragment, password: password, iceLite: true)
    }

    // MARK: Dump and stats

    override func fillDump(_ dump: inout TransportDump) {
        dump.iceRole = .controlled
        dump.iceParameters = iceParameters
        dump.iceCandidates = iceCandidates
        dump.iceState = iceState
        dump.iceSelectedTuple = iceSelectedTuple
        dump.dtlsParameters = DtlsParameters(role: dtlsRole, fingerprints: runtime.certificate.fingerprints)
        dump.dtlsState = dtlsState
    }

    override func fillStats(_ stats: inout TransportStats) {
        stats.iceRole = .controlled
        stats.iceState = iceState
        stats.iceSelectedTuple = iceSelectedTuple
        stats.dtlsState = dtlsState
    }

    // MARK: State changes (driven by the media plane)

    func updateIceState(_ state: IceState) {
        guard state != iceState else { return }
        iceState = state
        send(WebRtcTransportNotification.iceStateChange, WebRtcTransportNotification.IceStateChange(iceState: state))
    }

    func updateIceSelectedTuple(_ tuple: TransportTuple) {
        guard tuple != iceSelectedTuple else { return }
        iceSelectedTuple = tuple
        send(
            WebRtcTransportNotification.iceSelectedTupleChange,
            WebRtcTransportNotification.IceSelectedTupleChange(tuple: tuple))
    }

    func updateDtlsState(_ state: DtlsState, remoteCert: String? = nil) {
        guard state != dtlsState else { return }
        dtlsState = state
        send(
            WebRtcTransportNotification.dtlsStateChange,
            WebRtcTransportNotification.DtlsStateChange(dtlsState: state, remoteCert: remoteCert))
    }

    func updateSctpState(_ state: SctpState) {
        guard sctpState != nil, state != sctpState else { return }
        sctpState = state
        send(WebRtcTransportNotification.sctpStateChange, WebRtcTransportNotification.SctpStateChange(sctpState: state))
    }

    private func send(_ event: String, _ data: some Encodable) {
        do {
            runtime.notify(targetId: id, event: event, data: try data.channelData())
        } catch {
            runtime.log(.error, "cannot encode \(event) for transport \(id): \(error)")
        }
    }

    // MARK: Closing

    override func closeKind() {
        server?.remove(self)
        server = nil
        for socket in sockets { socket.close() }
        sockets = []
        iceSelectedTuple = nil
    }

    /// The WebRTC server it listens through closed: the transport closes in
    /// its router, as `router.closeTransport` would close it.
    func listenServerClosed() {
        server = nil
        do {
            _ = try router.handle(
                ChannelRequest(
                    id: 0, method: .routerCloseTransport, handlerId: router.id,
                    data: TransportIdPayload(transportId: id).channelData()))
        } catch {
            runtime.log(.warn, "closing transport \(id) after its WebRtcServer closed: \(error)")
        }
    }

    // MARK: ICE candidates

    /// RFC 8445 §5.1.2.1 local preference of the listen entry at `index`: 10000, less 100 per earlier entry.
    static func localPreference(index: Int) -> Int {
        max(0, 10000 - 100 * index)
    }

    /// A host candidate for `socket`: type preference 64 (host), component 1 (RTP and RTCP muxed).
    static func candidate(_ socket: BoundSocket, localPreference: Int) -> IceCandidate {
        let priority = (1 << 24) * 64 + (1 << 8) * min(localPreference, 65535) + (256 - 1)
        return IceCandidate(
            foundation: socket.protocol == .udp ? "udpcandidate" : "tcpcandidate",
            priority: UInt32(clamping: priority),
            address: socket.advertisedAddress,
            protocol: socket.protocol,
            port: socket.localPort,
            type: .host,
            tcpType: socket.protocol == .tcp ? .passive : nil)
    }

    /// 32 random characters from [a-z0-9], as mediasoup's ICE credentials.
    static func randomIceString() -> String {
        let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in characters[Int.random(in: 0..<characters.count, using: &generator)] })
    }
}
