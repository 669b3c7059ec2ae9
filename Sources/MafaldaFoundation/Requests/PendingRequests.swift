/// Requests sent and not yet answered, each under an id and with a deadline:
/// the bookkeeping of every request/response channel (the worker's pipe,
/// ROPE's WebSocket), without I/O and without a clock of its own: the caller
/// says what time it is.
///
/// ```swift
/// var pending = PendingRequests<String>()
/// let id = pending.add("Router.dump", deadline: now + .seconds(30))
/// // … the answer to `id` arrives:
/// let method = pending.take(id)
/// // … or time passes:
/// let overdue = pending.expire(at: later)
/// ```
public struct PendingRequests<Entry> {
    private var entries: [UInt32: (entry: Entry, deadline: ContinuousClock.Instant)] = [:]
    private var lastId: UInt32 = 0

    /// Creates an empty set of pending requests; the first id handed out is 1.
    public init() {}

    /// How many requests wait for an answer.
    public var count: Int { entries.count }
    /// Whether no request waits for an answer.
    public var isEmpty: Bool { entries.isEmpty }

    /// The earliest deadline of a waiting request, if any.
    public var nextDeadline: ContinuousClock.Instant? { entries.values.lazy.map(\.deadline).min() }

    /// Registers `entry` under a new id (ids wrap around and skip those in use).
    public mutating func add(_ entry: Entry, deadline: ContinuousClock.Instant) -> UInt32 {
        repeat { lastId &+= 1 } while lastId == 0 || entries[lastId] != nil
        entries[lastId] = (entry, deadline)
        return lastId
    }

    /// Removes and returns the request `id`: its answer came (or its sending
    /// failed). Nil for an id not waiting (answered, expired, or never sent).
    public mutating func take(_ id: UInt32) -> Entry? {
        entries.removeValue(forKey: id)?.entry
    }

    /// Removes and returns the requests whose deadline is `now` or earlier, by id.
    public mutating func expire(at now: ContinuousClock.Instant) -> [Entry] {
        let overdue = entries.filter { $0.value.deadline <= now }.keys.sorted()
        return overdue.compactMap { entries.removeValue(forKey: $0)?.entry }
    }

    /// Removes and returns every waiting request, by id.
    public mutating func removeAll() -> [Entry] {
        defer { entries.removeAll() }
        return entries.keys.sorted().compactMap { entries[$0]?.entry }
    }
}
