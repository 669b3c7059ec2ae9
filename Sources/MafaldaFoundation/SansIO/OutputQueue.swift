/// What a sans-I/O protocol core asks of its caller, queued in order: the
/// core appends during a call, the caller drains with ``poll()`` until it
/// answers nil. The storage is kept between drains, so a core that is
/// drained after each input allocates nothing for its outputs.
///
/// A drain may re-enter the core (an output's handler feeds it again): the
/// inner drain takes what was added, and the outer one then finds nothing.
public struct OutputQueue<Output> {
    private var outputs: [Output] = []
    private var next = 0

    /// An empty queue with room for `capacity` outputs.
    public init(capacity: Int = 8) {
        outputs.reserveCapacity(capacity)
    }

    /// Queues `output` after the others.
    public mutating func append(_ output: Output) {
        outputs.append(output)
    }

    /// The next output, or nil when all were taken (the queue is then emptied, keeping its storage).
    public mutating func poll() -> Output? {
        guard next < outputs.count else {
            if !outputs.isEmpty {
                outputs.removeAll(keepingCapacity: true)
                next = 0
            }
            return nil
        }
        defer { next += 1 }
        return outputs[next]
    }
}

extension OutputQueue: Sendable where Output: Sendable {}
