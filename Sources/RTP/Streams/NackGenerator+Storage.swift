// Fixed-capacity storage behind `NackGenerator`: the list of missing sequence
// numbers (a sorted ring with tombstones) and small sets of sequence numbers
// (keyframes, packets recovered ahead of the stream). Allocated once.

/// One missing packet.
struct NackEntry: Sendable {
    /// Its extended sequence number.
    var sequence: Int64
    /// When the gap was found.
    var createdAt: MonotonicMilliseconds
    /// When it was last asked for (meaningful when `retries > 0`).
    var sentAt: MonotonicMilliseconds = 0
    /// How many times it was asked for.
    var retries: UInt8 = 0
    /// False once removed (a tombstone until compaction).
    var live = true
}

/// Missing packets in increasing sequence order, in a ring of fixed capacity.
///
/// Entries are appended at the back only (gaps open after the highest
/// sequence seen) and removed anywhere: a removal leaves a tombstone that keeps
/// the order, dropped when it reaches the front or when a full ring compacts.
struct NackList: Sendable {
    private var slots: [NackEntry]
    private var head = 0
    /// Slots in use, tombstones included.
    private(set) var span = 0
    /// Live entries.
    private(set) var count = 0

    init(capacity: Int) {
        slots = Array(repeating: NackEntry(sequence: 0, createdAt: 0, live: false), count: max(capacity, 1))
    }

    var capacity: Int { slots.count }
    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func physical(_ position: Int) -> Int {
        let index = head + position
        return index < slots.count ? index : index - slots.count
    }

    /// The entry at `position` (0 ..< `span`), live or not.
    subscript(position: Int) -> NackEntry {
        get { slots[physical(position)] }
        set { slots[physical(position)] = newValue }
    }

    /// The position of the live entry for `sequence`, nil when absent.
    func position(of sequence: Int64) -> Int? {
        var low = 0
        var high = span
        while low < high {
            let middle = (low + high) / 2
            if self[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        guard low < span, self[low].sequence == sequence, self[low].live else { return nil }
        return low
    }

    /// Appends `sequence`, above every entry.
    ///
    /// - Precondition: `count < capacity`.
    mutating func append(_ sequence: Int64, now: MonotonicMilliseconds) {
        precondition(count < capacity, "NACK list full")
        if span == capacity { compact() }
        self[span] = NackEntry(sequence: sequence, createdAt: now)
        span += 1
        count += 1
    }

    /// Removes the live entry at `position`.
    mutating func remove(at position: Int) {
        self[position].live = false
        count -= 1
        dropFrontTombstones()
    }

    /// Removes every entry below `sequence`; returns how many live ones went.
    @discardableResult
    mutating func removeAll(below sequence: Int64) -> Int {
        var removed = 0
        while span > 0, self[0].sequence < sequence {
            if self[0].live { removed += 1 }
            popFront()
        }
        count -= removed
        dropFrontTombstones()
        return removed
    }

    mutating func removeAll() {
        head = 0
        span = 0
        count = 0
    }

    /// Drops the tombstones at the front (call after marking entries dead).
    mutating func dropFrontTombstones() {
        while span > 0, !self[0].live { popFront() }
        if span == 0 { head = 0 }
    }

    /// Marks the live entry at `position` dead without dropping tombstones (for
    /// removals during an iteration; call ``dropFrontTombstones()`` after).
    mutating func kill(at position: Int) {
        self[position].live = false
        count -= 1
    }

    private mutating func popFront() {
        head = head + 1 == slots.count ? 0 : head + 1
        span -= 1
    }

    /// Moves the live entries towards the front, in order, in place (an entry
    /// moves only to a position at or before its own, so none is overwritten
    /// before it is read).
    private mutating func compact() {
        var write = 0
        for read in 0..<span where self[read].live {
            if write != read { self[write] = self[read] }
            write += 1
        }
        span = write
    }
}

/// A small set of extended sequence numbers with a fixed capacity; when full,
/// inserting evicts the smallest. Linear operations (it holds a few dozen),
/// except that the smallest value is cached: trimming below a bound under it,
/// the per-packet case, costs nothing.
struct SequenceSet: Sendable {
    private var values: [Int64]
    private(set) var count = 0
    /// The smallest value, meaningful when `count > 0`.
    private var smallest: Int64 = 0

    init(capacity: Int) {
        values = Array(repeating: 0, count: max(capacity, 1))
    }

    var isEmpty: Bool { count == 0 }

    /// The smallest value.
    var minimum: Int64? { count > 0 ? smallest : nil }

    func contains(_ value: Int64) -> Bool {
        guard count > 0, value >= smallest else { return false }
        for index in 0..<count where values[index] == value { return true }
        return false
    }

    mutating func insert(_ value: Int64) {
        if contains(value) { return }
        if count == values.count {
            if value < smallest { return }
            remove(smallest)
        }
        values[count] = value
        smallest = count == 0 ? value : min(smallest, value)
        count += 1
    }

    mutating func remove(_ value: Int64) {
        for index in 0..<count where values[index] == value {
            count -= 1
            values[index] = values[count]
            if value == smallest { recomputeSmallest() }
            return
        }
    }

    mutating func removeAll(below bound: Int64) {
        guard count > 0, smallest < bound else { return }
        var index = 0
        while index < count {
            if values[index] < bound {
                count -= 1
                values[index] = values[count]
            } else {
                index += 1
            }
        }
        recomputeSmallest()
    }

    mutating func removeAll() {
        count = 0
    }

    private mutating func recomputeSmallest() {
        guard count > 0 else { return }
        var lowest = values[0]
        for index in 1..<count where values[index] < lowest { lowest = values[index] }
        smallest = lowest
    }
}
