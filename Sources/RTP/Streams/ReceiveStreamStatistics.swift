// RFC 3550 Appendix A.1 (sequence number validity and probation), A.3 (packets
// expected and lost) and A.8 (interarrival jitter): what a receiver knows of one
// incoming RTP stream, and the reception report block it sends about it
// (§6.4.1, drawn in RTCP/ReportBlock.swift).

/// Reception statistics of one incoming RTP stream (one SSRC), and the RR
/// report block about it.
///
/// Feed every packet of the media SSRC with ``receive(sequenceNumber:timestamp:isRetransmission:now:)``,
/// and the packets recovered from RTX (decoded to the media SSRC and sequence
/// number) with `isRetransmission: true`: they count as received, so the
/// cumulative loss reported is the loss left after repair, and they take no
/// part in jitter (their arrival time is the retransmission's). Feed the
/// stream's sender reports with ``receiveSenderReport(ntpTimestamp:now:)``.
public struct ReceiveStreamStatistics: Sendable {
    /// The RFC 3550 A.1 limits.
    public struct Configuration: Sendable, Hashable {
        /// A forward jump of fewer sequence numbers is a gap (loss), a larger one
        /// a restart or a stray packet (RFC: MAX_DROPOUT, 3,000).
        public var maxDropout: UInt16
        /// A backward jump of up to this many is a reordered or duplicate packet,
        /// a larger one a restart or a stray packet (RFC: MAX_MISORDER, 100;
        /// mediasoup uses 1,500).
        public var maxMisorder: UInt16
        /// In-sequence packets needed before the source counts as valid (RFC:
        /// MIN_SEQUENTIAL, 2); 0 or 1 accepts the first packet at once.
        public var minSequential: Int

        /// The limits; the defaults are RFC 3550's.
        public init(maxDropout: UInt16 = 3000, maxMisorder: UInt16 = 100, minSequential: Int = 2) {
            self.maxDropout = maxDropout
            self.maxMisorder = maxMisorder
            self.minSequential = minSequential
        }
    }

    /// What ``receive(sequenceNumber:timestamp:isRetransmission:now:)`` made of a packet.
    public enum Outcome: Sendable, Hashable {
        /// Counted: in order, after a gap, reordered or duplicate.
        case valid
        /// Not counted: the source is still on probation (RFC 3550 A.1).
        case probation
        /// Counted after a restart: two sequential packets far from the
        /// expected sequence; the statistics started again from this packet.
        case restarted
        /// Not counted: a jump beyond `maxDropout`/`maxMisorder` (a stray packet
        /// or the first of a restart); mediasoup discards such packets.
        case invalid
    }

    /// The SSRC reported on.
    public let ssrc: UInt32
    /// The RTP clock rate, in Hz.
    public let clockRate: UInt32
    /// The A.1 limits in use.
    public let configuration: Configuration

    private var started = false
    private var probation = 0
    private var maxSequence: UInt16 = 0
    private var cycles: Int64 = 0
    private var baseSequence: Int64 = 0
    private var badSequence: UInt32 = 0x1_0001
    private var expectedPrior: Int64 = 0
    private var receivedPrior: UInt64 = 0
    private var transit: Int32?
    /// The jitter estimate scaled by 16 (the integer form of A.8).
    private var scaledJitter: Int64 = 0
    private var lastSenderReport: UInt32 = 0
    private var lastSenderReportArrival: MonotonicMilliseconds?

    /// Packets counted since the (re)start: RFC 3550's `received`.
    public private(set) var packetsReceived: UInt64 = 0
    /// Of those, packets recovered by retransmission (since the (re)start).
    public private(set) var packetsRetransmitted: UInt64 = 0
    /// Packets repaired since the (re)start: NACKed ones that arrived (see
    /// ``countRepaired()``).
    public private(set) var packetsRepaired: UInt64 = 0
    /// Packets rejected as ``Outcome/invalid``, in total.
    public private(set) var packetsDiscarded: UInt64 = 0
    /// The fraction lost in the last report's interval, in 1/256.
    public private(set) var fractionLost: UInt8 = 0

    /// Statistics for the stream `ssrc` with RTP clock `clockRate` (Hz).
    public init(ssrc: UInt32, clockRate: UInt32, configuration: Configuration = Configuration()) {
        self.ssrc = ssrc
        self.clockRate = clockRate
        self.configuration = configuration
    }

    /// The extended highest sequence number received: cycles in the high bits.
    public var extendedHighestSequenceNumber: Int64 { cycles + Int64(maxSequence) }

    /// Packets expected since the (re)start: extended highest − base + 1.
    public var packetsExpected: Int64 {
        started && probation == 0 ? extendedHighestSequenceNumber - baseSequence + 1 : 0
    }

    /// Expected minus received; negative with duplicates.
    public var cumulativeLost: Int64 {
        packetsExpected - Int64(clamping: packetsReceived)
    }

    /// The interarrival jitter estimate, in RTP timestamp units.
    public var jitter: UInt32 { UInt32(clamping: scaledJitter >> 4) }

    /// Counts one packet of the stream, arrived at `now`.
    ///
    /// - Parameters:
    ///   - timestamp: its RTP timestamp (for jitter).
    ///   - isRetransmission: the packet was recovered from RTX (or is a repeat
    ///     of an earlier NACK on the same SSRC): counted, no jitter sample.
    @discardableResult
    public mutating func receive(
        sequenceNumber: UInt16,
        timestamp: UInt32,
        isRetransmission: Bool = false,
        now: MonotonicMilliseconds
    ) -> Outcome {
        let outcome = updateSequence(sequenceNumber)
        switch outcome {
        case .probation:
            return outcome
        case .invalid:
            packetsDiscarded &+= 1
            return outcome
        case .restarted:
            transit = nil
        case .valid:
            break
        }
        packetsReceived &+= 1
        if isRetransmission {
            packetsRetransmitted &+= 1
        } else {
            updateJitter(timestamp: timestamp, now: now)
        }
        return outcome
    }

    /// Counts a repaired packet: one the `NackGenerator` had asked for.
    public mutating func countRepaired() {
        packetsRepaired &+= 1
    }

    /// Notes a sender report about the stream, received at `now`: its NTP
    /// timestamp becomes the LSR of the next report block.
    public mutating func receiveSenderReport(ntpTimestamp: UInt64, now: MonotonicMilliseconds) {
        lastSenderReport = NTPTimestamp.compact(ntpTimestamp)
        lastSenderReportArrival = now
    }

    /// The report block about the stream at `now` (RFC 3550 A.3), nil before
    /// the source is valid. Starts a new interval for the fraction lost.
    public mutating func makeReportBlock(now: MonotonicMilliseconds) -> RTCPReportBlock? {
        guard started, probation == 0 else { return nil }
        let expected = packetsExpected
        let expectedInterval = expected - expectedPrior
        expectedPrior = expected
        let receivedInterval = Int64(clamping: packetsReceived &- receivedPrior)
        receivedPrior = packetsReceived
        let lostInterval = expectedInterval - receivedInterval
        if expectedInterval <= 0 || lostInterval <= 0 {
            fractionLost = 0
        } else {
            fractionLost = UInt8(clamping: (lostInterval << 8) / expectedInterval)
        }

        var delay: UInt32 = 0
        if let arrival = lastSenderReportArrival {
            delay = NTPTimestamp.compactDuration(milliseconds: now >= arrival ? now - arrival : 0)
        }
        return RTCPReportBlock(
            ssrc: ssrc,
            fractionLost: fractionLost,
            cumulativeLost: Int32(clamping: cumulativeLost),
            extendedHighestSequenceNumber: UInt32(truncatingIfNeeded: extendedHighestSequenceNumber),
            jitter: jitter,
            lastSenderReport: lastSenderReportArrival == nil ? 0 : lastSenderReport,
            delaySinceLastSenderReport: delay
        )
    }

    /// Forgets the jitter history (mediasoup does so on pause); the counters stay.
    public mutating func resetJitter() {
        transit = nil
        scaledJitter = 0
    }

    // MARK: A.1

    private mutating func initSequence(_ sequenceNumber: UInt16) {
        baseSequence = Int64(sequenceNumber)
        maxSequence = sequenceNumber
        badSequence = 0x1_0001
        cycles = 0
        packetsReceived = 0
        receivedPrior = 0
        expectedPrior = 0
        packetsRetransmitted = 0
        packetsRepaired = 0
    }

    private mutating func updateSequence(_ sequenceNumber: UInt16) -> Outcome {
        if !started {
            started = true
            initSequence(sequenceNumber)
            if configuration.minSequential <= 1 {
                return .valid
            }
            maxSequence = sequenceNumber &- 1
            probation = configuration.minSequential
        }
        let delta = sequenceNumber &- maxSequence
        if probation > 0 {
            // Packets must be in sequence for the source to become valid.
            if delta == 1 {
                probation -= 1
                maxSequence = sequenceNumber
                if probation == 0 {
                    initSequence(sequenceNumber)
                    return .valid
                }
            } else {
                probation = configuration.minSequential - 1
                maxSequence = sequenceNumber
            }
            return .probation
        }
        if delta < configuration.maxDropout {
            // In order, with a permissible gap.
            if sequenceNumber < maxSequence {
                cycles += 0x1_0000
            }
            maxSequence = sequenceNumber
            return .valid
        }
        if UInt32(delta) <= 0x1_0000 - UInt32(configuration.maxMisorder) {
            // A very large jump: two sequential packets mean the sender restarted.
            if UInt32(sequenceNumber) == badSequence {
                initSequence(sequenceNumber)
                return .restarted
            }
            badSequence = (UInt32(sequenceNumber) + 1) & 0xFFFF
            return .invalid
        }
        // A duplicate or a reordered packet.
        return .valid
    }

    // MARK: A.8

    private mutating func updateJitter(timestamp: UInt32, now: MonotonicMilliseconds) {
        guard clockRate > 0 else { return }
        let arrival = UInt32(truncatingIfNeeded: now.multipliedReportingOverflow(by: UInt64(clockRate)).partialValue / 1000)
        let current = Int32(bitPattern: arrival &- timestamp)
        defer { transit = current }
        guard let previous = transit else { return }
        let difference = Int64(current) - Int64(previous)
        let magnitude = difference < 0 ? -difference : difference
        // A jump of seconds is a timestamp discontinuity, not jitter (libwebrtc
        // skips them the same way).
        guard magnitude < 5 * Int64(clockRate) else { return }
        scaledJitter += magnitude - ((scaledJitter + 8) >> 4)
    }
}
