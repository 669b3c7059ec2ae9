import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// What every proxy has, whatever its class: identity, its parent, the
/// session it talks through, whether it is closed, and its appData.
///
/// A proxy is *closed* as soon as the contract says so; it is *finished*
/// once its observer `close` has been emitted, after which the server's
/// events for it are dropped.
final class ProxyCore: Sendable {
    let remoteClass: RemoteClass
    let id: String
    let session: RemoteSession
    /// Nil for a worker, whose parent is the session's mediasoup object.
    let parent: (any RemoteProxy)?

    private struct State {
        var closed: Bool
        var finished: Bool
        var appData: AppData
        /// Whether this client receives the object's high-rate events
        /// (rtp, rtcp, message, trace): it created the object or subscribed.
        var highRateSubscribed = false
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, parent: (any RemoteProxy)?, session: RemoteSession) {
        self.remoteClass = snapshot.class
        self.id = snapshot.id
        self.parent = parent
        self.session = session
        self.state = Mutex(State(closed: snapshot.closed, finished: snapshot.closed, appData: snapshot.appData))
    }

    var key: ProxyKey { ProxyKey(remoteClass, id: id, parent: parent?.core.id) }
    var closed: Bool { state.withLock { $0.closed } }
    var finished: Bool { state.withLock { $0.finished } }

    /// Sets appData here and, unless closed, on the server (fire-and-forget).
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set {
            let closed = state.withLock { state in
                state.appData = newValue
                return state.closed
            }
            guard !closed else { return }
            send(RemoteProcedure.setAppData, [RemoteParam.appData: .object(newValue)])
        }
    }

    /// appData as the server has it (snapshots after a reconnection).
    func takeAppData(_ appData: AppData) {
        state.withLock { $0.appData = appData }
    }

    /// Marks the object closed; false when it already was.
    func markClosed() -> Bool {
        state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
    }

    func markFinished() {
        state.withLock { state in
            state.closed = true
            state.finished = true
        }
    }

    /// Whether an event from the server still concerns this object.
    func accepts(_ notification: EventNotification) -> Bool {
        !finished || (remoteClass == .worker && notification.event == WorkerEventName.subprocessClose.rawValue)
    }

    // MARK: Requests

    /// The core of the worker this object lives in (itself for a worker).
    private var workerCore: ProxyCore { parent?.core.workerCore ?? self }

    /// Refuses requests as the local engine does: ``InvalidStateError`` once
    /// the worker is closed (its channel is), ``MediasoupError`` once the
    /// object is (the worker no longer knows it).
    func checkUsable(_ procedure: String) throws {
        if workerCore.closed {
            throw InvalidStateError("Channel closed [method:\(remoteClass.rawValue).\(procedure)]")
        }
        if closed {
            throw MediasoupError("\(remoteClass.rawValue) closed [id:\(id), method:\(procedure)]")
        }
    }

    /// Runs a procedure on this object and waits for its answer.
    func request(_ procedure: String, _ params: [String: JSONValue] = [:]) async throws -> JSONValue {
        try checkUsable(procedure)
        return try await session.call(RemoteProcedure(remoteClass, procedure), target: key, params)
    }

    /// Runs a procedure on this object and decodes its answer.
    func request<T: Decodable>(_ procedure: String, _ params: [String: JSONValue] = [:], as type: T.Type) async throws
        -> T
    {
        try RemoteSession.decode(try await request(procedure, params), as: T.self, what: "\(remoteClass.rawValue).\(procedure)")
    }

    /// Runs a creating procedure and returns the proxy of the object it made.
    func create<P>(_ procedure: String, _ params: [String: JSONValue], as type: P.Type) async throws -> P {
        let snapshot = try await request(procedure, params, as: ObjectSnapshot.self)
        let made = try session.proxy(for: snapshot)
        guard let proxy = made as? P else {
            throw TypeError("\(remoteClass.rawValue).\(procedure) answered a \(snapshot.class.rawValue) snapshot")
        }
        // The server sends the creator the object's high-rate events.
        made.core.state.withLock { $0.highRateSubscribed = true }
        return proxy
    }

    /// Receives the object's high-rate events from now on (and again after a reconnection).
    func subscribeToHighRateEvents() async throws {
        _ = try await request(RemoteProcedure.subscribe)
        state.withLock { $0.highRateSubscribed = true }
    }

    /// Whether this client receives the object's high-rate events.
    var highRateSubscribed: Bool { state.withLock { $0.highRateSubscribed } }

    /// After a reconnection (a new session on the server): subscribes again
    /// to what this client received before.
    func renewHighRateSubscription() {
        guard state.withLock({ $0.highRateSubscribed && !$0.closed }) else { return }
        send(RemoteProcedure.subscribe)
    }

    /// Sends a procedure on this object without waiting (its failure is logged).
    func send(_ procedure: String, _ params: [String: JSONValue] = [:]) {
        session.send(RemoteProcedure(remoteClass, procedure), target: key, params)
    }

    /// The test hook: the server hands the object `notification` as if its
    /// worker had sent it; returns once the event it causes has been applied
    /// here (the server sends the event before its answer).
    func injectNotificationForTesting(_ notification: EngineNotification) async throws {
        try checkUsable(RemoteProcedure.injectNotificationForTesting)
        let wire = try RemoteSession.wire(RemoteEngineNotification(notification), what: "notification")
        _ = try await session.call(
            RemoteProcedure(remoteClass, RemoteProcedure.injectNotificationForTesting), target: key,
            [RemoteParam.notification: wire])
    }
}
