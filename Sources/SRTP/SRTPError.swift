import CSRTP

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
    /// The packet index was already seen, or is older than the replay window.
    case replayed
    /// Any other libsrtp status, with its `srtp_err_status_t` value.
    case library(status: Int32)

    init(status: srtp_err_status_t) {
        switch status {
        case srtp_err_status_auth_fail: self = .authenticationFailed
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: self = .replayed
        default: self = .library(status: Int32(bitPattern: status.rawValue))
        }
    }

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
        case .library(let status): "libsrtp error \(status)"
        }
    }
}
