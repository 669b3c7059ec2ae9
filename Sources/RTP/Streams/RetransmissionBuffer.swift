// The send side of NACK (RFC 4585 §6.2.1) with RTX (RFC 4588 §4): the last
// packets sent on one stream, kept by sequence number, resent when a receiver
// asks for them. An RTX packet carries the stream's RTX SSRC and payload type,
// its own sequence number, and the original sequence number (OSN) in the first
// two bytes of its payload:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         RTP Header                            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |            OSN                |                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
//  |                  Original RTP Packet Payload                  |
//  |                                                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The RTX packet keeps the original header's marker, timestamp, CSRCs and
// header extensions; the original padding is dropped (mediasoup does the same).

/// The send-side retransmission buffer of one RTP stream.
///
/// ``store(_:now:)`` copies each packet as sent (after the consumer's
/// rewriting) into a slot of a fixed arena chosen by its sequence number.
/// ``receiveNack(_:now:)`` queues the packets a NACK asks for that are still
/// held, younger than `maxAge` and not resent within the last round trip;
/// ``pollRetransmission(into:)`` then writes them one by one, RTX-encoded when
/// an ``RTX`` stream is configured.
public struct RetransmissionBuffer: Sendable {
    /// The RTX stream retransmissions go out on (RFC 4588).
    public struct RTX: Sendable, Hashable {
        /// The RTX SSRC.
        public var ssrc: UInt32
        /// The RTX payload type (the one whose `apt` is the stream's).
        public var payloadType: UInt8

        /// An RTX stream.
        public init(ssrc: UInt32, payloadType: UInt8) {
            self.ssrc = ssrc
            self.payloadType = payloadType
        }
    }

    /// Sizes and limits.
    public struct Configuration: Sendable, Hashable {
        /// Slots: the packets held, rounded up to a power of two (1…32,768).
        /// Size it to the packet rate times `maxAge`.
        public var capacity: Int
        /// The largest packet stored; larger ones are not (mediasoup: the MTU).
        public var maxPacketSize: Int
        /// Packets sent longer ago than this (ms) are not resent (mediasoup:
        /// 2,000 for video, 1,000 for audio).
        public var maxAge: UInt64
        /// The resend spacing while no round-trip time is known, in ms.
        public var defaultRoundTripTime: UInt64

        /// The configuration.
        public init(capacity: Int = 512, maxPacketSize: Int = 1500, maxAge: UInt64 = 2000, defaultRoundTripTime: UInt64 = 100) {
            self.capacity = capacity
            self.maxPacketSize = maxPacketSize
            self.maxAge = maxAge
            self.defaultRoundTripTime = defaultRoundTripTime
        }
    }

    /// What one slot holds besides the bytes.
    struct Slot: Sendable {
        var sequenceNumber: UInt16 = 0
        var length: UInt16 = 0
        var headerLength: UInt16 = 0
        var paddingLength: UInt16 = 0
        var storedAt: MonotonicMilliseconds = 0
        var resentAt: MonotonicMilliseconds = 0
        var sentTimes: UInt16 = 0
        var occupied = false
        var queued = false
    }

    /// Bytes a retransmission may add to a stored packet (the OSN).
    public static let rtxOverhead = 2

    /// The configuration in use (capacity rounded).
    public let configuration: Configuration
    /// The RTX stream, nil to resend packets as they were.
    public var rtx: RTX?
    /// The next RTX sequence number.
    public private(set) var rtxSequenceNumber: UInt16

    private var arena: [UInt8]
    private var slots: [Slot]
    private let mask: Int
    private let slotSize: Int
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

    /// A buffer with its arena allocated (`capacity × maxPacketSize` bytes).
    ///
    /// - Parameters:
    ///   - rtx: the RTX stream, nil without RTX.
    ///   - initialRTXSequenceNumber: the first RTX sequence number (random, RFC 4588 §4).
    public init(configuration: Configuration = Configuration(), rtx: RTX? = nil, initialRTXSequenceNumber: UInt16 = 0) {
        var capacity = 1
        while capacity < min(max(configuration.capacity, 1), 32768) { capacity <<= 1 }
        var configuration = configuration
        configuration.capacity = capacity
        configuration.maxPacketSize = min(max(configuration.maxPacketSize, RTPHeaderFields.fixedHeaderSize), Int(UInt16.max))
        self.configuration = configuration
        self.rtx = rtx
        rtxSequenceNumber = initialRTXSequenceNumber
        mask = capacity - 1
        slotSize = configuration.maxPacketSize
        arena = [UInt8](repeating: 0, count: capacity * configuration.maxPacketSize)
        slots = [Slot](repeating: Slot(), count: capacity)
        queue = [UInt16](repeating: 0, count: capacity)
    }

    /// The size of the buffer ``pollRetransmission(into:)`` needs.
    public var maxRetransmissionSize: Int { configuration.maxPacketSize + Self.rtxOverhead }

    /// Packets queued for ``pollRetransmission(into:)``.
    public var pendingCount: Int { queueCount }

    /// Sets the round-trip time, in ms (0: the default): a packet is not resent
    /// twice within it.
    public mutating func updateRoundTripTime(milliseconds: UInt64) {
        roundTripTime = milliseconds
    }

    /// Copies the RTP packet `packet`, sent at `now`, into its slot (replacing
    /// the packet 'capacity' sequence numbers older).
    ///
    /// - Returns: false when not stored: not RTP, larger than `maxPacketSize`,
    ///   or without payload (padding only).
    @discardableResult
    public mutating func store(_ packet: UnsafeRawBufferPointer, now: MonotonicMilliseconds) -> Bool {
        guard packet.count <= slotSize, let header = try? RTPHeaderFields.parse(packet), header.payloadLength > 0 else {
            return false
        }
        let index = Int(header.sequenceNumber) & mask
        let offset = index * slotSize
        arena.withUnsafeMutableBytes { arena in
            UnsafeMutableRawBufferPointer(rebasing: arena[offset..<offset + packet.count]).copyMemory(from: packet)
        }
        slots[index] = Slot(
            sequenceNumber: header.sequenceNumber,
            length: UInt16(packet.count),
            headerLength: UInt16(header.payloadOffset),
            paddingLength: UInt16(header.paddingLength),
            storedAt: now,
            occupied: true
        )
        return true
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

    /// Writes the next queued retransmission into `buffer` and returns its
    /// size, nil when none is queued.
    ///
    /// - Precondition: `buffer.count >= maxRetransmissionSize`.
    public mutating func pollRetransmission(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        precondition(buffer.count >= maxRetransmissionSize, "retransmission buffer too small")
        while queueCount > 0 {
            let sequenceNumber = queue[queueHead]
            queueHead = (queueHead + 1) & mask
            queueCount -= 1
            let index = Int(sequenceNumber) & mask
            var slot = slots[index]
            guard slot.occupied, slot.queued, slot.sequenceNumber == sequenceNumber else { continue }
            slot.queued = false
            slots[index] = slot
            return write(slot, at: index * slotSize, into: buffer)
        }
        return nil
    }

    /// Forgets every packet (mediasoup does so on pause and on a sequence restart).
    public mutating func clear() {
        for index in slots.indices { slots[index] = Slot() }
        queueHead = 0
        queueCount = 0
    }

    // MARK: Internals

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

    private mutating func write(_ slot: Slot, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let length = Int(slot.length)
        guard let rtx else {
            arena.withUnsafeBytes { arena in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: arena[offset..<offset + length]))
            }
            return length
        }
        let header = Int(slot.headerLength)
        let payload = length - header - Int(slot.paddingLength)
        arena.withUnsafeBytes { arena in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: arena[offset..<offset + header]))
            UnsafeMutableRawBufferPointer(rebasing: buffer[(header + 2)...])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: arena[(offset + header)..<(offset + header + payload)]))
        }
        buffer[0] &= ~0x20  // no padding
        RTPHeaderFields.setPayloadType(rtx.payloadType, in: buffer)
        RTPHeaderFields.setSequenceNumber(rtxSequenceNumber, in: buffer)
        RTPHeaderFields.setSSRC(rtx.ssrc, in: buffer)
        buffer.put16(slot.sequenceNumber, at: header)
        rtxSequenceNumber &+= 1
        return header + 2 + payload
    }
}
