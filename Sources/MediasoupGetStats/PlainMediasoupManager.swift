import Mediasoup
import Synchronization

/// Mafalda's minimal manager: a mediasoup object and a getStats factory
/// over it, available at once (the local engine, for instance).
public final class PlainMediasoupManager: MediasoupManager {
    /// Never emits `mediasoup(_:)` before ``destroy()``: the object is there from the start.
    public let events = EventEmitter<ManagerEvent>()
    private let stats: MediasoupGetStatsFactory
    private let state: Mutex<(mediasoup: (any MediasoupAPI)?, destroyed: Bool)>

    /// Tracks the workers `mediasoup` creates from now on.
    public init(mediasoup: any MediasoupAPI) {
        stats = MediasoupGetStatsFactory(mediasoup: mediasoup)
        state = Mutex((mediasoup, false))
    }

    /// The mediasoup object; nil once destroyed (and, for this layer, while the underlying manager has none).
    public var mediasoup: (any MediasoupAPI)? { state.withLock { $0.mediasoup } }
    /// Whether ``destroy()`` was called.
    public var destroyed: Bool { state.withLock { $0.destroyed } }

    /// The getStats factory's figures; nil once destroyed.
    public func getStats() async throws -> MediasoupStats? {
        guard !destroyed else { return nil }
        return try await stats.getStats()
    }

    /// Stops tracking workers and drops the mediasoup object (its workers
    /// are the application's to close). - Throws: `InvalidStateError` when already destroyed.
    public func destroy() throws {
        try state.withLock { state in
            guard !state.destroyed else { throw InvalidStateError("manager already destroyed") }
            state = (nil, true)
        }
        stats.close()
        events.emit(.mediasoup(nil))
    }
}
