import MafaldaFoundation
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

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
    /// Who the client authenticated as.
    public let principal: RopePrincipal
    private let sendFrame: @Sendable (String) -> Void
    private let closeConnection: @Sendable () -> Void

    init(
        id: UInt64, principal: RopePrincipal, send: @escaping @Sendable (String) -> Void,
        close: @escaping @Sendable () -> Void
    ) {
        self.id = id
        self.principal = principal
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
/// Each request starts at once, on the thread that read it (or, past the
/// session's rate, when its turn comes, behind the ones that came before),
/// and runs until its first suspension before the next one starts, so
/// whatever a procedure sends first (its request to a worker) goes out in
/// arrival order, as mediasoup's single JavaScript thread would send it.
/// Later requests do not wait for earlier ones to finish: answers may come
/// in any order (JSON-RPC matches them by id).
final class RopeSessionRunner: Sendable {
    let session: RopeSession
    private let service: any RopeService
    private let closed = Mutex(false)
    /// Most requests of this session waiting or running at once; more are refused.
    private let maxRequestsInFlight: Int
    private let inFlight = Atomic<Int>(0)

    /// Requests over the session's rate wait here, in arrival order, for
    /// their turn; one task at a time starts them.
    private struct Pacing {
        var bucket: RopeTokenBucket
        var waiting: [[UInt8]] = []
        var draining = false
        /// Refusals in the current second, to drop a client that ignores them.
        var refusalSecond: ContinuousClock.Instant
        var refusals = 0
    }
    private let pacing: Mutex<Pacing>

    private static let nextId = Atomic<UInt64>(1)

    /// - Parameters:
    ///   - maxRequestsInFlight: requests waiting or running at once; more are
    ///     refused, and a client refused that many times in one second is dropped.
    ///   - maxRequestsPerSecond: requests started per second (as many may come at
    ///     once); more wait for their turn, so one client cannot take the server.
    init(
        service: any RopeService, principal: RopePrincipal, maxRequestsInFlight: Int = 256,
        maxRequestsPerSecond: Int = 1_000,
        send: @escaping @Sendable (String) -> Void, close: @escaping @Sendable () -> Void
    ) {
        let id = Self.nextId.wrappingAdd(1, ordering: .relaxed).oldValue
        let session = RopeSession(id: id, principal: principal, send: send, close: close)
        self.session = session
        self.service = service
        self.maxRequestsInFlight = maxRequestsInFlight
        let now = ContinuousClock.now
        self.pacing = Mutex(Pacing(
            bucket: RopeTokenBucket(rate: maxRequestsPerSecond, capacity: maxRequestsPerSecond, now: now),
            refusalSecond: now))
    }

    /// Opens the session with the service (which sends its first
    /// notifications); call once the transport can carry the client's requests.
    func start() {
        service.sessionOpened(session)
    }

    /// Handles one inbound text frame: starts it at once when the session is
    /// within its rate, else queues it behind the others; refuses it when the
    /// session has ``maxRequestsInFlight`` requests waiting or running already.
    func receive(_ frame: [UInt8]) {
        guard !closed.withLock({ $0 }) else { return }
        guard inFlight.add(1, ordering: .relaxed).newValue <= maxRequestsInFlight else {
            inFlight.subtract(1, ordering: .relaxed)
            refuse(frame)
            return
        }
        let (startNow, startDraining) = pacing.withLock { pacing -> (Bool, Bool) in
            if pacing.waiting.isEmpty, pacing.bucket.take(at: .now) == nil { return (true, false) }
            pacing.waiting.append(frame)
            defer { pacing.draining = true }
            return (false, !pacing.draining)
        }
        if startNow { run(frame) }
        if startDraining { drain() }
    }

    private func run(_ frame: [UInt8]) {
        let service = self.service
        let session = self.session
        startImmediately { [self] in
            defer { inFlight.subtract(1, ordering: .relaxed) }
            await Self.handle(frame: frame, service: service, session: session)
        }
    }

    /// Starts the waiting requests one by one as the rate allows.
    private func drain() {
        Task { [self] in
            while true {
                let ended = closed.withLock { $0 }
                let (next, wait) = pacing.withLock { pacing -> ([UInt8]?, Duration?) in
                    if ended {
                        // The client left: what waited for it is dropped.
                        inFlight.subtract(pacing.waiting.count, ordering: .relaxed)
                        pacing.waiting = []
                    }
                    guard !pacing.waiting.isEmpty else {
                        pacing.draining = false
                        return (nil, nil)
                    }
                    if let wait = pacing.bucket.take(at: .now) { return (nil, wait) }
                    return (pacing.waiting.removeFirst(), nil)
                }
                if let next {
                    run(next)
                } else if let wait {
                    try? await Task.sleep(for: wait)
                } else {
                    return
                }
            }
        }
    }

    /// Answers a request over the limit with an error (its id read if it
    /// parses); drops the client when it has been refused
    /// ``maxRequestsInFlight`` times within a second.
    private func refuse(_ frame: [UInt8]) {
        if case .request(let id, _, _)? = try? RopeMessage(frame: frame) {
            session.send(.failure(id: id, RopeErrorObject(
                code: .serverBusy, kind: .error,
                message: "too many requests in flight (at most \(maxRequestsInFlight) per client)")))
        }
        let ignoresRefusals = pacing.withLock { pacing in
            let now = ContinuousClock.now
            if pacing.refusalSecond.duration(to: now) > .seconds(1) {
                pacing.refusalSecond = now
                pacing.refusals = 0
            }
            pacing.refusals += 1
            return pacing.refusals > maxRequestsInFlight
        }
        if ignoresRefusals { session.close() }
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
            if !RopeErrorObject.isShownToClients(error) {
                FileHandle.standardError.write(Data("ROPE: \(method) failed: \(error)\n".utf8))
            }
            var failure = RopeErrorObject(procedureError: error)
            failure.id = id
            session.send(.failure(id: id, failure))
        }
    }
}

