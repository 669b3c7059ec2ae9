import CSRTP
import SRTP

/// libsrtp2 behind ``SRTPSession``'s API: the reference the SRTP module's
/// own transforms are compared with, byte for byte, in its tests, and the
/// baseline of the SRTP micro-benchmark. Not linked into the worker.
///
/// The policy is the one mediasoup (and ``SRTPSession``) uses: one
/// `ssrc_any_inbound` or `ssrc_any_outbound` template for every SSRC, a
/// replay window of `windowSize` packets, `allow_repeat_tx`.
///
/// - Important: Not thread-safe (libsrtp mutates its streams without locks).
public final class LibsrtpSession {
    /// The crypto suite of SRTP and SRTCP.
    public let suite: SRTPCryptoSuite
    /// Which of protect or unprotect the session does.
    public let direction: SRTPSession.Direction

    private let context: srtp_t

    /// A libsrtp session for `masterKey` (key then salt). With
    /// `encryptsRTCP` false, SRTCP is authenticated only (E flag clear), a
    /// sender mediasoup never is: the tests use it to make such packets.
    ///
    /// - Throws: ``SRTPError/invalidKeyLength(expected:actual:)``, or
    ///   ``SRTPError/library(status:)`` with libsrtp's status.
    public init(
        suite: SRTPCryptoSuite, direction: SRTPSession.Direction, masterKey: [UInt8],
        windowSize: Int = SRTPSession.defaultReplayWindowSize, encryptsRTCP: Bool = true
    ) throws(SRTPError) {
        guard masterKey.count == suite.masterKeyLength else {
            throw .invalidKeyLength(expected: suite.masterKeyLength, actual: masterKey.count)
        }
        guard LibsrtpLibrary.initialized else {
            throw .library(status: Int32(srtp_err_status_init_fail.rawValue))
        }
        var policy = srtp_policy_t()
        Self.apply(suite, rtp: &policy.rtp, rtcp: &policy.rtcp)
        if !encryptsRTCP { policy.rtcp.sec_serv = sec_serv_auth }
        policy.ssrc.type = direction == .inbound ? ssrc_any_inbound : ssrc_any_outbound
        policy.ssrc.value = 0
        policy.window_size = UInt(windowSize)
        policy.allow_repeat_tx = 1
        policy.next = nil
        var key = masterKey
        var created: srtp_t? = nil
        let status = key.withUnsafeMutableBufferPointer { keyBytes in
            policy.key = keyBytes.baseAddress
            return srtp_create(&created, &policy)
        }
        for index in key.indices { key[index] = 0 }
        guard status == srtp_err_status_ok, let created else { throw Self.error(status) }
        self.suite = suite
        self.direction = direction
        context = created
    }

    deinit {
        srtp_dealloc(context)
    }

    /// `srtp_protect` in place; the protected length.
    public func protectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try transform(buffer, length: length, room: suite.maxTrailerLength, srtp_protect)
    }

    /// `srtp_unprotect` in place; the plain length.
    public func unprotectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try transform(buffer, length: length, room: 0, srtp_unprotect)
    }

    /// `srtp_protect_rtcp` in place; the protected length.
    public func protectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try transform(buffer, length: length, room: suite.maxTrailerLength, srtp_protect_rtcp)
    }

    /// `srtp_unprotect_rtcp` in place; the plain length.
    public func unprotectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try transform(buffer, length: length, room: 0, srtp_unprotect_rtcp)
    }

    /// `srtp_remove_stream`.
    public func removeStream(ssrc: UInt32) {
        _ = srtp_remove_stream(context, ssrc.bigEndian)
    }

    /// The ROC libsrtp keeps for `ssrc`, or nil when it has no such stream.
    public func rolloverCounter(ssrc: UInt32) -> UInt32? {
        var roc: UInt32 = 0
        return srtp_get_stream_roc(context, ssrc, &roc) == srtp_err_status_ok ? roc : nil
    }

    // MARK: Allocating conveniences (tests)

    /// Returns `packet` protected as SRTP.
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: suite.maxTrailerLength) { buffer, length throws(SRTPError) in
            try protectRTP(buffer, length: length)
        }
    }

    /// Returns the RTP packet inside `packet`.
    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: 0) { buffer, length throws(SRTPError) in try unprotectRTP(buffer, length: length) }
    }

    /// Returns `packet` protected as SRTCP.
    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: suite.maxTrailerLength) { buffer, length throws(SRTPError) in
            try protectRTCP(buffer, length: length)
        }
    }

    /// Returns the RTCP compound packet inside `packet`.
    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try packet.transformedCopy(room: 0) { buffer, length throws(SRTPError) in try unprotectRTCP(buffer, length: length) }
    }

    // MARK: Internals

    private typealias Transform = (srtp_t?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?) -> srtp_err_status_t

    private func transform(
        _ buffer: UnsafeMutableRawBufferPointer, length: Int, room: Int, _ operation: Transform
    ) throws(SRTPError) -> Int {
        guard length >= 0, length + room <= buffer.count else {
            throw .bufferTooSmall(needed: length + room, available: buffer.count)
        }
        var octets = Int32(length)
        let status = operation(context, buffer.baseAddress, &octets)
        guard status == srtp_err_status_ok else { throw Self.error(status) }
        return Int(octets)
    }

    /// libsrtp's status as the ``SRTPError`` ``SRTPSession`` throws for the same failure.
    static func error(_ status: srtp_err_status_t) -> SRTPError {
        switch status {
        case srtp_err_status_auth_fail: .authenticationFailed
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: .replayed
        case srtp_err_status_key_expired: .keyExhausted
        default: .library(status: Int32(bitPattern: status.rawValue))
        }
    }

    /// Fills libsrtp's SRTP and SRTCP crypto policies for `suite`.
    static func apply(_ suite: SRTPCryptoSuite, rtp: inout srtp_crypto_policy_t, rtcp: inout srtp_crypto_policy_t) {
        switch suite {
        case .aeadAes256Gcm:
            srtp_crypto_policy_set_aes_gcm_256_16_auth(&rtp)
            srtp_crypto_policy_set_aes_gcm_256_16_auth(&rtcp)
        case .aeadAes128Gcm:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&rtcp)
        case .aesCm128HmacSha1_80:
            // libsrtp's default policies are AES_CM_128_HMAC_SHA1_80
            // (`srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80` is a macro for them).
            srtp_crypto_policy_set_rtp_default(&rtp)
            srtp_crypto_policy_set_rtcp_default(&rtcp)
        case .aesCm128HmacSha1_32:
            srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&rtp)
            srtp_crypto_policy_set_rtcp_default(&rtcp)
        }
    }
}

/// The libsrtp2 this target links: its one-time initialisation, its version
/// and the crypto library it was built on.
public enum LibsrtpLibrary {
    /// libsrtp's version string, for example `libsrtp2 2.5.0`.
    public static var version: String {
        guard let cString = srtp_get_version_string() else { return "libsrtp (unknown version)" }
        return String(cString: cString)
    }

    /// The crypto backend of the linked libsrtp, found once from the names of
    /// its cipher debug modules (`aes icm nss`, `aes icm ossl`, `aes icm`).
    public static var cryptoBackend: SRTPLibrary.CryptoBackend { probedBackend }

    /// `srtp_init()` exactly once per process. libsrtp's initialisation is
    /// process-global and not thread-safe; a `static let` runs it once under
    /// Swift's lazy-global lock, so sessions created in parallel (Swift Testing
    /// runs tests in parallel) never race it. `true` when it succeeded.
    public static let initialized: Bool = srtp_init() == srtp_err_status_ok

    private static let probedBackend: SRTPLibrary.CryptoBackend = {
        guard initialized else { return .unknown }
        // srtp_set_debug_module answers ok only for a module the crypto kernel
        // loaded; setting 0 leaves debugging off.
        if srtp_set_debug_module("aes icm nss", 0) == srtp_err_status_ok { return .nss }
        if srtp_set_debug_module("aes icm ossl", 0) == srtp_err_status_ok { return .openssl }
        if srtp_set_debug_module("aes icm", 0) == srtp_err_status_ok { return .builtin }
        return .unknown
    }()
}

@available(*, unavailable, message: "libsrtp state is not thread-safe")
extension LibsrtpSession: Sendable {}
