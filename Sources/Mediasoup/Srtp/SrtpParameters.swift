/// SRTP crypto suites a PlainTransport or PipeTransport can use.
public enum SrtpCryptoSuite: String, Sendable, Hashable, Codable, CaseIterable {
    case aeadAes256Gcm = "AEAD_AES_256_GCM"
    case aeadAes128Gcm = "AEAD_AES_128_GCM"
    case aesCm128HmacSha1_80 = "AES_CM_128_HMAC_SHA1_80"
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
    public var cryptoSuite: SrtpCryptoSuite
    /// Master key and salt, Base64 encoded.
    public var keyBase64: String
    public init(cryptoSuite: SrtpCryptoSuite, keyBase64: String) {
        self.cryptoSuite = cryptoSuite
        self.keyBase64 = keyBase64
    }
}
