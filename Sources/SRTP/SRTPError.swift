/// Why an SRTP session could not be created or a packet not be protected or
/// unprotected. Every failure on wire input is one of these, never a trap.
public enum SRTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The master key and salt are not ``SRTPCryptoSuite/masterKeyLength`` bytes.
    case invalidKeyLength(expected: Int, actual: Int)
    /// The key given as Base64 is not Base64.
    case invalidBase64
    /// The packet is shorter than its headers (plus tag and SRTCP index when
    /// unprotecting) say it must be.
    case truncated(length: Int, needed: Int)
    /// The packet is longer than any UDP datagram (65,535 bytes).
    case oversized(length: Int, maximum: Int)
    /// The caller's buffer cannot hold `length` bytes plus the trailer protect appends.
    case bufferTooSmall(needed: Int, available: Int)
    /// A protect call on an inbound session or an unprotect call on an outbound one.
    case wrongDirection
    /// The authentication tag (or AEAD tag) did not verify: tampered bytes or a wrong key.
    case authenticationFailed
    /// The packet index was already seen, or is older than the replay window
    /// (on an outbound session: a sequence number further behind the
    /// stream's newest than the window, which libsrtp refuses as well).
    case replayed
    /// The stream's SRTCP index reached 2^31 - 1 under this key (RFC 3711
    /// §3.4): the session must be re-keyed before it protects more RTCP.
    case keyExhausted
    /// OpenSSL refused an operation; `status` is its error code
    /// (`ERR_get_error`, truncated to 32 bits), or 0 when it gave none.
    case library(status: Int32)

    /// A short English description of the failure, for logs.
    public var description: String {
        switch self {
        case .invalidKeyLength(let expected, let actual): "invalid SRTP master key length \(actual) (expected \(expected))"
        case .invalidBase64: "SRTP key is not Base64"
        case .truncated(let length, let needed): "packet truncated (\(length) bytes, needs \(needed))"
        case .oversized(let length, let maximum): "packet too long (\(length) bytes, at most \(maximum))"
        case .bufferTooSmall(let needed, let available): "buffer too small (\(available) bytes, needs \(needed))"
        case .wrongDirection: "operation not allowed in this session direction"
        case .authenticationFailed: "SRTP authentication failed"
        case .replayed: "SRTP replay check failed"
        case .keyExhausted: "SRTCP index exhausted: re-key the session"
        case .library(let status): "OpenSSL error \(status)"
        }
    }
}
