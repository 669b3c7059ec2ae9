import Foundation
import Mediasoup
import Synchronization

/// A virtual worker: one of the application's workers, mapped onto the real
/// workers of its settings set. It begins on a home real worker (where its
/// WebRtcServers live and its routers begin); its routers place transports
/// on any real worker of the same settings.
final class VerticalWorker: Worker {
    let pid = VirtualPid.make()
    let events = EventEmitter<WorkerEvent>()
    let observer = EventEmitter<WorkerObserverEvent>()
    let pool: RealPool
    let settings: WorkerSettings

    private struct State {
        var closed = false
        var subprocessClosed = false
        var appData: AppData
        var homeKey: Int
        var homeWorker: any Worker
        var routers: [VerticalRouter] = []
        var webRtcServers: [VerticalWebRtcServer] = []
    }

    private let state: Mutex<State>

    init(pool: RealPool, settings: WorkerSettings, homeKey: Int, homeWorker: any Worker, appData: AppData) {
        self.pool = pool
        self.settings = settings
        state = Mutex(State(appData: appData, homeKey: homeKey, homeWorker: homeWorker))
    }

    var closed: Bool { state.withLock { $0.closed } }
    /// A virtual worker never dies: a real worker dying closes what lived on it only.
    var died: Bool { false }
    var subprocessClosed: Bool { state.withLock { $0.subprocessClosed } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }
    var webRtcServersForTesting: [any WebRtcServer] { state.withLock { $0.webRtcServers } }
    var routersForTesting: [any Router] { state.withLock { $0.routers } }

    func close() {
        guard
            let (routers, servers, homeKey) = state.withLock({ state -> ([VerticalRouter], [VerticalWebRtcServer], Int)? in
                guard !state.closed else { return nil }
                state.closed = true
                defer { state.routers = []; state.webRtcServers = [] }
                return (state.routers, state.webRtcServers, state.homeKey)
            })
        else { return }
        for router in routers { router.workerClosed() }
        for server in servers { server.workerClosed() }
        observer.emit(.close)
        let pool = pool
        Task {
            await pool.releaseHomeWorker(homeKey)
            self.state.withLock { $0.subprocessClosed = true }
            self.events.emit(.subprocessClose)
        }
    }

    func dump() async throws -> WorkerDump {
        let (serverIds, routerIds) = try state.withLock { state in
            guard !state.closed else { throw InvalidStateError("Worker closed") }
            return (state.webRtcServers.map(\.id), state.routers.map(\.id))
        }
        return WorkerDump(
            pid: pid, webRtcServerIds: serverIds, routerIds: routerIds,
            channelMessageHandlers: .init(channelRequestHandlers: serverIds + routerIds))
    }

    /// The home real worker's figures.
    func getResourceUsage() async throws -> WorkerResourceUsage {
        try await home().worker.getResourceUsage()
    }

    /// Applied to the home real worker (it checks the level).
    func updateSettings(_ settings: WorkerUpdateableSettings) async throws {
        try await home().worker.updateSettings(settings)
    }

    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer {
        let home = try await home()
        let real = try await home.worker.createWebRtcServer(options)
        await pool.addWebRtcServer(on: home.key)
        let server = VerticalWebRtcServer(real: real, workerKey: home.key, pool: pool)
        let added = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.webRtcServers.append(server)
            return true
        }
        guard added else {
            server.close()
            throw InvalidStateError("Worker closed")
        }
        server.observer.on { [weak self, weak server] event in
            guard case .close = event, let server else { return }
            self?.state.withLock { $0.webRtcServers.removeAll { $0 === server } }
        }
        observer.emit(.newWebRtcServer(server))
        return server
    }

    func createRouter(_ options: RouterOptions) async throws -> any Router {
        let home = try await home()
        let id = UUID().uuidString.lowercased()
        let realHome = try await pool.leaseHomeRouter(workerKey: home.key, options: options, virtualRouterId: id)
        let router = VerticalRouter(
            id: id, worker: self, homeRouter: realHome, codecs: options.mediaCodecs, appData: options.appData ?? [:])
        let added = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.routers.append(router)
            return true
        }
        guard added else {
            router.close()
            throw InvalidStateError("Worker closed")
        }
        router.observer.on { [weak self, weak router] event in
            guard case .close = event, let router else { return }
            self?.state.withLock { $0.routers.removeAll { $0 === router } }
        }
        observer.emit(.newRouter(router))
        return router
    }

    /// The home real worker; a new one when it died (the lease moves).
    private func home() async throws -> (key: Int, worker: any Worker) {
        let (closed, key, worker) = state.withLock { ($0.closed, $0.homeKey, $0.homeWorker) }
        guard !closed else { throw InvalidStateError("Worker closed") }
        if !worker.closed { return (key, worker) }
        let fresh = try await pool.leaseHomeWorker(settings: settings)
        state.withLock { state in
            state.homeKey = fresh.key
            state.homeWorker = fresh.worker
        }
        await pool.releaseHomeWorker(key)
        return fresh
    }
}
