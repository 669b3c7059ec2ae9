import Mediasoup
import ROPE
import RemoteMediasoupProtocol
import Synchronization

/// Mafalda's Remote Mediasoup client: a mediasoup manager whose `mediasoup`
/// object controls the workers of a `RemoteMediasoupServer` over ROPE.
///
/// ```swift
/// let client = RemoteMediasoupClient(connection: connection)
/// try client.open()
/// // once `.mediasoup(mediasoup?)` has been emitted on `events`:
/// let worker = try await client.mediasoup!.createWorker()
/// ```
///
/// `readyState` follows the WebSocket's (connecting, open, closing,
/// closed) and becomes ``RemoteMediasoupReadyState/connected`` once the
/// server's snapshot has been applied. When the connection drops, the
/// proxies keep their state, requests fail with ``InvalidStateError``, and
/// once the connection is open again the new snapshot is reconciled with the
/// graph: `mediasoup` stays the same object.
///
/// Keep the client while using its mediasoup object: the client is what
/// applies the server's notifications to the proxies.
public final class RemoteMediasoupClient: MediasoupManager {
    /// `mediasoup` (available or gone) and `error`.
    public let events = EventEmitter<ManagerEvent>()
    /// The connection's life: `open`, `websocketOpen`, `connected`,
    /// `websocketClose`, `disconnected`, `close`.
    public let clientEvents = EventEmitter<RemoteMediasoupClientEvent>()
    /// The options the client was created with.
    public let options: RemoteMediasoupClientOptions
    /// The ROPE connection to the server.
    public let connection: any RopeClientConnection

    private let session: RemoteSession
    private let remoteMediasoup: RemoteMediasoup

    private struct State {
        var readyState = RemoteMediasoupReadyState.closed
        var destroyed = false
        /// `mediasoup` is available (offered with `.mediasoup(object)` and not withdrawn).
        var offered = false
        /// A snapshot has been applied before: the next ones are reconciled.
        var built = false
    }
    private let state = Mutex(State())
    private let listener = Mutex<EventEmitter<RopeConnectionEvent>.Token?>(nil)

    /// A client over `connection`. It stays closed until ``open()``.
    public init(connection: any RopeClientConnection, options: RemoteMediasoupClientOptions = .init()) {
        self.connection = connection
        self.options = options
        self.session = RemoteSession(connection: connection, listenWorkerDied: options.listenWorkerDied)
        self.remoteMediasoup = RemoteMediasoup(session: session)
        let token = connection.events.on { [weak self] event in self?.handle(event) }
        listener.withLock { $0 = token }
    }

    /// A client of the server at `url` (`ws://` or `wss://`) over WebSocket,
    /// opened at once, as Mafalda's `new RemoteMediasoupClient(url, options)`.
    /// `connection` sets the token, TLS trust, timeouts and reconnection.
    public convenience init(
        url: String, connection connectionOptions: RopeClientOptions = .init(),
        options: RemoteMediasoupClientOptions = .init()
    ) throws {
        self.init(connection: RopeWebSocketConnection(url: url, options: connectionOptions), options: options)
        try open()
    }

    deinit {
        if let token = listener.withLock({ $0 }) { connection.events.off(token) }
    }

    /// Where the connection stands: `closed` until ``open()``; `connecting`, `open` (WebSocket up), `connected`
    /// (snapshot applied); back to `connecting` when the connection drops; `closing`, `closed` after ``close()``.
    public var readyState: RemoteMediasoupReadyState { state.withLock { $0.readyState } }
    /// Whether ``destroy()`` was called; a destroyed client cannot be opened again.
    public var destroyed: Bool { state.withLock { $0.destroyed } }

    /// The mediasoup object once the server's snapshot has been applied; nil
    /// before, and after ``close()``. Always the same object.
    public var mediasoup: (any MediasoupAPI)? {
        state.withLock { $0.offered } ? remoteMediasoup : nil
    }

    // MARK: Lifecycle

    /// Opens the connection: `open`, then `websocketOpen`, then (snapshot
    /// applied) `.mediasoup(object)` the first time and `connected`.
    ///
    /// - Throws: ``InvalidStateError`` when destroyed or not closed.
    public func open() throws {
        try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClient destroyed") }
            guard state.readyState == .closed else {
                throw InvalidStateError("RemoteMediasoupClient not closed [readyState:\(state.readyState)]")
            }
            state.readyState = .connecting
        }
        clientEvents.emit(.open)
        connection.open()
    }

    /// Closes the connection for good: `.mediasoup(nil)` (when it was
    /// available), then `close`. The proxies keep their state; opening again
    /// reconciles them. Does nothing when closed.
    public func close() {
        let closing = state.withLock { state in
            guard state.readyState != .closed, state.readyState != .closing else { return false }
            state.readyState = .closing
            return true
        }
        guard closing else { return }
        connection.close()
        let withdrawn = state.withLock { state in
            state.readyState = .closed
            defer { state.offered = false }
            return state.offered
        }
        if withdrawn { events.emit(.mediasoup(nil)) }
        clientEvents.emit(.close)
    }

    /// Closes the client for good; afterwards ``open()`` and ``getStats()`` throw.
    ///
    /// - Throws: ``InvalidStateError`` when already destroyed.
    public func destroy() throws {
        try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClient already destroyed") }
            state.destroyed = true
        }
        close()
        if let token = listener.withLock({ $0 }) { connection.events.off(token) }
    }

    /// Receives the high-rate events (`rtp`, `rtcp`, `message`, `trace`) of
    /// `object`, one of this client's proxies that it did not create itself
    /// (another client's, or one found in the server's snapshot): the server
    /// sends those events only to the clients that subscribed, and to the
    /// object's creator. Kept across reconnections.
    ///
    /// - Throws: ``TypeError`` when `object` is not a proxy of this client.
    public func subscribeToHighRateEvents(of object: AnyObject) async throws {
        guard let proxy = object as? any RemoteProxy else {
            throw TypeError("subscribeToHighRateEvents(of:) takes an object of this client's mediasoup")
        }
        try await proxy.core.subscribeToHighRateEvents()
    }

    /// The server's host and process figures (`Manager.getStats`); nil while
    /// not connected or when the server has no stats source.
    ///
    /// - Throws: ``InvalidStateError`` when destroyed; the request's errors.
    public func getStats() async throws -> MediasoupStats? {
        let connected = try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClient destroyed") }
            return state.readyState == .connected
        }
        guard connected else { return nil }
        let stats = try await session.call(RemoteProcedure.managerGetStats, target: nil)
        return try RemoteSession.decode(stats, as: MediasoupStats?.self, what: RemoteProcedure.managerGetStats.method)
    }

    // MARK: The connection

    private func handle(_ event: RopeConnectionEvent) {
        switch event {
        case .open:
            connectionOpened()
        case .notification(let method, let params):
            received(method, params)
        case .closed(let wasClean):
            connectionClosed(wasClean: wasClean)
        case .error(let error):
            events.emit(.error(error))
        }
    }

    private func connectionOpened() {
        let opened = state.withLock { state in
            guard state.readyState == .connecting else { return false }
            state.readyState = .open
            return true
        }
        if opened { clientEvents.emit(.websocketOpen) }
    }

    private func received(_ method: String, _ params: JSONValue) {
        let readyState = self.readyState
        switch method {
        case RemoteNotification.snapshot where readyState == .open || readyState == .connected:
            let snapshot: ServerSnapshot
            do {
                snapshot = try ServerSnapshot(jsonValue: params)
            } catch {
                events.emit(.error(error))
                return
            }
            if let mismatch = RemoteProtocolVersion.mismatch(snapshot.protocolVersion) {
                // A server of another version would be misread: refused, for good.
                events.emit(.error(UnsupportedError(mismatch)))
                close()
                return
            }
            let announcing = state.withLock { $0.built }
            session.apply(snapshot, announcing: announcing)
            let offering = state.withLock { state in
                guard state.readyState == .open || state.readyState == .connected else { return false }
                state.readyState = .connected
                state.built = true
                defer { state.offered = true }
                return !state.offered
            }
            if offering { events.emit(.mediasoup(remoteMediasoup)) }
            clientEvents.emit(.connected)
        case RemoteNotification.event where readyState == .connected:
            do {
                session.apply(try EventNotification(jsonValue: params))
            } catch {
                session.log.warn("ignoring malformed event notification", error)
            }
        default:
            break
        }
    }

    /// The connection dropped (the user did not close it): the client waits
    /// for it to open again.
    private func connectionClosed(wasClean: Bool) {
        let wasOpen = state.withLock { state -> Bool? in
            switch state.readyState {
            case .open, .connected:
                state.readyState = .connecting
                return true
            case .connecting:
                return false
            case .closing, .closed:
                return nil
            }
        }
        guard let wasOpen else { return }
        clientEvents.emit(.websocketClose(wasClean: wasClean))
        if wasOpen { clientEvents.emit(.disconnected) }
    }
}
