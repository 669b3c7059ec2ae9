import DTLS
import ICE
import Mediasoup
import MediasoupChannel
import NIOCore

/// A WebRTC transport inside the worker: ICE-lite (always controlled), DTLS,
/// SRTP, SCTP. It listens on its own sockets (one ICE candidate per listen
/// info) or through a ``WorkerWebRtcServer``'s.
///
/// This holds the control-plane state (candidates, roles and states) and
/// sends the state-change notifications; the media plane (its ICE and DTLS
/// extensions) runs the ICE-lite agent and the DTLS association and drives
/// the states through ``notifyIceState(_:)``, ``updateIceSelectedTuple(_:)``
/// and ``updateDtlsState(_:remoteCert:)``.
final class WorkerWebRtcTransport: WorkerTransport {
    override class var statsType: String { "webrtc-transport" }

    /// Own UDP sockets, in listen order; empty when listening through a server.
    var udpSockets: [WebRtcUdpSocket] = []
    /// Own ICE-TCP listeners, in listen order; empty when listening through a server.
    var tcpServers: [WebRtcTcpServer] = []
    /// The server it listens through, if any.
    private(set) weak var server: WorkerWebRtcServer?
    let iceCandidates: [IceCandidate]
    /// The ICE-lite agent: credentials, checks, tuples, consent.
    var ice: IceLiteServer
    private(set) var iceSelectedTuple: TransportTuple?
    /// Where media goes: the selected tuple and how to reach it.
    var selectedPath: SelectedPath?
    /// `auto` until connect(); then the opposite of the remote role (`client` for a remote `auto`).
    private(set) var dtlsRole: DtlsRole = .auto
    /// The remote fingerprint given to connect() (its first one); nil before connect().
    private(set) var remoteFingerprint: DtlsFingerprint?
    private(set) var dtlsState: DtlsState = .new
    /// The DTLS association, once ICE connected (replaced when connect() changes the role).
    var dtls: DtlsEndpoint?
    /// The SRTP sessions keyed by the DTLS handshake: until then no media flows.
    var srtpSessions: TransportSrtp?
    /// The one timer of ICE consent and DTLS retransmission, and when it fires.
    var timer: Scheduled<Void>?
    var timerDeadline: UInt64?
    /// Datagrams refused: not from a tuple ICE validated, or of no known kind.
    var refusedDatagrams = 0

    /// The selected tuple and how to reach it: a UDP socket and the remote
    /// address, or an ICE-TCP connection (framed writes: the slow path).
    enum SelectedPath {
        case udp(IceTuple, WebRtcUdpSocket, SocketAddress)
        case tcp(IceTuple, WebRtcTcpConnection)

        var tuple: IceTuple {
            switch self {
            case .udp(let tuple, _, _), .tcp(let tuple, _): tuple
            }
        }
    }

    override func producerSsrcsReleased(_ ssrcs: Set<UInt32>) {
        for ssrc in ssrcs { srtpSessions?.forgetInbound(ssrc: ssrc) }
    }

    private init(
        router: WorkerRouter, payload: CreateWebRtcTransportPayload, iceCandidates: [IceCandidate],
        server: WorkerWebRtcServer?
    ) {
        self.server = server
        self.iceCandidates = iceCandidates
        self.ice = IceLiteServer(
            usernameFragment: Self.randomIceString(), password: Self.randomIceString(),
            consentTimeout: payload.iceConsentTimeout)
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
                router: router, payload: payload, iceCandidates: candidates, server: server)
            server.add(transport)
            server.addUsernameFragment(transport.ice.usernameFragment, of: transport)
            return transport
        }
        guard let listenInfos = payload.listenInfos else { throw TypeError("missing listenInfos") }
        guard !listenInfos.isEmpty else { throw TypeError("empty listenInfos") }
        let sockets = try SocketBinding.bind(listenInfos, defaultPortRange: router.runtime.defaultPortRange)
        let candidates = sockets.enumerated().map { index, socket in
            candidate(socket, localPreference: localPreference(index: index))
        }
        let transport = WorkerWebRtcTransport(
            router: router, payload: payload, iceCandidates: candidates, server: nil)
        do {
            try transport.receive(on: sockets)
        } catch {
            transport.closeKind()
            for socket in sockets { socket.close() }
            throw error
        }
        return transport
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
        let now = monotonicMilliseconds()
        dtls?.setRemoteFingerprint(fingerprint)
        drainDtls(now: now)
        mayRunDtls(now: now)
        return WebRtcTransportConnectResponse(dtlsLocalRole: dtlsRole)
    }

    /// New local ICE credentials. The previous username fragment stays known
    /// to the server until the next restart (mediasoup drops it once the peer
    /// uses the new one).
    private func restartIce() -> IceParameters {
        let now = monotonicMilliseconds()
        ice.restartIce(usernameFragment: Self.randomIceString(), password: Self.randomIceString(), now: now)
        server?.addUsernameFragment(ice.usernameFragment, of: self)
        drainIce(now: now)
        return iceParameters
    }

    var iceParameters: IceParameters {
        IceParameters(usernameFragment: ice.usernameFragment, password: ice.password, iceLite: true)
    }

    /// mediasoup's name for where ICE is.
    var iceState: IceState {
        switch ice.state {
        case .new: .new
        case .connected: .connected
        case .completed: .completed
        case .disconnected: .disconnected
        }
    }

    // MARK: Media out (once DTLS gave the SRTP keys, to the selected tuple)

    override func rtpOutput() -> RTPOutput {
        guard let path = selectedPath, let srtpSessions else { return .none }
        switch path {
        case .udp(_, let socket, let address): return .socket(socket.channel, address, srtpSessions)
        case .tcp: return .transmit
        }
    }

    /// A consumer's RTP on an ICE-TCP path: protected into a fresh array and framed.
    override func transmitRTP(_ bytes: [UInt8], from consumer: WorkerConsumer) -> Bool {
        guard case .tcp(_, let connection) = selectedPath, let srtpSessions,
            let packet = srtpSessions.protected(bytes, rtcp: false)
        else {
            return false
        }
        return connection.send(packet)
    }

    /// SCTP packets travel in DTLS records, once DTLS is connected.
    override func transmitSctp(_ packet: [UInt8]) -> Bool {
        guard let dtls, dtls.state == .connected else { return false }
        do {
            try dtls.send(applicationData: packet)
        } catch {
            runtime.log(.warn, "transport \(id): SCTP packet not sent over DTLS: \(error)")
            return false
        }
        drainDtls(now: monotonicMilliseconds())
        return true
    }

    override func transmitRTCP(_ bytes: [UInt8]) -> Bool {
        guard let path = selectedPath, let srtpSessions else { return false }
        switch path {
        case .udp(_, let socket, let address):
            return srtpSessions.send(bytes, rtcp: true, through: socket.channel, to: address)
        case .tcp(_, let connection):
            guard let packet = srtpSessions.protected(bytes, rtcp: true) else { return false }
            return connection.send(packet)
        }
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

    func notifyIceState(_ state: IceState) {
        send(WebRtcTransportNotification.iceStateChange, WebRtcTransportNotification.IceStateChange(iceState: state))
    }

    func updateIceSelectedTuple(_ tuple: TransportTuple?) {
        guard tuple != iceSelectedTuple else { return }
        iceSelectedTuple = tuple
        guard let tuple else { return }
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

    private func send(_ event: String, _ data: some Encodable) {
        do {
            runtime.notify(targetId: id, event: event, data: try data.channelData())
        } catch {
            runtime.log(.error, "cannot encode \(event) for transport \(id): \(error)")
        }
    }

    // MARK: Closing

    override func closeKind() {
        closeMediaPlane()
        server?.remove(self)
        server = nil
        for socket in udpSockets { socket.close() }
        udpSockets = []
        for listener in tcpServers { listener.close() }
        tcpServers = []
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
