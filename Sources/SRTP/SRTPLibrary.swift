import COpenSSL

/// What this module's SRTP runs on: its own RFC 3711 / RFC 7714 transforms
/// over OpenSSL's EVP ciphers (and SHA-1 for the HMAC), not libsrtp.
///
/// Debian's `libsrtp2` 2.5.0 is built on NSS, not OpenSSL: per 1,200-byte
/// packet it costs about 4.1 µs for AES_CM_128_HMAC_SHA1_80 where OpenSSL
/// costs about 1.0 µs (`performance-anchors.md` §2.2), which is why the
/// module no longer links it. The tests still compare against it, byte for
/// byte (`SRTPReference`). Benchmarks print ``version`` and ``cryptoBackend``.
public enum SRTPLibrary {
    /// The crypto library the SRTP transforms are done with.
    public enum CryptoBackend: String, Sendable, Hashable {
        /// Mozilla NSS (Debian's and Ubuntu's `libsrtp2`).
        case nss
        /// OpenSSL (this module; also the libsrtp build mediasoup ships).
        case openssl
        /// libsrtp's own C ciphers (no AES-GCM).
        case builtin
        /// None of the above recognised.
        case unknown
    }

    /// The implementation and the OpenSSL it runs on, for example
    /// `Mafalda SRTP on OpenSSL 3.0.19 27 Jan 2026`.
    public static var version: String {
        guard let cString = OpenSSL_version(OPENSSL_VERSION) else { return "Mafalda SRTP on OpenSSL" }
        return "Mafalda SRTP on \(String(cString: cString))"
    }

    /// The crypto backend of the transforms: always ``CryptoBackend/openssl``.
    public static var cryptoBackend: CryptoBackend { .openssl }
}
