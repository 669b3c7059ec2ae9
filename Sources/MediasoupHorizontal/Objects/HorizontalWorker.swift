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
    /// How the worker ends (see ``WorkerEnding``).
    private let ending = Mutex(WorkerEnding())

    init(real: any Worker, member: Member) {
        self.real = real
        self.member = member
        pid = member.clusterPid(real.pid)
        real.events.on { [weak self] event in
            guard let self else { return }
            // `subprocessclose` comes after `died` and `close`, as mediasoup's.
            if case .subprocessClose = event {
                if self.ending.withLock({ $0.realSubprocessClosed() }) { self.events.emit(event) }
                return
            }
            self.events.emit(event)
        }
        // The real worker's observer, but its routers as this worker's.
        real.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close: self.realClosed()
            case .newWebRtcServer(let server): self.observer.emit(.newWebRtcServer(server))
            case .newRouter: break  // emitted by createRouter(), wrapped
            }
        }
    }

    /// Closed by the application, or ended with its real worker (after its
    /// `died` and observer `close`): never before those events.
    var closed: Bool { ending.withLock { $0.closed } }
    var died: Bool { real.died || ending.withLock { $0.diedHere } }
    var subprocessClosed: Bool { ending.withLock { $0.subprocessClosedShown } }
    var appData: AppData {
        get { real.appData }
        set { real.appData = newValue }
    }
    var webRtcServersForTesting: [any WebRtcServer] { real.webRtcServersForTesting }
    var routersForTesting: [any Router] { routers.withLock { $0.filter { !$0.closed } } }

    func close() {
        ending.withLock { $0.closeHere() }
        real.close()
    }

    /// The cluster lost the server (its registration ended): the worker dies
    /// (see ``realClosed()``) with `error`.
    func serverLost(_ error: any Error) {
        ending.withLock { $0.lose(error) }
        real.close()
        // A real worker already closed without a word (its server went away
        // before saying so) emits nothing more: end here.
        realClosed()
    }

    /// The real worker closed. Closed by the application: observer `close`.
    /// Otherwise (the cluster lost the server, or the server closed the
    /// worker as it shut down) the worker dies as a mediasoup worker whose
    /// process exited does: its routers have closed (`workerclose`), then
    /// `died`, then observer `close`. A real worker that died said `died` itself.
    private func realClosed() {
        guard let announcement = ending.withLock({ $0.end() }) else { return }
        if !announcement.closedHere && !real.died {
            events.emit(.died(announcement.lost ?? MediasoupError("Worker closed by its server \(member.name)")))
        }
        observer.emit(.close)
        if ending.withLock({ $0.endAnnounced() }) { events.emit(.subprocessClose) }
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
