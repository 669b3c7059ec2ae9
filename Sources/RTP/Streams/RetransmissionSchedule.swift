// The send side of NACK (RFC 4585 §6.2.1) without the bytes: which packets of
// one stream a receiver asked for may go again, and in what order. The caller
// keeps the packets (or what rebuilds them) and tells each one's place with an
// opaque reference; the schedule answers NACKs with those references.
//
// The rules follow mediasoup's RtpStreamSend: a packet is resent only while it
// is younger than `maxAge`, and not twice within one round-trip time.

/// Which packets of one sent RTP stream to retransmit, and when.
///
/// ``store(sequenceNumber:timestamp:reference:now:)`` records each packet as
/// sent; ``receiveNack(_:now:)`` queues the ones a NACK asks for that are
/// still known; ``pollRetransmission()`` hands them out one by one.
public struct RetransmissionSchedule: Sendable {
    /// Sizes and limits.
    public struct Configuration: Sendable, Hashable {
        /// Packets remembered, rounded up to a power of two (1…32,768). Size it
        /// to the packet rate times `maxAge`.
        public var capacity: Int
        /// Packets sent longer ago than this (ms) are not resent (mediasoup:
        /// 2,000 for video, 1,000 for audio).
        public var maxAge: UInt64
        /// The resend spacing while no round-trip time is known, in ms.
        public var defaultRoundTripTime: UInt64

        /// The configuration.
        public init(capacity: Int = 512, maxAge: UInt64 = 2000, defaultRoundTripTime: UInt64 = 100) {
            self.capacity = capacity
            self.maxAge = maxAge
            self.defaultRoundTripTime = defaultRoundTripTime
        }
    }

    /// A packet to send again.
    public struct Retransmission: Sendable, Hashable {
        /// Its sequence number as first sent.
        public var sequenceNumber: UInt16
        /// Its RTP timestamp as first sent.
        public var timestamp: UInt32
        /// What the caller stored with it.
        public var reference: UInt64
    }

    struct Slot: Sendable {
        var sequenceNumber: UInt16 = 0
        var timestamp: UInt32 = 0
        var reference: UInt64 = 0
        var storedAt: MonotonicMilliseconds = 0
        var resentAt: MonotonicMilliseconds = 0
        var sentTimes: UInt16 = 0
        var occupied = false
        var queued = false
    }

    /// The configuration in use (capacity rounded up).
    public let configuration: Configuration

    private var slots: [Slot]
    private let mask: Int
    private var queue: [UInt16]
    private var queueHead = 0
    private var queueCount = 0
    private var roundTripTime: UInt64 = 0

    /// NACK packets received.
    public private(set) var nackCount: UInt64 = 0
    /// Sequence numbers asked for.
    public private(set) var nackPacketCount: UInt64 = 0
    /// Packets retransmitted.
    public private(set) var packetsRetransmitted: UInt64 = 0
    /// Packets retransmitted for the first time (mediasoup's "repaired").
    public private(set) var packetsRepaired: UInt64 = 0

    /// A schedule with its slots allocated.
    public init(configuration: Configuration = Configuration()) {
        var capacity = 1
        while capacity < min(max(configuration.capacity, 1), 32768) { capacity <<= 1 }
        var configuration = configuration
        configuration.capacity = capacity
        self.configuration = configuration
        mask = capacity - 1
        slots = [Slot](repeating: Slot(), count: capacity)
        queue = [UInt16](repeating: 0, count: capacity)
    }

    /// Packets queued for ``pollRetransmission()``.
    public var pendingCount: Int { queueCount }

    /// Sets the round-trip time, in ms (0: the default): a packet is not resent
    /// twice within it.
    public mutating func updateRoundTripTime(milliseconds: UInt64) {
        roundTripTime = milliseconds
    }

    /// Records a packet sent at `now` (replacing the one `capacity` sequence
    /// numbers older), with the caller's `reference` to it.
    public mutating func store(
        sequenceNumber: UInt16, timestamp: UInt32, reference: UInt64, now: MonotonicMilliseconds
    ) {
        slots[Int(sequenceNumber) & mask] = Slot(
            sequenceNumber: sequenceNumber, timestamp: timestamp, reference: reference, storedAt: now,
            occupied: true)
    }

    /// The reference stored with `sequenceNumber`, nil when it is not held.
    public func reference(of sequenceNumber: UInt16) -> UInt64? {
        let slot = slots[Int(sequenceNumber) & mask]
        return slot.occupied && slot.sequenceNumber == sequenceNumber ? slot.reference : nil
    }

    /// Queues the packets `nack` asks for, entry by entry.
    public mutating func receiveNack(_ nack: RTCPGenericNack, now: MonotonicMilliseconds) {
        nackCount &+= 1
        for item in nack.items {
            receiveNack(item, now: now)
        }
    }

    /// Queues the packets one FCI entry asks for (PID, then BLP's bits) that
    /// are held, at most `maxAge` old, and not resent within the round-trip time.
    public mutating func receiveNack(_ item: RTCPGenericNack.Item, now: MonotonicMilliseconds) {
        request(item.pid, now: now)
        var mask = item.blp
        var sequenceNumber = item.pid
        while mask != 0 {
            sequenceNumber &+= 1
            if mask & 1 != 0 { request(sequenceNumber, now: now) }
            mask >>= 1
        }
    }

    /// The next queued retransmission, nil when none is queued.
    public mutating func pollRetransmission() -> Retransmission? {
        while queueCount > 0 {
            let sequenceNumber = queue[queueHead]
            queueHead = (queueHead + 1) & mask
            queueCount -= 1
            let index = Int(sequenceNumber) & mask
            var slot = slots[index]
            guard slot.occupied, slot.queued, slot.sequenceNumber == sequenceNumber else { continue }
            slot.queued = false
            slots[index] = slot
            return Retransmission(sequenceNumber: sequenceNumber, timestamp: slot.timestamp, reference: slot.reference)
        }
        return nil
    }

    /// Forgets every packet (mediasoup does so on pause and on a sequence restart).
    public mutating func clear() {
        for index in slots.indices { slots[index] = Slot() }
        queueHead = 0
        queueCount = 0
    }

    private mutating func request(_ sequenceNumber: UInt16, now: MonotonicMilliseconds) {
        nackPacketCount &+= 1
        let index = Int(sequenceNumber) & mask
        var slot = slots[index]
        guard slot.occupied, slot.sequenceNumber == sequenceNumber, !slot.queued else { return }
        // Stale entries (slots replaced since queued) can fill the queue when
        // NACKs come faster than the caller polls: later requests are then
        // dropped (the receiver asks again).
        guard queueCount < queue.count else { return }
        guard now >= slot.storedAt, now - slot.storedAt <= configuration.maxAge else { return }
        let spacing = roundTripTime > 0 ? roundTripTime : configuration.defaultRoundTripTime
        if slot.sentTimes > 0, now &- slot.resentAt <= spacing { return }
        slot.queued = true
        slot.resentAt = now
        slot.sentTimes &+= 1
        slots[index] = slot
        packetsRetransmitted &+= 1
        if slot.sentTimes == 1 { packetsRepaired &+= 1 }
        queue[(queueHead + queueCount) & mask] = sequenceNumber
        queueCount += 1
    }
}
