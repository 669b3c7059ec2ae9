/// Bits per second over the last second (times are milliseconds of the
/// caller's monotonic clock), in ten 100 ms slots (as mediasoup's
/// RateCalculator). The slot being filled is kept apart from the ring and
/// written into it when the next slot starts: a packet costs an add.
package struct RateCalculator {
    private static let slotMilliseconds: UInt64 = 100
    private static let slotCount = 10
    private var bytes = [Int](repeating: 0, count: RateCalculator.slotCount)
    private var slotStarts = [UInt64](repeating: 0, count: RateCalculator.slotCount)
    /// The slot being filled: its start (`.max` before the first add), ring index and bytes.
    private var currentStart = UInt64.max
    private var currentIndex = 0
    private var currentBytes = 0

    package init() {}

    package mutating func add(_ count: Int, at now: UInt64) {
        let start = now - now % Self.slotMilliseconds
        if start == currentStart {
            currentBytes += count
            return
        }
        if currentStart != .max {
            slotStarts[currentIndex] = currentStart
            bytes[currentIndex] = currentBytes
        }
        let index = Int(start / Self.slotMilliseconds) % Self.slotCount
        currentStart = start
        currentIndex = index
        // A slot revisited within its own 100 ms keeps counting (as the ring alone did).
        currentBytes = slotStarts[index] == start ? bytes[index] + count : count
    }

    package func bitrate(at now: UInt64) -> Int {
        let windowStart = now >= 1000 ? now - 1000 : 0
        var total = 0
        for index in 0..<Self.slotCount {
            let isCurrent = index == currentIndex && currentStart != .max
            let start = isCurrent ? currentStart : slotStarts[index]
            if start > windowStart && start <= now { total += isCurrent ? currentBytes : bytes[index] }
        }
        return total * 8
    }
}

/// Packets and bytes of one direction of an RTP stream or a transport.
package struct TrafficCounter {
    package private(set) var packets = 0
    package private(set) var bytes = 0
    private var rate = RateCalculator()

    package init() {}

    package mutating func add(bytes count: Int, at now: UInt64) {
        packets += 1
        bytes += count
        rate.add(count, at: now)
    }

    package func bitrate(at now: UInt64) -> Int { rate.bitrate(at: now) }
}
