import Foundation
import Mediasoup
import Synchronization

/// The local engine's mediasoup object: workers are processes on this host.
///
public final class LocalMediasoup: MediasoupAPI {
    public let version = mediasoupVersion
    public let observer = EventEmitter<MediasoupObserverEvent>()
    private let logger = Logger()

    /// The `mediasoup-worker` path this engine was given, if any (see ``WorkerExecutable`` for the search).
    public let workerBinSetting: String?

    /// - Parameter workerBin: the `mediasoup-worker` executable to spawn; when nil, the engine
    ///   searches `MEDIASOUP_WORKER_BIN`, the running executable's folder, then the package's
    ///   build folders (``WorkerExecutable``).
    public init(workerBin: String? = nil) {
        self.workerBinSetting = workerBin
    }

    /// The places this engine looks for the worker, in order.
    public var workerBinCandidates: [WorkerExecutable.Candidate] {
        WorkerExecutable.candidates(
            setting: workerBinSetting, environment: ProcessInfo.processInfo.environment,
            runningExecutable: WorkerExecutable.runningExecutable)
    }

    /// The worker executable ``createWorker(_:)`` spawns.
    ///
    /// - Throws: ``MediasoupError`` naming every path tried when none holds the worker.
    public func locateWorkerBin() throws -> String {
        try WorkerExecutable.locate(in: workerBinCandidates)
    }

    /// The worker executable's path: the one found, else the first place searched.
    public var workerBin: String {
        (try? locateWorkerBin()) ?? workerBinCandidates.first?.path ?? WorkerExecutable.name
    }

    public func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        logger.debug("createWorker()")
        let worker = try await LocalWorker.start(workerBin: locateWorkerBin(), settings: settings, logger: logger)
        observer.emit(.newWorker(worker))
        return worker
    }

    public func setLogEventListeners(_ listeners: LogEventListeners?) {
        logger.set(listeners)
    }
}
