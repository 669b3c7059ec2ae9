// Time in the stream cores, and the NTP arithmetic of RFC 3550 §4 and §6.4.1.
//
// The cores of this folder (`ReceiveStreamStatistics`, `NackGenerator`,
// `RetransmissionBuffer`, `SenderReportGenerator`, `StreamScore`) own no
// socket, timer or clock. Every call that depends on time takes `now`:
// milliseconds on the caller's monotonic clock (the worker's packet-path time).
// The wall clock enters in one place only, as an NTP timestamp passed to
// `SenderReportGenerator.makeSenderReport(ntpTimestamp:now:)`.
//
// Drive contract: after each mutating call, drain what the core has to send
// (`pollNack`/`writeNack`, `pollKeyFrameRequest`, `pollRetransmission`) and
// arm one timer at `nextTimeout`, calling `handleTimeout(now:)` when it fires.
// Storage is allocated at `init`; the steady state does not allocate.

/// Milliseconds on the caller's monotonic clock: the `now` of every stream core.
public typealias MonotonicMilliseconds = UInt64

/// NTP timestamps (RFC 5905 §6) as RTCP carries them: 64-bit UQ32.32 seconds
/// since 1900-01-01, and the 32-bit "compact" form (UQ16.16, the middle bits)
/// of LSR and DLSR (RFC 3550 §6.4.1).
public enum NTPTimestamp {
    /// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch).
    public static let unixEpochOffset: UInt64 = 2_208_988_800

    /// The 64-bit NTP timestamp of a wall-clock instant given in milliseconds
    /// since the Unix epoch.
    public static func timestamp(unixMilliseconds: UInt64) -> UInt64 {
        let seconds = unixMilliseconds / 1000 + unixEpochOffset
        let fraction = ((unixMilliseconds % 1000) << 32) / 1000
        return seconds << 32 | fraction
    }

    /// The middle 32 bits of `ntp`: the LSR value a receiver echoes.
    public static func compact(_ ntp: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: ntp >> 16)
    }

    /// `milliseconds` in units of 1/65536 s (DLSR), saturating at 32 bits.
    public static func compactDuration(milliseconds: UInt64) -> UInt32 {
        let units = milliseconds.multipliedReportingOverflow(by: 65536)
        guard !units.overflow else { return .max }
        return UInt32(clamping: units.partialValue / 1000)
    }

    /// A compact duration (1/65536 s units) in milliseconds.
    public static func milliseconds(compactDuration: UInt32) -> Double {
        Double(compactDuration) * 1000 / 65536
    }
}

/// Extends 16-bit RTP sequence numbers relative to a reference: the 64-bit
/// value nearest to it (a difference of exactly 32,768 counts as older).
@inline(__always)
package func extendSequenceNumber(_ sequenceNumber: UInt16, near reference: Int64) -> Int64 {
    let delta = Int16(bitPattern: sequenceNumber &- UInt16(truncatingIfNeeded: reference))
    return reference + Int64(delta)
}

/// Whether RTP timestamp `a` is newer than `b` in serial-number arithmetic.
@inline(__always)
func isNewerTimestamp(_ a: UInt32, than b: UInt32) -> Bool {
    let difference = a &- b
    return difference != 0 && difference < 0x8000_0000
}
