import MafaldaFoundation
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a client sees of its connection to a ROPE server.
public protocol RopeClientConnection: AnyObject, Sendable {
    /// Calls a procedure and waits for its answer.
    ///
    /// - Throws: the server's error rebuilt with its kind
    ///   (`TypeError`, `UnsupportedError`, `InvalidStateError`, `Error`);
    ///   `InvalidStateError` when the request times out, when the connection
    ///   is not open, or when it drops before the answer.
    func call(_ method: String, _ params: JSONValue) async throws -> JSONValue

    /// Connection lifecycle and server notifications, in arrival order,
    /// emitted on the thread that reads the connection.
    var events: EventEmitter<RopeConnectionEvent> { get }

    /// Whether the connection is open now.
    var isOpen: Bool { get }

    /// Opens (or reopens) the connection.
    func open()

    /// Closes the connection for good; no reconnection follows.
    func close()
}

public enum RopeConnectionEvent: Sendable {
    /// The connection is open; the server's first notification follows.
    case open
    /// A server notification.
    case notification(method: String, params: JSONValue)
    /// The connection closed; `wasClean` is false when it dropped. A
    /// reconnecting connection tries again after this.
    case closed(wasClean: Bool)
    /// Something failed (refused token, unreachable server, bad frame).
    case error(any Error)
}

/// The client half of ROPE without I/O: request ids, pending requests with
/// timeouts, answers and notifications from inbound frames. Transports feed
/// it frames and give it a way to send.
public final class RopeClientCore: Sendable {
    private struct Pending {
        let method: String
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<JSONValue, any Error>
    }

    private struct State {
        var nextId = 1
        var pending: [Int: Pending] = [:]
        var sweeping = false
    }

    public let events = EventEmitter<RopeConnectionEvent>()
    public let requestTimeout: Duration
    private let state = Mutex(State())

    public init(requestTimeout: Duration = .seconds(10)) {
        self.requestTimeout = requestTimeout
    }

    /// Sends a request with `send` and waits for its answer.
    public func call(
        _ method: String, _ params: JSONValue, send: @Sendable (String) -> Bool
    ) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            let deadline = ContinuousClock.now + requestTimeout
            let (id, startSweeper) = state.withLock { state in
                let id = state.nextId
                state.nextId += 1
                state.pending[id] = Pending(method: method, deadline: deadline, continuation: continuation)
                defer { state.sweeping = true }
                return (id, !state.sweeping)
            }
            if startSweeper { sweep() }
            let frame = RopeMessage.request(id: id, method: method, params: params).frame
            if !send(frame) {
                fail(id: id, InvalidStateError("ROPE connection is not open [method:\(method)]"))
            }
        }
    }

    /// Handles one inbound text frame: answers a pending request or emits a
    /// notification.
    public func receive(frame: some Collection<UInt8>) {
        let message: RopeMessage
        do {
            message = try RopeMessage(frame: frame)
        } catch {
            events.emit(.error(error))
            return
        }
        switch message {
        case .success(let id, let result):
            take(id)?.continuation.resume(returning: result)
        case .failure(let id?, let error):
            take(id)?.continuation.resume(throwing: error.contractError)
        case .failure(nil, let error):
            events.emit(.error(error))
        case .notification(let method, let params):
            events.emit(.notification(method: method, params: params))
        case .request(_, let method, _):
            events.emit(.error(TypeError("unexpected request '\(method)' from a ROPE server")))
        }
    }

    /// Fails every pending request: the connection dropped.
    public func failAll(_ reason: String) {
        let pending = state.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
        for (_, request) in pending {
            request.continuation.resume(throwing: InvalidStateError("\(reason) [method:\(request.method)]"))
        }
    }

    private func take(_ id: Int) -> Pending? {
        state.withLock { $0.pending.removeValue(forKey: id) }
    }

    private func fail(id: Int, _ error: any Error) {
        take(id)?.continuation.resume(throwing: error)
    }

    /// Times out pending requests; runs while any are pending.
    private func sweep() {
        let interval = min(requestTimeout / 4, .milliseconds(250))
        Task { [weak self] in
            while true {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                let now = ContinuousClock.now
                let (expired, more) = self.state.withLock { state in
                    let expired = state.pending.filter { $0.value.deadline <= now }
                    for id in expired.keys { state.pending.removeValue(forKey: id) }
                    if state.pending.isEmpty { state.sweeping = false }
                    return (expired, !state.pending.isEmpty)
                }
                for (_, request) in expired {
                    request.continuation.resume(
                        throwing: InvalidStateError("ROPE request timeout [method:\(request.method)]"))
                }
                if !more { return }
            }
        }
    }
}
