import Mediasoup
import Synchronization

/// The client's log lines, routed to the listeners given with
/// `mediasoup.setLogEventListeners` (none by default).
final class RemoteLog: Sendable {
    static let namespace = "mediasoup:RemoteMediasoupClient"
    private let listeners = Mutex<LogEventListeners?>(nil)

    func set(_ listeners: LogEventListeners?) {
        self.listeners.withLock { $0 = listeners }
    }

    func debug(_ message: String) {
        listeners.withLock { $0?.onDebug }?(Self.namespace, message, nil)
    }

    func warn(_ message: String, _ error: (any Error)? = nil) {
        listeners.withLock { $0?.onWarn }?(Self.namespace, message, error)
    }

    func error(_ message: String, _ error: (any Error)? = nil) {
        listeners.withLock { $0?.onError }?(Self.namespace, message, error)
    }
}
