import COpenSSL
import CSRTPCrypto

/// HMAC-SHA1 under one key (RFC 2104), as SRTP and SRTCP authenticate with
/// it (RFC 3711 §4.2.1): the inner and outer SHA-1 states after the padded
/// key are computed once, so a tag costs the packet's blocks plus two, and
/// no allocation (see `CSRTPCrypto.h` for why this is not `EVP_MAC`).
///
/// - Important: Not thread-safe; owned by one ``SRTPSession``.
final class SRTPHMACSHA1 {
    /// The digest's length; SRTP truncates it to its tag length.
    static let digestLength = 20

    private let key: OpaquePointer

    /// Precomputes the states of `key` (20 bytes for SRTP).
    init(key: [UInt8]) throws(SRTPError) {
        guard let made = key.withUnsafeBufferPointer({ csrtp_hmac_sha1_new($0.baseAddress, $0.count) }) else {
            throw OpenSSLFailure.error()
        }
        self.key = made
    }

    deinit {
        csrtp_hmac_sha1_free(key)
    }

    /// Writes the 20-byte HMAC of `data[0..<count]` followed by
    /// `trailer[0..<trailerCount]` at `digest`.
    func authenticate(
        _ data: UnsafeRawPointer, count: Int, trailer: UnsafeRawPointer?, trailerCount: Int,
        into digest: UnsafeMutableRawPointer
    ) {
        csrtp_hmac_sha1_compute(
            key, data.assumingMemoryBound(to: UInt8.self), count, trailer?.assumingMemoryBound(to: UInt8.self),
            trailerCount, digest.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether the first `count` bytes at `a` and `b` are equal, in time
    /// independent of where they differ (`CRYPTO_memcmp`).
    static func constantTimeEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        CRYPTO_memcmp(a, b, count) == 0
    }
}
