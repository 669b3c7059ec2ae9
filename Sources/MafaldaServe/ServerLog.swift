import Foundation
import Logging
import Mediasoup
import Synchronization

/// The server commands' logs: swift-log lines on standard error (time,
/// level, label, metadata as key=value, message), from level --log-level
/// or MAFALDA_LOG_LEVEL up (default info).
public enum ServerLog {
    /// The logger of the serving code; cluster membership and the engine log under labels of their own.
    static let serving = Logger(label: "mafalda.serve")

    private static let bootstrapped = Mutex(false)

    /// Sends every logger of the process to standard error from `level` up; the first call wins.
    public static func bootstrap(level: Logger.Level) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Listeners that log the engine's own lines (mediasoup's debug, warn and error) under `mafalda.engine`.
    static func engineListeners() -> LogEventListeners {
        let logger = Logger(label: "mafalda.engine")
        let forward: (Logger.Level) -> LogEventListeners.Callback = { level in
            { namespace, line, error in
                var metadata: Logger.Metadata = ["namespace": "\(namespace)"]
                if let error { metadata["error"] = "\(error)" }
                logger.log(level: level, "\(line)", metadata: metadata)
            }
        }
        return LogEventListeners(
            onDebug: logger.logLevel <= .debug ? forward(.debug) : nil, onWarn: forward(.warning),
            onError: forward(.error))
    }
}

extension Logger.Level {
    /// The level named by MAFALDA_LOG_LEVEL, or info.
    static var fromEnvironment: Logger.Level {
        ProcessInfo.processInfo.environment["MAFALDA_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
    }
}
