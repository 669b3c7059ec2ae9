import Foundation
import Mediasoup
import Synchronization

/// The local engine's mediasoup object: workers are processes on this host.
///
public final class LocalMediasoup: MediasoupAPI {
    public let version = mediasoupVersion
    public let observer = EventEmitter<MediasoupObserverEvent>()
    private let logger = Logger()

    public init() {}

    /// `MEDIASOUP_WORKER_BIN` when set, else `mediasoup-worker` beside the running executable.
    public var workerBin: String {
        if let path = ProcessInfo.processInfo.environment["MEDIASOUP_WORKER_BIN"], !path.isEmpty {
            return path
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? ProcessInfo.processInfo.arguments.first ?? "."
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("mediasoup-worker")
            .path
    }

    public func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        logger.debug("createWorker()")
        let worker = try await LocalWorker.start(workerBin: workerBin, settings: settings, logger: logger)
        observer.emit(.newWorker(worker))
        return worker
    }

    public func setLogEventListeners(_ listeners: LogEventListeners?) {
        logger.set(listeners)
    }
}
