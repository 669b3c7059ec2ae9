import Mediasoup
import Synchronization

/// A worker of one server, shown with the cluster's pid for it; its routers
/// are ``HorizontalRouter``s, which can pipe to routers of other servers.
final class HorizontalWorker: Worker {
    let real: any Worker
    let member: Member
    let pid: Int
    let events = EventEmitter<WorkerEvent>()
    let observer = EventEmitter<WorkerObserverEvent>()
    private let routers = Mutex<[HorizontalRouter]>([])
    /// Set when the cluster lost the worker's server (``serverLost(_:)``).
    private let lost = Mutex(false)

    init(real: any Worker, member: Member) {
        self.real = real
        self.member = member
        pid = member.clusterPid(real.pid)
        real.events.on { [weak self] event in self?.events.emit(event) }
        // The real worker's observer, but its routers as this worker's.
        real.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close: if !self.lost.withLock({ $0 }) { self.observer.emit(.close) }
            case .newWebRtcServer(let server): self.observer.emit(.newWebRtcServer(server))
            case .newRouter: break  // emitted by createRouter(), wrapped
            }
        }
    }

    var closed: Bool { real.closed }
    var died: Bool { real.died || lost.withLock { $0 } }
    var subprocessClosed: Bool { real.subprocessClosed }
    var appData: AppData {
        get { real.appData }
        set { real.appData = newValue }
    }
    var webRtcServersForTesting: [any WebRtcServer] { real.webRtcServersForTesting }
    var routersForTesting: [any Router] { routers.withLock { $0.filter { !$0.closed } } }

    func close() { real.close() }

    /// The cluster lost the server (its registration ended): the worker
    /// dies as a mediasoup worker whose process exited does: its routers
    /// close (`workerclose`), then `died` with `error`, then observer `close`.
    func serverLost(_ error: any Error) {
        guard !real.closed, !lost.withLock({ lost in defer { lost = true }; return lost }) else { return }
        real.close()
        events.emit(.died(error))
        observer.emit(.close)
    }

    func dump() async throws -> WorkerDump {
        var dump = try await real.dump()
        dump.pid = pid
        return dump
    }

    func getResourceUsage() async throws -> WorkerResourceUsage { try await real.getResourceUsage() }

    func updateSettings(_ settings: WorkerUpdateableSettings) async throws { try await real.updateSettings(settings) }

    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer {
        try await real.createWebRtcServer(options)
    }

    func createRouter(_ options: RouterOptions) async throws -> any Router {
        let router = HorizontalRouter(real: try await real.createRouter(options), member: member)
        routers.withLock { $0.append(router) }
        router.observer.on { [weak self, weak router] event in
            guard case .close = event, let router else { return }
            self?.routers.withLock { $0.removeAll { $0 === router } }
        }
        observer.emit(.newRouter(router))
        return router
    }
}
