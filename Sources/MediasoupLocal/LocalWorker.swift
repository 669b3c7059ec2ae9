#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization

/// A worker of the local engine: a `mediasoup-worker` process driven over its channel.
final class LocalWorker: Worker {
    let pid: Int
    let events = EventEmitter<WorkerEvent>()
    let observer = EventEmitter<WorkerObserverEvent>()
    let channel: WorkerChannel
    private let process: WorkerProcess
    private let logger: Logger

    private struct State {
        var closed = false
        var died = false
        var subprocessClosed = false
        var appData: AppData
        var routers: [LocalRouter] = []
        var webRtcServers: [LocalWebRtcServer] = []
    }
    private let state: Mutex<State>

    private init(process: WorkerProcess, channel: WorkerChannel, appData: AppData, logger: Logger) {
        self.pid = Int(process.pid)
        self.process = process
        self.channel = channel
        self.logger = logger
        self.state = Mutex(State(appData: appData))
    }

    /// Starts a worker process and waits until it is running.
    ///
    /// - Throws: ``TypeError`` ("wrong settings") when the worker refuses its
    ///   settings; ``MediasoupError`` when it cannot start or exits early.
    static func start(workerBin: String, settings: WorkerSettings, logger: Logger) async throws -> LocalWorker {
        let process = try WorkerProcess.spawn(
            executable: workerBin, arguments: WorkerCommandLine.arguments(for: settings))
        logger.debug("spawned worker [pid:\(process.pid)]")
        let channel = WorkerChannel(requestFd: process.requestFd, responseFd: process.responseFd)
        let worker = LocalWorker(process: process, channel: channel, appData: settings.appData ?? [:], logger: logger)

        let startup = StartupSignal()
        channel.subscribe(WorkerNotification.targetId).attach { notification in
            if notification.event == WorkerNotification.running { startup.finish(.success(())) }
        }
        process.onExit { exit in
            startup.finish(.failure(Self.startupError(exit, pid: process.pid)))
            worker.processExited(exit)
        }
        channel.start(onClosed: {})

        try await startup.wait()
        return worker
    }

    private static func startupError(_ exit: WorkerProcess.Exit, pid: Int32) -> any Error {
        if exit == .exited(code: WorkerCommandLine.wrongSettingsExitCode) {
            return TypeError("wrong settings")
        }
        return MediasoupError("[pid:\(pid), \(exit)]")
    }

    var closed: Bool { state.withLock { $0.closed } }
    var died: Bool { state.withLock { $0.died } }
    var subprocessClosed: Bool { state.withLock { $0.subprocessClosed } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }
    var webRtcServersForTesting: [any WebRtcServer] { state.withLock { $0.webRtcServers } }
    var routersForTesting: [any Router] { state.withLock { $0.routers } }

    func close() {
        let children = state.withLock { state -> ([LocalRouter], [LocalWebRtcServer])? in
            guard !state.closed else { return nil }
            state.closed = true
            defer {
                state.routers = []
                state.webRtcServers = []
            }
            return (state.routers, state.webRtcServers)
        }
        guard let (routers, servers) = children else { return }
        logger.debug("close() [pid:\(pid)]")
        process.kill(SIGTERM)
        channel.close()
        for router in routers { router.workerClosed() }
        for server in servers { server.workerClosed() }
        observer.emit(.close)
    }

    func dump() async throws -> WorkerDump {
        try await channel.request(.workerDump).decoded(WorkerDump.self)
    }

    func getResourceUsage() async throws -> WorkerResourceUsage {
        try await channel.request(.workerGetResourceUsage).decoded(WorkerResourceUsage.self)
    }

    func updateSettings(_ settings: WorkerUpdateableSettings) async throws {
        _ = try await channel.request(.workerUpdateSettings, data: settings.channelData())
    }

    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer {
        let id = UUID().uuidString.lowercased()
        _ = try await channel.request(
            .workerCreateWebRtcServer,
            data: CreateWebRtcServerPayload(webRtcServerId: id, listenInfos: options.listenInfos).channelData())
        let server = LocalWebRtcServer(id: id, channel: channel, appData: options.appData ?? [:]) { [weak self] server in
            self?.state.withLock { $0.webRtcServers.removeAll { $0 === server } }
        }
        state.withLock { $0.webRtcServers.append(server) }
        observer.emit(.newWebRtcServer(server))
        return server
    }

    func createRouter(_ options: RouterOptions) async throws -> any Router {
        let rtpCapabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: options.mediaCodecs ?? [])
        let id = UUID().uuidString.lowercased()
        _ = try await channel.request(.workerCreateRouter, data: RouterIdPayload(routerId: id).channelData())
        let router = LocalRouter(
            id: id, rtpCapabilities: rtpCapabilities, channel: channel, appData: options.appData ?? [:]
        ) { [weak self] router in
            self?.state.withLock { $0.routers.removeAll { $0 === router } }
        }
        state.withLock { $0.routers.append(router) }
        observer.emit(.newRouter(router))
        return router
    }

    /// The process ended: after `close()` that is the expected end; otherwise
    /// the worker died, and its routers and servers close before `died`.
    private func processExited(_ exit: WorkerProcess.Exit) {
        let children = state.withLock { state -> ([LocalRouter], [LocalWebRtcServer])? in
            guard !state.closed else { return nil }
            state.closed = true
            state.died = true
            defer {
                state.routers = []
                state.webRtcServers = []
            }
            return (state.routers, state.webRtcServers)
        }
        if let (routers, servers) = children {
            logger.error("worker process died unexpectedly [pid:\(pid), \(exit)]")
            channel.close()
            for router in routers { router.workerClosed() }
            for server in servers { server.workerClosed() }
            events.emit(.died(MediasoupError("Worker process died unexpectedly [pid:\(pid), \(exit)]")))
            observer.emit(.close)
        }
        // Only now: whoever sees `subprocessClosed` has seen `died` and observer `close` too.
        state.withLock { $0.subprocessClosed = true }
        events.emit(.subprocessClose)
    }
}

/// Resolves once, with whichever comes first: the worker's `running`
/// notification or its exit.
private final class StartupSignal: Sendable {
    private let state = Mutex<(result: Result<Void, any Error>?, waiter: CheckedContinuation<Void, any Error>?)>(
        (nil, nil))

    func finish(_ result: Result<Void, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result = state.withLock { state -> Result<Void, any Error>? in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let result { continuation.resume(with: result) }
        }
    }
}

extension Optional where Wrapped == JSONValue {
    /// The response data decoded as `T`. - Throws: ``TypeError`` when absent or malformed.
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        guard let self else { throw TypeError("empty response where \(T.self) was expected") }
        return try self.decode(type)
    }
}
