// RFC 4585 §6.2.1 generic NACK on the receive side: which packets of one
// incoming stream to ask for again, and when. The behaviour follows mediasoup's
// NackGenerator: a gap is NACKed at once, then every round trip on a 40 ms
// tick, at most 10 times; a list grown past 1,000 packets is cut back to the
// latest keyframe, or cleared with a keyframe request.

/// The receive side of NACK for one RTP stream: tracks missing sequence
/// numbers and produces generic NACK feedback (``RTCPGenericNack``).
///
/// Drive it with ``receive(sequenceNumber:isKeyFrame:isRecovered:now:)`` for
/// each packet of the stream and ``handleTimeout(now:)`` when ``nextTimeout``
/// passes; after each call drain ``writeNack(senderSSRC:mediaSSRC:into:)`` (or
/// ``pollNack(senderSSRC:mediaSSRC:)``) and ``pollKeyFrameRequest()``.
public struct NackGenerator: Sendable {
    /// Limits and timings (mediasoup's values by default).
    public struct Configuration: Sendable, Hashable {
        /// The most packets tracked as missing at once.
        public var maxNackPackets: Int
        /// Missing packets this far behind the newest are forgotten.
        public var maxPacketAge: Int64
        /// A packet is asked for at most this many times.
        public var maxRetries: UInt8
        /// The period of the retry tick, in ms.
        public var timerInterval: UInt64
        /// The retry spacing while no round-trip time is known, in ms.
        public var defaultRoundTripTime: UInt64
        /// How long a gap waits before its first NACK, in ms (0: at once).
        public var sendDelay: UInt64

        /// The configuration; the defaults are mediasoup's.
        public init(
            maxNackPackets: Int = 1000,
            maxPacketAge: Int64 = 10_000,
            maxRetries: UInt8 = 10,
            timerInterval: UInt64 = 40,
            defaultRoundTripTime: UInt64 = 100,
            sendDelay: UInt64 = 0
        ) {
            self.maxNackPackets = maxNackPackets
            self.maxPacketAge = maxPacketAge
            self.maxRetries = maxRetries
            self.timerInterval = timerInterval
            self.defaultRoundTripTime = defaultRoundTripTime
            self.sendDelay = sendDelay
        }
    }

    /// The configuration in use.
    public let configuration: Configuration

    private var list: NackList
    private var keyFrames = SequenceSet(capacity: 64)
    private var recovered = SequenceSet(capacity: 64)
    private var started = false
    private var lastSequence: Int64 = 0
    private var roundTripTime: UInt64 = 0
    private var timerDeadline: MonotonicMilliseconds?
    /// The NACK to send, built in place (its items keep their capacity).
    private var pending: RTCPGenericNack
    private var keyFrameRequired = false

    /// NACK packets drained so far.
    public private(set) var nackCount: UInt64 = 0
    /// Sequence numbers asked for so far, retries included.
    public private(set) var nackPacketCount: UInt64 = 0
    /// Keyframe requests raised because the list overflowed.
    public private(set) var keyFrameRequestCount: UInt64 = 0

    /// A generator with its storage allocated.
    public init(configuration: Configuration = Configuration()) {
        var configuration = configuration
        configuration.maxNackPackets = max(configuration.maxNackPackets, 1)
        self.configuration = configuration
        list = NackList(capacity: configuration.maxNackPackets)
        pending = RTCPGenericNack(senderSSRC: 0, mediaSSRC: 0, items: [])
        pending.items.reserveCapacity(configuration.maxNackPackets)
    }

    /// Packets currently missing.
    public var missingCount: Int { list.count }

    /// When ``handleTimeout(now:)`` should run next; nil when nothing is missing.
    public var nextTimeout: MonotonicMilliseconds? {
        list.isEmpty ? nil : timerDeadline
    }

    /// Sets the round-trip time that spaces retries, in ms (0: the default).
    public mutating func updateRoundTripTime(milliseconds: UInt64) {
        roundTripTime = milliseconds
    }

    /// Takes in a packet of the stream, received at `now`.
    ///
    /// - Parameters:
    ///   - isKeyFrame: it starts a keyframe (an overflowing list is cut there).
    ///   - isRecovered: it came by retransmission (RTX), already decoded.
    /// - Returns: true when the packet was missing and had been NACKed: a
    ///   repaired packet (count it with `ReceiveStreamStatistics.countRepaired()`).
    @discardableResult
    public mutating func receive(
        sequenceNumber: UInt16,
        isKeyFrame: Bool,
        isRecovered: Bool,
        now: MonotonicMilliseconds
    ) -> Bool {
        guard started else {
            started = true
            lastSequence = Int64(sequenceNumber)
            if isKeyFrame { keyFrames.insert(lastSequence) }
            return false
        }
        let sequence = extendSequenceNumber(sequenceNumber, near: lastSequence)
        if sequence == lastSequence { return false }

        if sequence < lastSequence {
            // Late, retransmitted, or already handled.
            guard let position = list.position(of: sequence) else { return false }
            let retries = list[position].retries
            list.remove(at: position)
            if list.isEmpty { timerDeadline = nil }
            return retries != 0
        }

        if isKeyFrame { keyFrames.insert(sequence) }
        keyFrames.removeAll(below: sequence - configuration.maxPacketAge)

        if isRecovered {
            // Ahead of the stream: never NACK it when the gap shows up.
            recovered.insert(sequence)
            recovered.removeAll(below: sequence - configuration.maxPacketAge)
            return false
        }

        let added = addMissing(from: lastSequence + 1, upTo: sequence, now: now)
        lastSequence = sequence
        // Only the entries just added can be due, unless a send delay held
        // earlier ones back (the new entries are the last ones, all live).
        collect(onTimer: false, from: configuration.sendDelay > 0 ? 0 : list.span - added, now: now)
        if list.isEmpty {
            timerDeadline = nil
        } else if timerDeadline == nil {
            timerDeadline = now &+ configuration.timerInterval
        }
        return false
    }

    /// Runs the retry tick if ``nextTimeout`` has passed.
    public mutating func handleTimeout(now: MonotonicMilliseconds) {
        guard let deadline = timerDeadline, now >= deadline else { return }
        collect(onTimer: true, from: 0, now: now)
        timerDeadline = list.isEmpty ? nil : now &+ configuration.timerInterval
    }

    /// Forgets every missing packet and the stream position (mediasoup does so
    /// on pause); the next packet starts afresh.
    public mutating func reset() {
        list.removeAll()
        keyFrames.removeAll()
        recovered.removeAll()
        started = false
        lastSequence = 0
        timerDeadline = nil
        pending.items.removeAll(keepingCapacity: true)
    }

    // MARK: Output

    /// The size of the NACK packet waiting to be written, 0 when none.
    public var pendingNackSize: Int {
        pending.items.isEmpty ? 0 : pending.serializedSize
    }

    /// Writes the waiting NACK into `buffer` and returns its size (0 when
    /// none is waiting). Does not allocate.
    ///
    /// - Parameters:
    ///   - senderSSRC: the SSRC of the NACK's sender (mediasoup uses 0).
    ///   - mediaSSRC: the SSRC of the stream with the missing packets.
    /// - Precondition: `buffer.count >= pendingNackSize`.
    public mutating func writeNack(senderSSRC: UInt32, mediaSSRC: UInt32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard !pending.items.isEmpty else { return 0 }
        pending.senderSSRC = senderSSRC
        pending.mediaSSRC = mediaSSRC
        let written = pending.serialize(into: buffer)
        drained()
        return written
    }

    /// The waiting NACK as a value, nil when none (an allocating convenience
    /// over ``writeNack(senderSSRC:mediaSSRC:into:)``).
    public mutating func pollNack(senderSSRC: UInt32, mediaSSRC: UInt32) -> RTCPGenericNack? {
        guard !pending.items.isEmpty else { return nil }
        let nack = RTCPGenericNack(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, items: Array(pending.items))
        drained()
        return nack
    }

    /// Whether a keyframe must be requested from the sender (the missing
    /// packets could not all be tracked); true once per request.
    public mutating func pollKeyFrameRequest() -> Bool {
        defer { keyFrameRequired = false }
        return keyFrameRequired
    }

    private mutating func drained() {
        nackCount &+= 1
        pending.items.removeAll(keepingCapacity: true)
    }

    // MARK: The list

    /// Adds `start ..< end` as missing, cutting the list back first if it would
    /// exceed its capacity; returns how many entries were added.
    private mutating func addMissing(from start: Int64, upTo end: Int64, now: MonotonicMilliseconds) -> Int {
        list.removeAll(below: end - configuration.maxPacketAge)
        let newCount = end - start
        let limit = Int64(configuration.maxNackPackets)
        if Int64(list.count) + newCount > limit {
            while Int64(list.count) + newCount > limit, removeUntilKeyFrame() {}
            if Int64(list.count) + newCount > limit {
                list.removeAll()
                keyFrameRequired = true
                keyFrameRequestCount &+= 1
                return 0
            }
        }
        var added = 0
        var sequence = start
        while sequence < end {
            if recovered.isEmpty || !recovered.contains(sequence) {
                list.append(sequence, now: now)
                added += 1
            }
            sequence += 1
        }
        return added
    }

    /// Drops the missing packets older than the oldest keyframe that has some;
    /// false when no keyframe helps.
    private mutating func removeUntilKeyFrame() -> Bool {
        while let keyFrame = keyFrames.minimum {
            if list.removeAll(below: keyFrame) > 0 { return true }
            keyFrames.remove(keyFrame)
        }
        return false
    }

    /// Moves the packets due, from list position `start` on, into the pending
    /// NACK: on a new gap those never asked for, on the timer those never
    /// asked for or asked for at least one round trip ago.
    private mutating func collect(onTimer: Bool, from start: Int, now: MonotonicMilliseconds) {
        let spacing = roundTripTime > 0 ? roundTripTime : configuration.defaultRoundTripTime
        for position in max(start, 0)..<list.span {
            var entry = list[position]
            guard entry.live else { continue }
            if configuration.sendDelay > 0, now &- entry.createdAt < configuration.sendDelay { continue }
            let due: Bool
            if onTimer {
                due = entry.retries == 0 || now &- entry.sentAt >= spacing
            } else {
                due = entry.retries == 0 && entry.sequence <= lastSequence
            }
            guard due else { continue }
            appendPending(UInt16(truncatingIfNeeded: entry.sequence))
            entry.retries += 1
            entry.sentAt = now
            list[position] = entry
            if entry.retries >= configuration.maxRetries {
                list.kill(at: position)
            }
        }
        list.dropFrontTombstones()
    }

    /// Adds `sequenceNumber` to the pending NACK: into the last item's BLP when
    /// within 16 after its PID, else as a new item.
    private mutating func appendPending(_ sequenceNumber: UInt16) {
        nackPacketCount &+= 1
        if let last = pending.items.last {
            let distance = sequenceNumber &- last.pid
            if distance == 0 { return }
            if distance <= 16 {
                pending.items[pending.items.count - 1].blp |= 1 << (distance - 1)
                return
            }
        }
        // An undrained NACK stops growing at the reserved capacity.
        guard pending.items.count < configuration.maxNackPackets else { return }
        pending.items.append(RTCPGenericNack.Item(pid: sequenceNumber, blp: 0))
    }
}
