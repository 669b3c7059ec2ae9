import Mediasoup
import MediasoupGetStats
import MediasoupLocal
import RemoteMediasoupProtocol
import Synchronization

/// The remote client's surface over the local engine in this process:
/// Mafalda's Remote Mediasoup client mock.
///
/// Opening goes through the client's states and events without a network
/// (`open`, `websocketOpen`, the manager's `mediasoup`, `connected`, each on
/// a later turn), and ``mediasoup`` is then the local engine. Closing is the
/// user's, so it emits `close` but never `disconnected` or `websocketClose`.
///
/// ```swift
/// let mock = RemoteMediasoupClientMock()
/// let connected = mock.clientEvents.stream()
/// try mock.open(url: "ws://mock")
/// for await case .connected in connected { break }
/// let worker = try await mock.mediasoup?.createWorker()
/// ```
public final class RemoteMediasoupClientMock: MediasoupManager {
    /// How the mock is made. The remote client's connection options have no
    /// meaning here, as in Mafalda's mock.
    public struct Options: Sendable {
        /// The local engine the mock hands out while connected.
        public var mediasoup: LocalMediasoup

        public init(mediasoup: LocalMediasoup = LocalMediasoup()) {
            self.mediasoup = mediasoup
        }
    }

    private struct State: Sendable {
        var closed = true
        var destroyed = false
        var url: String?
        var mediasoup: (any MediasoupAPI)?
        var stats: MediasoupGetStatsFactory?
        /// Counts opens and closes, so the turns of an open that was closed meanwhile do nothing.
        var generation: UInt64 = 0
    }

    /// The manager's `mediasoup` and `error` events.
    public let events = EventEmitter<ManagerEvent>()
    /// The client's connection events.
    public let clientEvents = EventEmitter<RemoteMediasoupClientEvent>()

    private let engine: LocalMediasoup
    private let state = Mutex(State())

    /// A mock that opens at once when given a `url`, and stays closed until
    /// ``open(url:)`` otherwise.
    public init(url: String? = nil, options: Options = Options()) {
        engine = options.mediasoup
        if let url { beginOpening(url: url) }
    }

    /// The local engine while connected; nil otherwise.
    public var mediasoup: (any MediasoupAPI)? {
        state.withLock { $0.mediasoup }
    }

    /// ``RemoteMediasoupReadyState/connected`` while ``mediasoup`` is
    /// available, else ``RemoteMediasoupReadyState/closed`` when closed, else
    /// ``RemoteMediasoupReadyState/open`` (never connecting or closing).
    public var readyState: RemoteMediasoupReadyState {
        state.withLock { state in
            if state.mediasoup != nil { return .connected }
            return state.closed ? .closed : .open
        }
    }

    public var destroyed: Bool {
        state.withLock { $0.destroyed }
    }

    /// The URL given last.
    public var url: String? {
        state.withLock { $0.url }
    }

    /// Opens the mock to `url`, or to the URL given last.
    ///
    /// - Throws: ``InvalidStateError`` when destroyed or not closed;
    ///   ``TypeError`` when no URL was ever given.
    public func open(url: String? = nil) throws {
        let url = try state.withLock { state -> String in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClientMock is destroyed") }
            guard state.closed else { throw InvalidStateError("RemoteMediasoupClientMock is already open(ing)") }
            guard let url = url ?? state.url else { throw TypeError("url not defined") }
            return url
        }
        beginOpening(url: url)
    }

    /// Closes the mock: ``mediasoup`` goes away (the manager's `mediasoup`
    /// event with nil, when it was available), worker tracking for stats
    /// stops, and `close` follows. Does nothing when already closed.
    ///
    /// Workers created through the engine keep running, as a remote server's do.
    public func close() {
        let taken = state.withLock { state -> (mediasoup: (any MediasoupAPI)?, stats: MediasoupGetStatsFactory?)? in
            guard !state.closed else { return nil }
            state.closed = true
            state.generation += 1
            defer {
                state.mediasoup = nil
                state.stats = nil
            }
            return (state.mediasoup, state.stats)
        }
        guard let taken else { return }
        if taken.mediasoup != nil { events.emit(.mediasoup(nil)) }
        taken.stats?.close()
        clientEvents.emit(.close)
    }

    /// The getStats factory's figures while connected; nil otherwise.
    ///
    /// - Throws: ``InvalidStateError`` when destroyed.
    public func getStats() async throws -> MediasoupStats? {
        let stats = try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClientMock is destroyed") }
            return state.stats
        }
        return try await stats?.getStats()
    }

    /// As the client's: here every event of every object arrives already (the
    /// engine is in this process), so there is nothing to subscribe to.
    ///
    /// - Throws: ``InvalidStateError`` when destroyed.
    public func subscribeToHighRateEvents(of object: AnyObject) async throws {
        try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClientMock is destroyed") }
        }
    }

    /// Closes the mock for good; ``open(url:)`` and ``getStats()`` throw afterwards.
    ///
    /// - Throws: ``InvalidStateError`` when already destroyed.
    public func destroy() throws {
        try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("RemoteMediasoupClientMock is already destroyed") }
            state.destroyed = true
        }
        close()
    }

    // MARK: Opening

    /// Marks the mock open and runs the rest of the opening on later turns.
    private func beginOpening(url: String) {
        let generation = state.withLock { state in
            state.closed = false
            state.url = url
            state.generation += 1
            return state.generation
        }
        Task { [weak self] in
            await Task.yield()
            guard let self, isCurrent(generation) else { return }
            clientEvents.emit(.open)
            await Task.yield()
            guard isCurrent(generation) else { return }
            clientEvents.emit(.websocketOpen)
            await Task.yield()
            connect(generation)
        }
    }

    private func isCurrent(_ generation: UInt64) -> Bool {
        state.withLock { $0.generation == generation && !$0.closed }
    }

    private func connect(_ generation: UInt64) {
        let engine = engine
        let connected = state.withLock { state -> Bool in
            guard state.generation == generation, !state.closed else { return false }
            state.mediasoup = engine
            state.stats = MediasoupGetStatsFactory(mediasoup: engine)
            return true
        }
        guard connected else { return }
        events.emit(.mediasoup(engine))
        clientEvents.emit(.connected)
    }
}
