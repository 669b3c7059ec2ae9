import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A WebRtcTransport of a remote router. Its ICE/DTLS/SCTP properties are
/// read synchronously: snapshots and the state carried by each event keep
/// them current; `connect()` and `restartIce()` update them from the server.
final class RemoteWebRtcTransport: RemoteTransport, WebRtcTransport {
    let transportCore: RemoteTransportCore
    let iceRole: IceRole
    let iceCandidates: [IceCandidate]
    let sctpParameters: SctpParameters?
    /// The WebRTC server it listens through, if any: named by its snapshot,
    /// or learned from the server's `webrtctransporthandled`.
    private let server: Mutex<RemoteWebRtcServer?>

    private struct State {
        var iceParameters: IceParameters
        var iceState: IceState
        var iceSelectedTuple: TransportTuple?
        var dtlsParameters: DtlsParameters
        var dtlsState: DtlsState
        var dtlsRemoteCert: String?
        var sctpState: SctpState?

        init(_ snapshot: ObjectSnapshot) throws {
            iceParameters = try snapshot.property("iceParameters")
            iceState = try snapshot.property("iceState")
            iceSelectedTuple = try snapshot.optionalProperty("iceSelectedTuple")
            dtlsParameters = try snapshot.property("dtlsParameters")
            dtlsState = try snapshot.property("dtlsState")
            dtlsRemoteCert = try snapshot.optionalProperty("dtlsRemoteCert")
            sctpState = try snapshot.optionalProperty("sctpState")
        }
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) throws {
        self.transportCore = RemoteTransportCore(snapshot: snapshot, router: router, session: session)
        self.iceRole = try snapshot.property("iceRole")
        self.iceCandidates = try snapshot.property("iceCandidates")
        self.sctpParameters = try snapshot.optionalProperty("sctpParameters")
        self.server = Mutex(try Self.webRtcServer(in: snapshot, session: session))
        self.state = Mutex(try State(snapshot))
    }

    var webRtcServer: RemoteWebRtcServer? { server.withLock { $0 } }

    /// It listens through `webRtcServer`.
    func listen(through webRtcServer: RemoteWebRtcServer) {
        server.withLock { $0 = webRtcServer }
    }

    private static func webRtcServer(in snapshot: ObjectSnapshot, session: RemoteSession) throws
        -> RemoteWebRtcServer?
    {
        try snapshot.optionalProperty("webRtcServerId", as: String.self).flatMap {
            session.registry.live(.webRtcServer, id: $0) as? RemoteWebRtcServer
        }
    }

    var iceParameters: IceParameters { state.withLock { $0.iceParameters } }
    var iceState: IceState { state.withLock { $0.iceState } }
    var iceSelectedTuple: TransportTuple? { state.withLock { $0.iceSelectedTuple } }
    var dtlsParameters: DtlsParameters { state.withLock { $0.dtlsParameters } }
    var dtlsState: DtlsState { state.withLock { $0.dtlsState } }
    var dtlsRemoteCert: String? { state.withLock { $0.dtlsRemoteCert } }
    var sctpState: SctpState? { state.withLock { $0.sctpState } }

    /// Connects, then takes the local DTLS role the worker chose from a dump.
    func connect(dtlsParameters: DtlsParameters) async throws {
        _ = try await core.request(
            RemoteProcedure.connect, [RemoteParam.dtlsParameters: try RemoteSession.wire(dtlsParameters, what: "dtlsParameters")])
        await refreshFromDump { dump in
            guard let dtlsParameters = dump.dtlsParameters else { return }
            state.withLock { $0.dtlsParameters = dtlsParameters }
        }
    }

    func restartIce() async throws -> IceParameters {
        let iceParameters = try await core.request(RemoteProcedure.restartIce, as: IceParameters.self)
        state.withLock { $0.iceParameters = iceParameters }
        return iceParameters
    }

    // MARK: Closing

    /// ICE and DTLS are closed, SCTP too when it was enabled, and the
    /// transport leaves its WebRTC server.
    func kindWillClose() {
        state.withLock { state in
            state.iceState = .closed
            state.iceSelectedTuple = nil
            state.dtlsState = .closed
            if state.sctpState != nil { state.sctpState = .closed }
        }
        webRtcServer?.unhandle(self)
    }

    /// The WebRTC server it listens through closed: `listenserverclose`.
    func listenServerClosed() {
        guard core.markClosed() else { return }
        finishClosing()
        events.emit(.listenServerClose)
        observer.emit(.close)
        finish()
    }

    func updateKind(from snapshot: ObjectSnapshot) {
        guard let updated = try? State(snapshot) else {
            core.session.log.warn("ignoring an invalid WebRtcTransport snapshot [id:\(id)]")
            return
        }
        state.withLock { $0 = updated }
        if let webRtcServer = try? Self.webRtcServer(in: snapshot, session: core.session) { listen(through: webRtcServer) }
    }
}

extension RemoteWebRtcTransport: EngineNotificationInjecting {
    func injectNotificationForTesting(_ notification: EngineNotification) async throws {
        try await core.injectNotificationForTesting(notification)
    }
}
