import Mediasoup
import Synchronization

/// Mafalda's vertical scaling: one virtual router spanning every core of a
/// host. A manager over any other manager (the local engine with its
/// getStats, a remote client, a horizontal manager), whose ``mediasoup``
/// object has mediasoup's API while its workers and routers are virtual:
///
/// - at most one real worker per CPU per worker-settings set (across the
///   processes of the host, see ``HostWorkerSet``), and one real router per
///   real worker per codecs set, shared by every virtual router with them;
/// - a new transport goes where the load says (``Placement``): concentrated
///   on the busiest real worker under the watermark, spread when all are
///   above it;
/// - a consumer whose producer lives on another real router gets it through
///   a real pipe made on demand, one per producer and real router, closed
///   with its last consumer there; unused real routers and workers close.
///
/// ```swift
/// let vertical = try MediasoupVertical(manager: PlainMediasoupManager(mediasoup: LocalMediasoup()))
/// let worker = try await vertical.mediasoup!.createWorker()
/// let router = try await worker.createRouter(RouterOptions(mediaCodecs: codecs))
/// ```
public final class MediasoupVertical: MediasoupManager {
    /// The manager's `mediasoup` and `error` events.
    public let events = EventEmitter<ManagerEvent>()
    private let manager: any MediasoupManager
    private let options: VerticalOptions
    private let state = Mutex<(destroyed: Bool, mediasoup: VerticalMediasoup?, token: EventEmitter<ManagerEvent>.Token?)>(
        (false, nil, nil))

    /// A vertical layer over `manager`; its ``mediasoup`` is available when
    /// the manager's is (at once for a local manager).
    ///
    /// - Throws: ``TypeError`` for options out of range.
    public init(manager: any MediasoupManager, options: VerticalOptions = VerticalOptions()) throws {
        self.manager = manager
        self.options = try options.validated()
        let token = manager.events.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .mediasoup(let real): self.innerChanged(real)
            case .error(let error): self.events.emit(.error(error))
            }
        }
        state.withLock { $0.token = token }
        if let real = manager.mediasoup { innerChanged(real, emit: false) }
    }

    /// The mediasoup object; nil once destroyed (and, for this layer, while the underlying manager has none).
    public var mediasoup: (any MediasoupAPI)? { state.withLock { $0.mediasoup } }
    /// Whether ``destroy()`` was called.
    public var destroyed: Bool { state.withLock { $0.destroyed } }

    /// The underlying manager's figures (its workers are the real ones).
    public func getStats() async throws -> MediasoupStats? {
        try await manager.getStats()
    }

    /// How many real workers, routers and pipes are open now: what the
    /// virtual objects cost. Nil while unavailable.
    public func census() async -> (workers: Int, routers: Int, pipes: Int)? {
        guard let vertical = state.withLock({ $0.mediasoup }) else { return nil }
        return await vertical.pool.census()
    }

    /// Closes every virtual worker (so every real one this layer started);
    /// the underlying manager stays (destroy it after this one).
    ///
    /// - Throws: ``InvalidStateError`` when already destroyed.
    public func destroy() throws {
        let (vertical, token) = try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("MediasoupVertical already destroyed") }
            state.destroyed = true
            defer {
                state.mediasoup = nil
                state.token = nil
            }
            return (state.mediasoup, state.token)
        }
        if let token { manager.events.off(token) }
        vertical?.closeAll()
        if vertical != nil { events.emit(.mediasoup(nil)) }
    }

    private func innerChanged(_ real: (any MediasoupAPI)?, emit: Bool = true) {
        let manager = manager
        let fresh = real.map { VerticalMediasoup(real: $0, options: options, stats: { try await manager.getStats() }) }
        let previous = state.withLock { state -> VerticalMediasoup?? in
            guard !state.destroyed else { return nil }
            defer { state.mediasoup = fresh }
            return .some(state.mediasoup)
        }
        guard case .some(let old) = previous else { return }
        old?.closeAll()
        if emit { events.emit(.mediasoup(fresh)) }
    }
}
