import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A worker of a remote server. Its `pid` is the server's figure: it may
/// name a process on another host.
final class RemoteWorker: Worker, RemoteProxy {
    let core: ProxyCore
    let events = EventEmitter<WorkerEvent>()
    let observer = EventEmitter<WorkerObserverEvent>()

    private struct State {
        var pid: Int
        var died: Bool
        var subprocessClosed: Bool
        var routers: [RemoteRouter] = []
        var webRtcServers: [RemoteWebRtcServer] = []
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, session: RemoteSession) throws {
        self.core = ProxyCore(snapshot: snapshot, parent: nil, session: session)
        self.state = Mutex(
            State(
                pid: try snapshot.property("pid"), died: try snapshot.property("died"),
                subprocessClosed: try snapshot.property("subprocessClosed")))
    }

    /// The server's id of the worker.
    var pid: Int { state.withLock { $0.pid } }
    var died: Bool { state.withLock { $0.died } }
    var subprocessClosed: Bool { state.withLock { $0.subprocessClosed } }
    var webRtcServersForTesting: [any WebRtcServer] { state.withLock { $0.webRtcServers } }
    var routersForTesting: [any Router] { state.withLock { $0.routers } }

    // MARK: Closing

    func close() {
        guard core.markClosed() else { return }
        closeChildren()
        core.session.releaseWorker(self)
        observer.emit(.close)
        finish()
        core.send(RemoteProcedure.close)
    }

    /// The worker vanished from the server (it restarted): it closes as a
    /// dead worker does, and its process is gone.
    func closeWithParent() {
        guard core.markClosed() else { return }
        state.withLock { $0.died = true }
        closeChildren()
        core.session.releaseWorker(self)
        if core.session.listenWorkerDied {
            events.emit(.died(MediasoupError("Worker vanished from the remote server [pid:\(pid)]")))
        }
        observer.emit(.close)
        finish()
        endSubprocess()
    }

    func closedByServer() {
        guard core.markClosed() else { return }
        core.session.releaseWorker(self)
    }

    /// A closed worker stays registered until its process has exited, so
    /// that `subprocessclose` reaches it.
    func finish() {
        core.markFinished()
        if subprocessClosed { core.session.registry.unregister(self) }
    }

    /// Its process exited, or can no longer be heard of: `subprocessclose`.
    func endSubprocess() {
        let first = state.withLock { state in
            defer { state.subprocessClosed = true }
            return !state.subprocessClosed
        }
        if first { events.emit(.subprocessClose) }
        core.session.registry.unregister(self)
    }

    private func closeChildren() {
        let (routers, servers) = state.withLock { state in
            defer {
                state.routers = []
                state.webRtcServers = []
            }
            return (state.routers, state.webRtcServers)
        }
        for router in routers { router.closeWithParent() }
        for server in servers { server.closeWithParent() }
    }

    // MARK: Requests

    func dump() async throws -> WorkerDump {
        try await core.request(RemoteProcedure.dump, as: WorkerDump.self)
    }

    func getResourceUsage() async throws -> WorkerResourceUsage {
        try await core.request(RemoteProcedure.getResourceUsage, as: WorkerResourceUsage.self)
    }

    func updateSettings(_ settings: WorkerUpdateableSettings) async throws {
        _ = try await core.request(
            RemoteProcedure.updateSettings, [RemoteParam.settings: try RemoteSession.wire(settings, what: "settings")])
    }

    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer {
        try await core.create(
            RemoteProcedure.createWebRtcServer, [RemoteParam.options: try RemoteSession.wire(options, what: "options")],
            as: RemoteWebRtcServer.self)
    }

    func createRouter(_ options: RouterOptions) async throws -> any Router {
        try await core.create(
            RemoteProcedure.createRouter, [RemoteParam.options: try RemoteSession.wire(options, what: "options")],
            as: RemoteRouter.self)
    }

    // MARK: The graph

    var childProxies: [any RemoteProxy] {
        state.withLock { state in state.routers as [any RemoteProxy] + state.webRtcServers }
    }

    func adopt(_ child: any RemoteProxy) {
        state.withLock { state in
            if let router = child as? RemoteRouter, !state.routers.contains(where: { $0 === router }) {
                state.routers.append(router)
            } else if let server = child as? RemoteWebRtcServer,
                !state.webRtcServers.contains(where: { $0 === server })
            {
                state.webRtcServers.append(server)
            }
        }
    }

    func release(_ child: any RemoteProxy) {
        state.withLock { state in
            state.routers.removeAll { $0 === child }
            state.webRtcServers.removeAll { $0 === child }
        }
    }

    func announce(_ child: any RemoteProxy) {
        if let router = child as? RemoteRouter {
            observer.emit(.newRouter(router))
        } else if let server = child as? RemoteWebRtcServer {
            observer.emit(.newWebRtcServer(server))
        }
    }

    /// `subprocessClosed` changes only with `subprocessclose` (see ``endSubprocess()``).
    func update(from snapshot: ObjectSnapshot) {
        state.withLock { state in
            if let pid: Int = try? snapshot.property("pid") { state.pid = pid }
            if let died: Bool = try? snapshot.property("died") { state.died = died }
        }
    }

    func emit(_ notification: EventNotification) {
        if notification.observer {
            switch eventName(notification, in: WorkerObserverEventName.self) {
            case .close?:
                observer.emit(.close)
            case .newRouter?, .newWebRtcServer?:
                if let child = child(notification.data, as: (any RemoteProxy).self) { announce(child) }
            case nil:
                break
            }
            return
        }
        switch eventName(notification, in: WorkerEventName.self) {
        case .died?:
            state.withLock { $0.died = true }
            guard core.session.listenWorkerDied else { return }
            let died = decode(notification.data, as: RemoteDiedEventData.self, event: notification.event)
            events.emit(.died(died.map { $0.kind.make($0.message) } ?? MediasoupError("Worker died")))
        case .subprocessClose?:
            endSubprocess()
        case nil:
            break
        }
    }
}
