import ICE
import Mediasoup
import MediasoupChannel
import RTP

/// A WebRTC server inside the worker: UDP sockets and TCP servers that many
/// WebRtcTransports (of any router of the worker) share. It gives each such
/// transport its ICE candidates, and finds the transport of an incoming
/// packet by the local ICE username fragment of its STUN requests (and, once
/// ICE selected one, by the packet's tuple).
final class WorkerWebRtcServer: RequestHandler {
    let id: String
    unowned let runtime: WorkerRuntime
    /// One per listen info, in order (for the dump and the candidates).
    private var sockets: [BoundSocket]
    /// The UDP sockets, adopted into the event loop.
    private var udpSockets: [WebRtcUdpSocket] = []
    /// The TCP listeners (ICE-TCP, passive), adopted into the event loop.
    private var tcpServers: [WebRtcTcpServer] = []
    private var transports = OrderedEntities<WorkerWebRtcTransport>()
    /// Local ICE username fragments of the transports, current and (after an ICE restart) previous.
    private var usernameFragments: [(usernameFragment: String, transportId: String)] = []
    /// The transport of each tuple its ICE agent validated (at most
    /// ``IceLiteServer/maximumTuples`` per transport).
    private var tupleOwners: [IceTuple: WorkerWebRtcTransport] = [:]
    /// Datagrams of no transport: an unknown tuple that is not a STUN check naming one.
    private(set) var unroutedDatagrams = 0

    /// Binds a socket per listen info.
    ///
    /// - Throws: ``TypeError`` for no listen info, more than 8, or an invalid
    ///   IP; ``MediasoupError`` when a socket cannot be bound (nothing stays bound then).
    init(id: String, listenInfos: [TransportListenInfo], runtime: WorkerRuntime) throws {
        guard !listenInfos.isEmpty else { throw TypeError("wrong listenInfos (empty array)") }
        guard listenInfos.count <= 8 else { throw TypeError("wrong listenInfos (too many entries)") }
        self.id = id
        self.runtime = runtime
        self.sockets = try SocketBinding.bind(listenInfos, defaultPortRange: runtime.defaultPortRange)
        do {
            for socket in sockets {
                switch socket.protocol {
                case .udp:
                    udpSockets.append(
                        try WebRtcUdpSocket(adopting: socket, runtime: runtime) { [unowned self] bytes, tuple in
                            route(bytes, on: tuple)
                        })
                case .tcp:
                    tcpServers.append(
                        try WebRtcTcpServer(
                            adopting: socket, runtime: runtime, maximumConnections: WebRtcTcpServer.serverConnectionLimit,
                            onFrame: { [unowned self] bytes, tuple in route(bytes, on: tuple) },
                            onClosed: { [unowned self] tuple in tupleOwners[tuple]?.tcpConnectionClosed(tuple) }))
                }
            }
        } catch {
            for socket in udpSockets { socket.close() }
            for listener in tcpServers { listener.close() }
            for socket in sockets { socket.close() }
            throw error
        }
    }

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .webRtcServerDump:
            return try dump().channelData()
        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    func dump() -> WebRtcServerDump {
        WebRtcServerDump(
            id: id,
            udpSockets: sockets.filter { $0.protocol == .udp }.map { IpPort(ip: $0.localIp, port: $0.localPort) },
            tcpServers: sockets.filter { $0.protocol == .tcp }.map { IpPort(ip: $0.localIp, port: $0.localPort) },
            webRtcTransportIds: transports.ids,
            localIceUsernameFragments: usernameFragments.map {
                .init(localIceUsernameFragment: $0.usernameFragment, webRtcTransportId: $0.transportId)
            },
            tupleHashes: [])
    }

    /// The candidates of a transport listening through this server: one per
    /// socket of an enabled protocol, in listen order. Local preference drops
    /// by 100 per socket (enabled or not); the preferred protocol gets 1000 more.
    func iceCandidates(enableUdp: Bool, enableTcp: Bool, preferUdp: Bool, preferTcp: Bool) -> [IceCandidate] {
        var candidates: [IceCandidate] = []
        for (index, socket) in sockets.enumerated() {
            let enabled = socket.protocol == .udp ? enableUdp : enableTcp
            guard enabled else { continue }
            let preferred = socket.protocol == .udp ? preferUdp : preferTcp
            let localPreference = WorkerWebRtcTransport.localPreference(index: index) + (preferred ? 1000 : 0)
            candidates.append(WorkerWebRtcTransport.candidate(socket, localPreference: localPreference))
        }
        return candidates
    }

    // MARK: Demultiplexing

    /// Hands a datagram (or an ICE-TCP frame) to its transport: by tuple once
    /// ICE validated it, else (a STUN check) by the local username fragment in USERNAME.
    private func route(_ bytes: UnsafeMutableRawBufferPointer, on tuple: IceTuple) {
        if let transport = tupleOwners[tuple] {
            transport.datagramArrived(bytes, on: tuple)
            return
        }
        let datagram = UnsafeRawBufferPointer(bytes)
        guard PacketDemux.classify(datagram) == .stun, let fields = try? StunMessageFields(parsing: datagram),
            let range = fields.localUsernameFragmentRange(in: datagram)
        else {
            unroutedDatagrams += 1
            return
        }
        let fragment = String(decoding: datagram[range], as: UTF8.self)
        guard let owner = usernameFragments.first(where: { $0.usernameFragment == fragment }),
            let transport = transports[owner.transportId]
        else {
            unroutedDatagrams += 1
            return
        }
        transport.datagramArrived(bytes, on: tuple)
    }

    /// The UDP socket bound to `local`.
    func udpSocket(local: IceAddress) -> WebRtcUdpSocket? {
        udpSockets.first { $0.local == local }
    }

    /// The TCP listener bound to `local`.
    func tcpServer(local: IceAddress) -> WebRtcTcpServer? {
        tcpServers.first { $0.local == local }
    }

    func addTuple(_ tuple: IceTuple, of transport: WorkerWebRtcTransport) {
        tupleOwners[tuple] = transport
    }

    func removeTuple(_ tuple: IceTuple) {
        tupleOwners[tuple] = nil
    }

    // MARK: Transports listening through the server

    func add(_ transport: WorkerWebRtcTransport) {
        transports.add(transport.id, transport)
    }

    /// The transport closed: forget it and its username fragments.
    func remove(_ transport: WorkerWebRtcTransport) {
        transports.remove(transport.id)
        usernameFragments.removeAll { $0.transportId == transport.id }
        tupleOwners = tupleOwners.filter { $0.value !== transport }
    }

    func addUsernameFragment(_ usernameFragment: String, of transport: WorkerWebRtcTransport) {
        usernameFragments.append((usernameFragment, transport.id))
    }

    func removeUsernameFragment(_ usernameFragment: String) {
        usernameFragments.removeAll { $0.usernameFragment == usernameFragment }
    }

    /// Closes the transports listening through the server (in their routers),
    /// then the sockets. Its own handler is unregistered by the caller.
    func close() {
        let closing = transports.removeAll()
        usernameFragments = []
        for transport in closing { transport.listenServerClosed() }
        tupleOwners = [:]
        for socket in udpSockets { socket.close() }
        udpSockets = []
        for listener in tcpServers { listener.close() }
        tcpServers = []
        for socket in sockets { socket.close() }
        sockets = []
    }
}
