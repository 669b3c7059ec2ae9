// RFC 3550 §6.4.1 on the send side: the sender report of one outgoing stream
// (packet and octet counts, an NTP wallclock and the same instant on the RTP
// clock), and the round-trip time from the report blocks that echo it:
//
//      [10 Nov 1995 11:33:25.125 UTC]       [10 Nov 1995 11:33:36.5 UTC]
//      n                 SR(n)              A=b710:8000 (46864.500 s)
//      ---------------------------------------------------------------->
//                         v                 ^
//      ntp_sec =0xb44db705 v               ^ dlsr=0x0005:4000 (    5.250s)
//      ntp_frac=0x20000000  v             ^  lsr =0xb705:2000 (46853.125s)
//        (3024992005.125 s)  v           ^
//      r                      v         ^ RR(n)
//      ---------------------------------------------------------------->
//                             |<-DLSR->|
//                              (5.250 s)
//
//      A     0xb710:8000 (46864.500 s)
//      DLSR -0x0005:4000 (    5.250 s)
//      LSR  -0xb705:2000 (46853.125 s)
//      -------------------------------
//      delay 0x0006:2000 (    6.125 s)

/// The sender report of one outgoing RTP stream, and the round-trip time
/// measured from the receiver reports about it.
///
/// Count each original packet with ``packetSent(timestamp:payloadLength:now:)``
/// (not retransmissions), make a report with
/// ``makeSenderReport(ntpTimestamp:now:)`` on the RTCP interval, and pass each
/// report block about the stream to ``receiveReportBlock(_:now:)``. The round
/// trip is measured on the monotonic clock: the generator remembers when it
/// sent its last reports, so a wall-clock step between an SR and its echo does
/// not skew it.
public struct SenderReportGenerator: Sendable {
    /// The SSRC of the stream.
    public let ssrc: UInt32
    /// The RTP clock rate, in Hz.
    public let clockRate: UInt32

    /// Packets counted (the SR's packet count, wrapping).
    public private(set) var packetCount: UInt32 = 0
    /// Payload octets counted (the SR's octet count, wrapping).
    public private(set) var octetCount: UInt32 = 0
    /// The newest RTP timestamp sent, and when.
    private var newestTimestamp: UInt32 = 0
    private var newestTimestampAt: MonotonicMilliseconds?

    /// The last reports made: compact NTP (LSR as echoed) and monotonic time.
    private var history = [(lsr: UInt32, sentAt: MonotonicMilliseconds, used: Bool)](repeating: (0, 0, false), count: 8)
    private var historyNext = 0

    /// The last round-trip time measured, in ms.
    public private(set) var roundTripTime: Double?
    /// The last report block received about the stream.
    public private(set) var lastReportBlock: RTCPReportBlock?

    /// A generator for the stream `ssrc` with RTP clock `clockRate` (Hz).
    public init(ssrc: UInt32, clockRate: UInt32) {
        self.ssrc = ssrc
        self.clockRate = clockRate
    }

    /// Counts a packet sent at `now`: its RTP timestamp and its payload size
    /// (without header or padding, as RFC 3550 counts octets).
    public mutating func packetSent(timestamp: UInt32, payloadLength: Int, now: MonotonicMilliseconds) {
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: max(payloadLength, 0))
        if newestTimestampAt == nil || isNewerTimestamp(timestamp, than: newestTimestamp) {
            newestTimestamp = timestamp
            newestTimestampAt = now
        }
    }

    /// The RTP timestamp of `now`: the newest one sent, advanced by the time
    /// since at the clock rate; nil before any packet.
    public func rtpTimestamp(at now: MonotonicMilliseconds) -> UInt32? {
        guard let at = newestTimestampAt else { return nil }
        let elapsed = now >= at ? now - at : 0
        let ticks = elapsed.multipliedReportingOverflow(by: UInt64(clockRate)).partialValue / 1000
        return newestTimestamp &+ UInt32(truncatingIfNeeded: ticks)
    }

    /// The sender report for `now`, nil before any packet was sent.
    ///
    /// - Parameter ntpTimestamp: the wall clock at `now`, 64-bit NTP (see
    ///   ``NTPTimestamp/timestamp(unixMilliseconds:)``).
    public mutating func makeSenderReport(ntpTimestamp: UInt64, now: MonotonicMilliseconds) -> RTCPSenderReport? {
        guard let rtpTimestamp = rtpTimestamp(at: now) else { return nil }
        history[historyNext] = (NTPTimestamp.compact(ntpTimestamp), now, true)
        historyNext = (historyNext + 1) % history.count
        return RTCPSenderReport(
            ssrc: ssrc,
            ntpTimestamp: ntpTimestamp,
            rtpTimestamp: rtpTimestamp,
            packetCount: packetCount,
            octetCount: octetCount
        )
    }

    /// Takes in a report block about the stream (from an RR or SR) received at
    /// `now`, and returns the round-trip time it measures, in ms: nil when it
    /// echoes no report of ours (LSR 0, or one older than the last eight).
    @discardableResult
    public mutating func receiveReportBlock(_ block: RTCPReportBlock, now: MonotonicMilliseconds) -> Double? {
        lastReportBlock = block
        guard block.lastSenderReport != 0 else { return nil }
        for entry in history where entry.used && entry.lsr == block.lastSenderReport {
            let elapsed = now >= entry.sentAt ? Double(now - entry.sentAt) : 0
            let rtt = max(elapsed - NTPTimestamp.milliseconds(compactDuration: block.delaySinceLastSenderReport), 0)
            roundTripTime = rtt
            return rtt
        }
        return nil
    }

    /// The round trip of RFC 3550 §6.4.1 in compact NTP (1/65536 s): the arrival
    /// `arrival` minus LSR minus DLSR; nil when LSR is 0 (no SR echoed) or the
    /// result would be negative.
    public static func roundTripTime(arrival: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32) -> UInt32? {
        guard lastSenderReport != 0 else { return nil }
        let delay = arrival &- lastSenderReport &- delaySinceLastSenderReport
        return delay < 0x8000_0000 ? delay : nil
    }
}
