import Mediasoup
import Synchronization

/// A worker of one server, shown with the cluster's pid for it; its routers
/// are ``HorizontalRouter``s, which can pipe to routers of other servers.
final class HorizontalWorker: Worker {
    let real: any Worker
    let member: Member
    let pid: Int
    let observer = EventEmitter<WorkerObserverEvent>()
    private let routers = Mutex<[HorizontalRouter]>([])

    init(real: any Worker, member: Member) {
        self.real = real
        self.member = member
        pid = member.clusterPid(real.pid)
        // The real worker's observer, but its routers as this worker's.
        real.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close: self.observer.emit(.close)
            case .newWebRtcServer(let server): self.observer.emit(.newWebRtcServer(server))
            case .newRouter: break  // emitted by createRouter(), wrapped
            }
        }
    }

    var closed: Bool { real.closed }
    var died: Bool { real.died }
    var subprocessClosed: Bool { real.subprocessClosed }
    var appData: AppData {
        get { real.appData }
        set { real.appData = newValue }
    }
    /// The real worker's: `died` when the server's worker dies or the server is lost.
    var events: EventEmitter<WorkerEvent> { real.events }
    var webRtcServersForTesting: [any WebRtcServer] { real.webRtcServersForTesting }
    var routersForTesting: [any Router] { routers.withLock { $0.filter { !$0.closed } } }

    func close() { real.close() }

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
