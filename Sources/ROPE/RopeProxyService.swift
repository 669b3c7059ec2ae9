import MafaldaFoundation
import Synchronization

/// A ROPE service that re-serves another ROPE server (Mafalda's proxy).
///
/// Each client session gets its own upstream connection, made by the
/// `upstream` factory and opened when the session opens: the upstream's
/// notifications (its snapshot first) reach the client in order, requests
/// are forwarded and answered with the upstream's answers, errors keep their
/// kind. When the upstream connection closes, the client's session closes;
/// when the client goes, its upstream connection closes.
///
/// ``Rewriting`` changes what passes, for a server with a known fault (the
/// conformance kit's tests); by default nothing changes.
public final class RopeProxyService: RopeService {
    /// How what passes is changed.
    public struct Rewriting: Sendable {
        /// An upstream notification: what the client gets instead, or nil to drop it.
        public var notification: @Sendable (_ method: String, _ params: JSONValue) -> (method: String, params: JSONValue)?
        /// The upstream's result of a request: what the client gets instead.
        public var result: @Sendable (_ method: String, _ params: JSONValue, _ result: JSONValue) -> JSONValue
        /// The upstream's error for a request: what the client gets instead.
        public var error: @Sendable (_ method: String, _ params: JSONValue, _ error: any Error) -> any Error

        /// Rewriting with the given changes; each one left out changes nothing.
        public init(
            notification: @escaping @Sendable (_ method: String, _ params: JSONValue) -> (method: String, params: JSONValue)? = {
                ($0, $1)
            },
            result: @escaping @Sendable (_ method: String, _ params: JSONValue, _ result: JSONValue) -> JSONValue = { $2 },
            error: @escaping @Sendable (_ method: String, _ params: JSONValue, _ error: any Error) -> any Error = { $2 }
        ) {
            self.notification = notification
            self.result = result
            self.error = error
        }
    }

    /// How long a request waits for its session's upstream connection to open.
    public let openTimeout: Duration
    private let makeUpstream: @Sendable () -> any RopeClientConnection
    private let rewriting: Rewriting
    private let upstreams = Mutex<[UInt64: any RopeClientConnection]>([:])

    /// - Parameters:
    ///   - upstream: Makes one connection to the upstream server (not yet
    ///     open), for one client session; it should not reconnect by itself.
    ///   - rewriting: What to change in what passes (nothing by default).
    public init(
        openTimeout: Duration = .seconds(10), rewriting: Rewriting = Rewriting(),
        upstream: @escaping @Sendable () -> any RopeClientConnection
    ) {
        self.openTimeout = openTimeout
        self.makeUpstream = upstream
        self.rewriting = rewriting
    }

    public func sessionOpened(_ session: RopeSession) {
        let connection = makeUpstream()
        let rewriting = rewriting
        connection.events.on { [weak session] event in
            switch event {
            case .notification(let method, let params):
                if let (method, params) = rewriting.notification(method, params) { session?.notify(method, params) }
            case .closed:
                session?.close()
            case .open, .error:
                break
            }
        }
        upstreams.withLock { $0[session.id] = connection }
        connection.open()
    }

    public func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
        guard let connection = upstreams.withLock({ $0[session.id] }) else {
            throw InvalidStateError("the proxy has no upstream connection for this session")
        }
        let deadline = ContinuousClock.now + openTimeout
        while !connection.isOpen {
            guard ContinuousClock.now < deadline else {
                throw InvalidStateError("the upstream server did not answer within \(openTimeout)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let result: JSONValue
        do {
            result = try await connection.call(method, params)
        } catch {
            throw rewriting.error(method, params, error)
        }
        return rewriting.result(method, params, result)
    }

    public func sessionClosed(_ session: RopeSession) {
        upstreams.withLock { $0.removeValue(forKey: session.id) }?.close()
    }
}
