#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup
import Synchronization

/// The local engine's mediasoup object: workers are processes on this host.
///
/// - Important: The worker process (`mediasoup-worker`) is not built yet, so
///   ``createWorker(_:)`` fails with a ``MediasoupError`` saying so. The
///   module-level functions (capabilities, scalability modes, version) work.
public final class LocalMediasoup: MediasoupAPI {
    public let version = mediasoupVersion
    public let observer = EventEmitter<MediasoupObserverEvent>()
    private let logListeners = Mutex<LogEventListeners?>(nil)

    public init() {}

    /// `MEDIASOUP_WORKER_BIN` when set, else `mediasoup-worker` beside the running executable.
    public var workerBin: String {
        if let path = ProcessInfo.processInfo.environment["MEDIASOUP_WORKER_BIN"], !path.isEmpty {
            return path
        }
        let executable = ProcessInfo.processInfo.arguments.first ?? "."
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        return (directory.isEmpty ? "." : directory) + "/mediasoup-worker"
    }

    public func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        logListeners.withLock { $0 }?.onError?("mediasoup", "createWorker() failed: no worker process", nil)
        throw MediasoupError(
            "createWorker(): the local engine's worker process is not implemented yet (workerBin: \(workerBin))")
    }

    public func setLogEventListeners(_ listeners: LogEventListeners?) {
        logListeners.withLock { $0 = listeners }
    }
}
