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

/// The send-side retransmission buffer of one RTP stream: a copy of each
/// packet sent, for senders that keep no packets of their own.
///
/// ``store(_:now:)`` copies each packet as sent (after the consumer's
/// rewriting) into a slot of a fixed arena chosen by its sequence number.
/// ``receiveNack(_:now:)`` queues the packets a NACK asks for, as
/// ``RetransmissionSchedule`` decides; ``pollRetransmission(into:)`` then
/// writes them one by one, RTX-encoded (``RTXEncoding``) when an ``RTX``
/// stream is configured.
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

    /// Bytes an RTX packet adds to the original.
    public static let rtxOverhead = RTXEncoding.overhead

    /// The configuration in use (capacity rounded up, packet size clamped).
    public let configuration: Configuration
    /// The RTX stream, nil to resend packets as they were.
    public var rtx: RTX?
    /// The next RTX sequence number.
    public private(set) var rtxSequenceNumber: UInt16

    private var schedule: RetransmissionSchedule
    private var arena: [UInt8]
    private let mask: Int
    private let slotSize: Int

    /// NACK packets received.
    public var nackCount: UInt64 { schedule.nackCount }
    /// Sequence numbers asked for.
    public var nackPacketCount: UInt64 { schedule.nackPacketCount }
    /// Packets retransmitted.
    public var packetsRetransmitted: UInt64 { schedule.packetsRetransmitted }
    /// Packets retransmitted for the first time (mediasoup's "repaired").
    public var packetsRepaired: UInt64 { schedule.packetsRepaired }

    /// A buffer with its arena allocated (`capacity × maxPacketSize` bytes).
    ///
    /// - Parameters:
    ///   - rtx: the RTX stream, nil without RTX.
    ///   - initialRTXSequenceNumber: the first RTX sequence number (random, RFC 4588 §4).
    public init(configuration: Configuration = Configuration(), rtx: RTX? = nil, initialRTXSequenceNumber: UInt16 = 0) {
        schedule = RetransmissionSchedule(
            configuration: .init(
                capacity: configuration.capacity, maxAge: configuration.maxAge,
                defaultRoundTripTime: configuration.defaultRoundTripTime))
        var configuration = configuration
        configuration.capacity = schedule.configuration.capacity
        configuration.maxPacketSize = min(max(configuration.maxPacketSize, RTPHeaderFields.fixedHeaderSize), Int(UInt16.max))
        self.configuration = configuration
        self.rtx = rtx
        rtxSequenceNumber = initialRTXSequenceNumber
        mask = configuration.capacity - 1
        slotSize = configuration.maxPacketSize
        arena = [UInt8](repeating: 0, count: configuration.capacity * configuration.maxPacketSize)
    }

    /// The size of the buffer ``pollRetransmission(into:)`` needs.
    public var maxRetransmissionSize: Int { configuration.maxPacketSize + Self.rtxOverhead }

    /// Packets queued for ``pollRetransmission(into:)``.
    public var pendingCount: Int { schedule.pendingCount }

    /// Sets the round-trip time, in ms (0: the default): a packet is not resent
    /// twice within it.
    public mutating func updateRoundTripTime(milliseconds: UInt64) {
        schedule.updateRoundTripTime(milliseconds: milliseconds)
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
        let offset = (Int(header.sequenceNumber) & mask) * slotSize
        arena.withUnsafeMutableBytes { arena in
            UnsafeMutableRawBufferPointer(rebasing: arena[offset..<offset + packet.count]).copyMemory(from: packet)
        }
        schedule.store(
            sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, reference: UInt64(packet.count),
            now: now)
        return true
    }

    /// Queues the packets `nack` asks for, entry by entry.
    public mutating func receiveNack(_ nack: RTCPGenericNack, now: MonotonicMilliseconds) {
        schedule.receiveNack(nack, now: now)
    }

    /// Queues the packets one FCI entry asks for (PID, then BLP's bits) that
    /// are held, at most `maxAge` old, and not resent within the round-trip time.
    public mutating func receiveNack(_ item: RTCPGenericNack.Item, now: MonotonicMilliseconds) {
        schedule.receiveNack(item, now: now)
    }

    /// Writes the next queued retransmission into `buffer` and returns its
    /// size, nil when none is queued.
    ///
    /// - Precondition: `buffer.count >= maxRetransmissionSize`.
    public mutating func pollRetransmission(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        precondition(buffer.count >= maxRetransmissionSize, "retransmission buffer too small")
        while let next = schedule.pollRetransmission() {
            let offset = (Int(next.sequenceNumber) & mask) * slotSize
            let length = Int(next.reference)
            arena.withUnsafeBytes { arena in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: arena[offset..<offset + length]))
            }
            guard let rtx else { return length }
            guard
                let encoded = RTXEncoding.encode(
                    buffer, length: length, ssrc: rtx.ssrc, payloadType: rtx.payloadType,
                    sequenceNumber: rtxSequenceNumber)
            else { continue }
            rtxSequenceNumber &+= 1
            return encoded
        }
        return nil
    }

    /// Forgets every packet (mediasoup does so on pause and on a sequence restart).
    public mutating func clear() {
        schedule.clear()
    }
}
