import ICE
import Mediasoup
import NIOCore
import RTP

// ICE-lite on a WebRtcTransport: every datagram arrives with its tuple (from
// the transport's own sockets or its WebRtcServer's) and is demultiplexed
// (RFC 7983):
//
//   STUN ──> IceLiteServer ──> responses, state, selected tuple, tuples
//   DTLS ──> only from a tuple ICE validated ──> DtlsEndpoint (…+DTLS.swift)
//   SRTP/SRTCP ──> only from a validated tuple ──> unprotect ──> RTP listener
//
// A validated tuple that carries DTLS or media becomes the selected one (a
// peer that moved without nominating, as mediasoup's MayForceSelectedTuple).
// One timer serves ICE consent and DTLS retransmission.

extension WorkerWebRtcTransport {
    /// Adopts the transport's own UDP sockets into the event loop.
    ///
    /// - Throws: ``MediasoupError`` when a bound address is no ICE address.
    func receive(on sockets: [BoundSocket]) throws {
        for socket in sockets {
            udpSockets.append(
                try WebRtcUdpSocket(adopting: socket, runtime: runtime) { [unowned self] bytes, tuple in
                    datagramArrived(bytes, on: tuple)
                })
        }
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
                guard let socket = udpSocket(for: tuple) else { continue }
                socket.send(bytes, to: tuple)
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
                guard let socket = udpSocket(for: tuple), let address = SocketAddress(tuple.remote) else {
                    continue
                }
                selectedPath = SelectedPath(tuple: tuple, socket: socket, address: address)
                updateIceSelectedTuple(socket.transportTuple(tuple))
            case .tupleAdded(let tuple):
                server?.addTuple(tuple, of: self)
            case .tupleRemoved(let tuple):
                server?.removeTuple(tuple)
            case .usernameFragmentRemoved(let fragment):
                server?.removeUsernameFragment(fragment)
            }
        }
        armTimer(now: now)
    }

    /// The socket a tuple arrived on: one of the transport's own, or of its server.
    private func udpSocket(for tuple: IceTuple) -> WebRtcUdpSocket? {
        if let server { return server.udpSocket(local: tuple.local) }
        return udpSockets.first { $0.local == tuple.local }
    }

    /// Sends `bytes` (DTLS records) on the selected tuple; dropped without one.
    func sendToPeer(_ bytes: [UInt8], at now: UInt64) {
        guard let path = selectedPath else { return }
        path.socket.channel.send(bytes, to: path.address)
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
