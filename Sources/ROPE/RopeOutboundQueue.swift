import Synchronization

/// The bytes sent to one client and not yet written to its socket. A client
/// that stops reading makes them grow; past the limit it is dropped, and
/// nothing more is queued for it.
final class RopeOutboundQueue: Sendable {
    enum Admission: Equatable {
        /// Queue the frame.
        case admitted
        /// The limit was just passed: drop the client.
        case overflowed
        /// The client is being dropped: send nothing more.
        case dropped
    }

    private let limit: Int
    private let queued = Atomic<Int>(0)
    private let overflowed = Atomic<Bool>(false)

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a frame of `size` bytes about to be queued.
    func admit(_ size: Int) -> Admission {
        guard !overflowed.load(ordering: .acquiring) else { return .dropped }
        let total = queued.add(size, ordering: .relaxed).newValue
        guard total > limit else { return .admitted }
        queued.subtract(size, ordering: .relaxed)
        return overflowed.exchange(true, ordering: .acquiringAndReleasing) ? .dropped : .overflowed
    }

    /// A frame of `size` bytes left the queue (written, or failed).
    func written(_ size: Int) {
        queued.subtract(size, ordering: .relaxed)
    }
}
