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
    public let events = EventEmitter<RopeConnectionEvent>()
    public var requestTimeout: Duration { requests.timeout }
    private let requests: AwaitedRequests<JSONValue>

    public init(requestTimeout: Duration = .seconds(10)) {
        requests = AwaitedRequests(timeout: requestTimeout) { method in
            InvalidStateError("ROPE request timeout [method:\(method)]")
        }
    }

    /// Sends a request with `send` (false when the connection is not open)
    /// and waits for its answer.
    public func call(
        _ method: String, _ params: JSONValue, send: @Sendable (String) -> Bool
    ) async throws -> JSONValue {
        try await requests.call(method) { id in
            guard send(RopeMessage.request(id: Int(id), method: method, params: params).frame) else {
                throw InvalidStateError("ROPE connection is not open [method:\(method)]")
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
            if let id = UInt32(exactly: id) { requests.answer(id, with: .success(result)) }
        case .failure(let id?, let error):
            if let id = UInt32(exactly: id) { requests.answer(id, with: .failure(error.contractError)) }
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
        requests.failAll { method in InvalidStateError("\(reason) [method:\(method)]") }
    }
}
