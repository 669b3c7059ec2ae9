/// SRTP crypto suites a PlainTransport or PipeTransport can use.
public enum SrtpCryptoSuite: String, Sendable, Hashable, Codable, CaseIterable {
    /// AES-256 in GCM mode (RFC 7714); 44-byte master key and salt, 60 Base64 characters.
    /// The only suite a PipeTransport uses.
    case aeadAes256Gcm = "AEAD_AES_256_GCM"
    /// AES-128 in GCM mode (RFC 7714); 28-byte master key and salt, 40 Base64 characters.
    case aeadAes128Gcm = "AEAD_AES_128_GCM"
    /// AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711); 30-byte master key and
    /// salt, 40 Base64 characters. The PlainTransport default.
    case aesCm128HmacSha1_80 = "AES_CM_128_HMAC_SHA1_80"
    /// AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP (SRTCP keeps 80 bits);
    /// 30-byte master key and salt, 40 Base64 characters.
    case aesCm128HmacSha1_32 = "AES_CM_128_HMAC_SHA1_32"

    /// Length in bytes of the master key plus master salt for this suite.
    public var masterKeyLength: Int {
        switch self {
        case .aeadAes256Gcm: 44
        case .aeadAes128Gcm: 28
        case .aesCm128HmacSha1_80, .aesCm128HmacSha1_32: 30
        }
    }
}

/// SDES-style SRTP keying for plain and pipe transports.
public struct SrtpParameters: Sendable, Hashable, Codable {
    /// The crypto suite; after `connect()` a PlainTransport's local suite may change to the remote's.
    public var cryptoSuite: SrtpCryptoSuite
    /// Master key and salt, Base64 encoded.
    public var keyBase64: String
    /// Creates SRTP parameters (mediasoup's `srtpParameters: {cryptoSuite, keyBase64}`);
    /// `connect()` throws a `TypeError` unless `keyBase64` decodes to ``SrtpCryptoSuite/masterKeyLength`` bytes.
    public init(cryptoSuite: SrtpCryptoSuite, keyBase64: String) {
        self.cryptoSuite = cryptoSuite
        self.keyBase64 = keyBase64
    }
}
