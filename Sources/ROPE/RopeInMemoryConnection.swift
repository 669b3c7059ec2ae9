import MafaldaFoundation
import Synchronization

/// A client connection wired straight to a service in the same process:
/// every message still goes through JSON-RPC frames and the session runner,
/// without sockets. For tests of services and clients, and for in-process use.
public final class RopeInMemoryConnection: RopeClientConnection {
    private let service: any RopeService
    private let principal: RopePrincipal
    private let core: RopeClientCore
    private let runner = Mutex<RopeSessionRunner?>(nil)

    public var events: EventEmitter<RopeConnectionEvent> { core.events }

    /// - Parameter principal: whom the service sees (the operator by default).
    public init(service: any RopeService, principal: RopePrincipal = .operator, requestTimeout: Duration = .seconds(10)) {
        self.service = service
        self.principal = principal
        self.core = RopeClientCore(requestTimeout: requestTimeout)
    }

    public var isOpen: Bool { runner.withLock { $0 != nil } }

    public func open() {
        guard !isOpen else { return }
        core.events.emit(.open)
        let core = self.core
        let made = RopeSessionRunner(
            service: service, principal: principal,
            send: { frame in core.receive(frame: Array(frame.utf8)) },
            close: { [weak self] in self?.drop() })
        runner.withLock { $0 = made }
        made.start()
    }

    public func call(_ method: String, _ params: JSONValue) async throws -> JSONValue {
        let runner = self.runner.withLock { $0 }
        return try await core.call(method, params) { frame in
            guard let runner else { return false }
            runner.receive(Array(frame.utf8))
            return true
        }
    }

    /// Sends a raw text frame, as a misbehaving client could.
    public func sendRawFrame(_ frame: String) {
        runner.withLock { $0 }?.receive(Array(frame.utf8))
    }

    public func close() {
        end(wasClean: true)
    }

    /// Ends the connection as a dropped socket would.
    public func drop() {
        end(wasClean: false)
    }

    private func end(wasClean: Bool) {
        guard let ended = runner.withLock({ runner in
            defer { runner = nil }
            return runner
        }) else { return }
        ended.connectionClosed()
        core.failAll("ROPE connection lost")
        core.events.emit(.closed(wasClean: wasClean))
    }
}
