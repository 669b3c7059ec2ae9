import Mediasoup
import Synchronization

/// What a ROPE server serves. The transport (WebSocket or in-memory) calls it
/// for each session and each request; it never sees frames.
public protocol RopeService: AnyObject, Sendable {
    /// A client connected and was authenticated. Whatever the service sends
    /// with `session.notify` before returning (the snapshot) reaches the
    /// client before any response.
    func sessionOpened(_ session: RopeSession)

    /// Runs one procedure. The requests of one session start in arrival
    /// order, each running until its first suspension before the next starts. Throw a contract error (its kind travels) or a
    /// ``RopeErrorObject`` for protocol-level refusals.
    func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue

    /// The client went away (cleanly or not).
    func sessionClosed(_ session: RopeSession)
}

/// One connected client, as the service sees it.
public final class RopeSession: Sendable, Hashable {
    public let id: UInt64
    private let sendFrame: @Sendable (String) -> Void
    private let closeConnection: @Sendable () -> Void

    init(id: UInt64, send: @escaping @Sendable (String) -> Void, close: @escaping @Sendable () -> Void) {
        self.id = id
        self.sendFrame = send
        self.closeConnection = close
    }

    /// Sends a notification. Notifications and responses of one session keep
    /// the order in which they were sent.
    public func notify(_ method: String, _ params: JSONValue) {
        sendFrame(RopeMessage.notification(method: method, params: params).frame)
    }

    func send(_ message: RopeMessage) {
        sendFrame(message.frame)
    }

    /// Closes the connection to this client.
    public func close() { closeConnection() }

    public static func == (lhs: RopeSession, rhs: RopeSession) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Starts the requests of one session in arrival order against a service
/// and answers each one; shared by every server transport.
///
/// Each request starts at once, on the thread that read it, and runs until
/// its first suspension before the next one starts, so whatever a procedure
/// sends first (its request to a worker) goes out in arrival order, as
/// mediasoup's single JavaScript thread would send it. Later requests do not
/// wait for earlier ones to finish: answers may come in any order (JSON-RPC
/// matches them by id).
final class RopeSessionRunner: Sendable {
    let session: RopeSession
    private let service: any RopeService
    private let closed = Mutex(false)

    private static let nextId = Atomic<UInt64>(1)

    init(service: any RopeService, send: @escaping @Sendable (String) -> Void, close: @escaping @Sendable () -> Void) {
        let id = Self.nextId.wrappingAdd(1, ordering: .relaxed).oldValue
        let session = RopeSession(id: id, send: send, close: close)
        self.session = session
        self.service = service
        service.sessionOpened(session)
    }

    /// Handles one inbound text frame.
    func receive(_ frame: [UInt8]) {
        guard !closed.withLock({ $0 }) else { return }
        let service = self.service
        let session = self.session
        startImmediately { await Self.handle(frame: frame, service: service, session: session) }
    }

    /// The connection ended: no more frames; the service forgets the session.
    func connectionClosed() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        service.sessionClosed(session)
    }

    private static func handle(frame: [UInt8], service: any RopeService, session: RopeSession) async {
        let message: RopeMessage
        do {
            message = try RopeMessage(frame: frame)
        } catch {
            session.send(.failure(id: error.id, error))
            return
        }
        guard case .request(let id, let method, let params) = message else {
            session.send(.failure(id: nil, RopeErrorObject(
                code: .invalidRequest, kind: .typeError, message: "a ROPE server accepts only requests")))
            return
        }
        do {
            let result = try await service.call(method, params: params, session: session)
            session.send(.success(id: id, result: result))
        } catch {
            var failure = RopeErrorObject(procedureError: error)
            failure.id = id
            session.send(.failure(id: id, failure))
        }
    }
}

