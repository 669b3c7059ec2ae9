import Mediasoup
import Synchronization

/// The library's log lines, routed to the listeners given to `setLogEventListeners`.
final class Logger: Sendable {
    private let listeners = Mutex<LogEventListeners?>(nil)
    private let namespace: String

    init(namespace: String = "mediasoup") {
        self.namespace = namespace
    }

    func set(_ listeners: LogEventListeners?) {
        self.listeners.withLock { $0 = listeners }
    }

    func debug(_ line: @autoclosure () -> String) {
        guard let onDebug = listeners.withLock({ $0?.onDebug }) else { return }
        onDebug(namespace, line(), nil)
    }

    func warn(_ line: @autoclosure () -> String) {
        guard let onWarn = listeners.withLock({ $0?.onWarn }) else { return }
        onWarn(namespace, line(), nil)
    }

    func error(_ line: @autoclosure () -> String, _ error: (any Error)? = nil) {
        guard let onError = listeners.withLock({ $0?.onError }) else { return }
        onError(namespace, line(), error)
    }
}
