import ICE
import Mediasoup
import NIOCore
import RTP

// ICE-lite on a WebRtcTransport: every datagram arrives with its tuple (from
// the transport's own sockets or its WebRtcServer's; a frame of an ICE-TCP
// connection, RFC 6544 / RFC 4571, arrives as a datagram of a TCP tuple) and
// is demultiplexed (RFC 7983):
//
//   STUN ──> IceLiteServer ──> responses, state, selected tuple, tuples
//   DTLS ──> only from a tuple ICE validated ──> DtlsEndpoint (…+DTLS.swift)
//   SRTP/SRTCP ──> only from a validated tuple ──> unprotect ──> RTP listener
//
// A validated tuple that carries DTLS or media becomes the selected one (a
// peer that moved without nominating, as mediasoup's MayForceSelectedTuple).
// One timer serves ICE consent and DTLS retransmission.

extension WorkerWebRtcTransport {
    /// Adopts the transport's own UDP sockets and TCP listeners into the event loop.
    ///
    /// - Throws: ``MediasoupError`` when a bound address is no ICE address.
    func receive(on sockets: [BoundSocket]) throws {
        for socket in sockets {
            switch socket.protocol {
            case .udp:
                udpSockets.append(
                    try WebRtcUdpSocket(adopting: socket, runtime: runtime) { [unowned self] bytes, tuple in
                        datagramArrived(bytes, on: tuple)
                    })
            case .tcp:
                tcpServers.append(
                    try WebRtcTcpServer(
                        adopting: socket, runtime: runtime, maximumConnections: WebRtcTcpServer.transportConnectionLimit,
                        onFrame: { [unowned self] bytes, tuple in datagramArrived(bytes, on: tuple) },
                        onClosed: { [unowned self] tuple in tcpConnectionClosed(tuple) }))
            }
        }
    }

    /// An ICE-TCP connection of `tuple` ended: ICE forgets the tuple (another
    /// one takes over as selected, or ICE is disconnected).
    func tcpConnectionClosed(_ tuple: IceTuple) {
        let now = monotonicMilliseconds()
        ice.removeTuple(tuple, now: now)
        drainIce(now: now)
    }

    /// Takes a datagram that arrived on `tuple`, in its receive slot.
    func datagramArrived(_ bytes: UnsafeMutableRawBufferPointer, on tuple: IceTuple) {
        let kind = PacketDemux.classify(UnsafeRawBufferPointer(bytes))
        switch kind {
        case .rtp, .rtcp, .dtls:
            // The selected tuple is valid: the packet path checks nothing more.
            if selectedPath?.tuple != tuple {
                guard ice.isValidTuple(tuple) else {
                    refuse(bytes.count)
                    return
                }
                let now = monotonicMilliseconds()
                ice.forceSelectedTuple(tuple)
                drainIce(now: now)
            }
            if kind == .dtls {
                receiveDtls(UnsafeRawBufferPointer(bytes))
            } else {
                receiveProtectedDatagram(bytes, srtp: srtpSessions)
            }
        case .stun:
            let now = monotonicMilliseconds()
            received.add(bytes: bytes.count, at: now)
            if !ice.handleStun(UnsafeRawBufferPointer(bytes), from: tuple, now: now) { refusedDatagrams += 1 }
            drainIce(now: now)
        case .unknown:
            refuse(bytes.count)
        }
    }

    /// A DTLS datagram from a validated tuple.
    private func receiveDtls(_ bytes: UnsafeRawBufferPointer) {
        let now = monotonicMilliseconds()
        received.add(bytes: bytes.count, at: now)
        guard let dtls else {
            // As mediasoup: DTLS before the association runs is ignored.
            refusedDatagrams += 1
            return
        }
        dtls.receive(bytes, now: now)
        drainDtls(now: now)
    }

    private func refuse(_ count: Int) {
        received.add(bytes: count, at: monotonicMilliseconds())
        refusedDatagrams += 1
    }

    // MARK: ICE outputs

    /// Carries out what the ICE agent asks, then re-arms the timer.
    func drainIce(now: UInt64) {
        while let output = ice.pollOutput() {
            switch output {
            case .send(let bytes, let tuple):
                guard let path = path(to: tuple) else { continue }
                send(bytes, on: path)
                sent.add(bytes: bytes.count, at: now)
            case .stateChanged(let state):
                if state == .disconnected {
                    // As mediasoup: the selected tuple goes without a notification.
                    selectedPath = nil
                    updateIceSelectedTuple(nil)
                }
                notifyIceState(iceState)
                if state == .connected || state == .completed { mayRunDtls(now: now) }
            case .selectedTupleChanged(let tuple):
                guard let path = path(to: tuple) else { continue }
                selectedPath = path
                updateIceSelectedTuple(transportTuple(tuple))
            case .tupleAdded(let tuple):
                server?.addTuple(tuple, of: self)
            case .tupleRemoved(let tuple):
                server?.removeTuple(tuple)
                // As mediasoup: a TCP tuple ICE dropped loses its connection.
                if tuple.transportProtocol == .tcp { tcpConnection(for: tuple)?.close() }
            case .usernameFragmentRemoved(let fragment):
                server?.removeUsernameFragment(fragment)
            }
        }
        armTimer(now: now)
    }

    /// How to reach the remote end of `tuple`: the UDP socket it arrived on
    /// (the transport's own, or its server's), or its open TCP connection.
    private func path(to tuple: IceTuple) -> SelectedPath? {
        switch tuple.transportProtocol {
        case .udp:
            guard let socket = udpSocket(local: tuple.local), let address = SocketAddress(tuple.remote) else {
                return nil
            }
            return .udp(tuple, socket, address)
        case .tcp:
            return tcpConnection(for: tuple).map { .tcp(tuple, $0) }
        }
    }

    private func tcpConnection(for tuple: IceTuple) -> WebRtcTcpConnection? {
        tcpServer(local: tuple.local)?.connection(for: tuple)
    }

    /// The UDP socket bound to `local`: one of the transport's own, or of its server.
    private func udpSocket(local: IceAddress) -> WebRtcUdpSocket? {
        if let server { return server.udpSocket(local: local) }
        return udpSockets.first { $0.local == local }
    }

    /// The TCP listener bound to `local`: one of the transport's own, or of its server.
    private func tcpServer(local: IceAddress) -> WebRtcTcpServer? {
        if let server { return server.tcpServer(local: local) }
        return tcpServers.first { $0.local == local }
    }

    /// The contract's tuple (advertised local address) for `tuple`.
    private func transportTuple(_ tuple: IceTuple) -> TransportTuple? {
        switch tuple.transportProtocol {
        case .udp: udpSocket(local: tuple.local)?.transportTuple(tuple)
        case .tcp: tcpServer(local: tuple.local)?.transportTuple(tuple)
        }
    }

    /// Writes one packet on `path` now: a datagram, or a frame.
    private func send(_ bytes: [UInt8], on path: SelectedPath) {
        switch path {
        case .udp(_, let socket, let address): socket.channel.send(bytes, to: address)
        case .tcp(_, let connection): connection.send(bytes)
        }
    }

    /// Sends `bytes` (DTLS records) on the selected tuple; dropped without one.
    func sendToPeer(_ bytes: [UInt8], at now: UInt64) {
        guard let path = selectedPath else { return }
        send(bytes, on: path)
        sent.add(bytes: bytes.count, at: now)
    }

    // MARK: The timer

    /// Arms the timer for the earliest of ICE consent and DTLS retransmission.
    /// A timer already due earlier is kept: it fires, finds nothing due and re-arms.
    func armTimer(now: UInt64) {
        guard let deadline = [ice.nextTimeout, dtls?.nextTimeout].compactMap({ $0 }).min() else {
            timer?.cancel()
            timer = nil
            timerDeadline = nil
            return
        }
        if let armed = timerDeadline, armed <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        // A strong reference, released when the timer fires or close() cancels it.
        let fire = NIOLoopBound({ [self] in timerFired() }, eventLoop: runtime.eventLoop)
        timer = runtime.eventLoop.scheduleTask(in: .milliseconds(Int64(deadline > now ? deadline - now : 0))) {
            fire.value()
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        let now = monotonicMilliseconds()
        ice.handleTimeout(now: now)
        drainIce(now: now)
        if let dtls, let deadline = dtls.nextTimeout, deadline <= now {
            dtls.handleTimeout(now: now)
            drainDtls(now: now)
        }
        armTimer(now: now)
    }
}
