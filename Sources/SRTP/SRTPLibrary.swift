import CSRTP

/// The libsrtp2 this module links: its one-time initialisation, its version
/// and the crypto library it was built on.
///
/// Debian's `libsrtp2` 2.5.0 is built on NSS, not OpenSSL. Per 1,200-byte
/// packet it costs about 4.1 µs for AES_CM_128_HMAC_SHA1_80 and 0.85 µs for
/// AEAD_AES_128_GCM, where an OpenSSL build costs 1.0 and 0.5 µs
/// (`performance-anchors.md` §2.2). Benchmarks print ``cryptoBackend``.
public enum SRTPLibrary {
    /// The crypto library libsrtp does its ciphers and MACs with.
    public enum CryptoBackend: String, Sendable, Hashable {
        /// Mozilla NSS (Debian's and Ubuntu's `libsrtp2`).
        case nss
        /// OpenSSL (the build mediasoup ships).
        case openssl
        /// libsrtp's own C ciphers (no AES-GCM).
        case builtin
        /// None of the above recognised.
        case unknown
    }

    /// libsrtp's version string, for example `libsrtp2 2.5.0`.
    public static var version: String {
        guard let cString = srtp_get_version_string() else { return "libsrtp (unknown version)" }
        return String(cString: cString)
    }

    /// The crypto backend of the linked libsrtp, found once from the names of
    /// its cipher debug modules (`aes icm nss`, `aes icm ossl`, `aes icm`).
    public static var cryptoBackend: CryptoBackend { probedBackend }

    /// `srtp_init()` exactly once per process. libsrtp's initialisation is
    /// process-global and not thread-safe; a `static let` runs it once under
    /// Swift's lazy-global lock, so sessions created in parallel (Swift Testing
    /// runs tests in parallel) never race it. `true` when it succeeded.
    /// Nothing else in the process may call `srtp_init()` or `srtp_shutdown()`.
    static let initialized: Bool = srtp_init() == srtp_err_status_ok

    private static let probedBackend: CryptoBackend = {
        guard initialized else { return .unknown }
        // srtp_set_debug_module answers ok only for a module the crypto kernel
        // loaded; setting 0 leaves debugging off.
        if srtp_set_debug_module("aes icm nss", 0) == srtp_err_status_ok { return .nss }
        if srtp_set_debug_module("aes icm ossl", 0) == srtp_err_status_ok { return .openssl }
        if srtp_set_debug_module("aes icm", 0) == srtp_err_status_ok { return .builtin }
        return .unknown
    }()
}
