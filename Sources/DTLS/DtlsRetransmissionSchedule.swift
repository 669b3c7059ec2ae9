/// The DTLS handshake retransmission delays, mediasoup's `onSslDtlsTimer`:
/// 100 ms first, doubled after each expiry, at most 4 s (mediasoup lets one
/// 6.4 s delay through before its cap applies; this one caps). OpenSSL's own
/// schedule starts at 1 s; the endpoint installs this one with
/// `DTLS_set_timer_cb`. OpenSSL still counts the expiries and fails the
/// handshake after `DTLS1_TMO_ALERT_COUNT` (12) of them: about 30 s.
enum DtlsRetransmissionSchedule {
    /// The first delay, in microseconds.
    static let initialDelay: UInt32 = 100_000
    /// The longest delay, in microseconds.
    static let maximumDelay: UInt32 = 4_000_000

    /// The delay after `current` microseconds (0: the timer starts).
    static func delay(after current: UInt32) -> UInt32 {
        if current == 0 { return initialDelay }
        if current >= maximumDelay / 2 { return maximumDelay }
        return current * 2
    }
}
