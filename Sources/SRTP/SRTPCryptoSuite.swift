/// The four SRTP crypto suites mediasoup offers on Plain and Pipe transports,
/// named as in its `srtpParameters.cryptoSuite` (RFC 4568 §6.2.1, RFC 7714 §14.2).
///
/// The raw values equal mediasoup's strings, so a contract value converts with
/// `SRTPCryptoSuite(rawValue: suite.rawValue)`.
public enum SRTPCryptoSuite: String, Sendable, Hashable, CaseIterable {
    /// AES-256 in GCM mode with a 16-byte tag (RFC 7714).
    case aeadAes256Gcm = "AEAD_AES_256_GCM"
    /// AES-128 in GCM mode with a 16-byte tag (RFC 7714).
    case aeadAes128Gcm = "AEAD_AES_128_GCM"
    /// AES-128 counter mode with a 10-byte HMAC-SHA1 tag (RFC 3711).
    case aesCm128HmacSha1_80 = "AES_CM_128_HMAC_SHA1_80"
    /// AES-128 counter mode with a 4-byte HMAC-SHA1 tag on SRTP; SRTCP keeps
    /// the 10-byte tag (RFC 5764 §4.1.2, as mediasoup and libsrtp do).
    case aesCm128HmacSha1_32 = "AES_CM_128_HMAC_SHA1_32"

    /// Length in bytes of the master key followed by the master salt:
    /// 44 (AES-256 GCM: 32 + 12), 28 (AES-128 GCM: 16 + 12), 30 (AES-128 CM: 16 + 14).
    public var masterKeyLength: Int {
        cipherKeyLength + saltLength
    }

    /// The most bytes a protect call of this suite appends to a packet: the
    /// SRTCP trailer (the 4-byte E flag and index, then the tag), which is
    /// never shorter than the SRTP tag. 20 for the GCM suites, 14 for AES-CM.
    public var maxTrailerLength: Int {
        Self.srtcpIndexLength + rtcpTagLength
    }

    /// Bytes the SRTP authentication tag (or the AEAD tag) adds to an RTP packet.
    var rtpTagLength: Int {
        switch self {
        case .aeadAes256Gcm, .aeadAes128Gcm: 16
        case .aesCm128HmacSha1_80: 10
        case .aesCm128HmacSha1_32: 4
        }
    }

    /// Bytes of the SRTCP authentication tag (or AEAD tag).
    var rtcpTagLength: Int {
        switch self {
        case .aeadAes256Gcm, .aeadAes128Gcm: 16
        case .aesCm128HmacSha1_80, .aesCm128HmacSha1_32: 10
        }
    }

    /// Whether the suite is an AEAD (AES-GCM, RFC 7714) rather than AES-CM
    /// with HMAC-SHA1 (RFC 3711).
    var isAEAD: Bool {
        switch self {
        case .aeadAes256Gcm, .aeadAes128Gcm: true
        case .aesCm128HmacSha1_80, .aesCm128HmacSha1_32: false
        }
    }

    /// Bytes of the master key, which are also the session encryption key's:
    /// 32 for AES-256 GCM, 16 for the others (RFC 7714 §12, RFC 3711 §8.2).
    var cipherKeyLength: Int {
        self == .aeadAes256Gcm ? 32 : 16
    }

    /// Bytes of the master salt and of the session salt: 12 for GCM
    /// (RFC 7714 §12), 14 for AES-CM (RFC 3711 §8.2).
    var saltLength: Int {
        isAEAD ? 12 : 14
    }

    /// Bytes of the HMAC-SHA1 session authentication key: 20 for AES-CM
    /// (RFC 3711 §8.2, as libsrtp), none for GCM, whose tag comes from the cipher.
    var authKeyLength: Int {
        isAEAD ? 0 : 20
    }

    /// The E flag and 31-bit SRTCP index every SRTCP packet carries (RFC 3711 §3.4).
    static let srtcpIndexLength = 4
}
