import Mediasoup

/// The SRTP keying a DTLS-SRTP handshake produced (RFC 5764 §4.2): the
/// negotiated suite and two master keys, each the master key bytes followed
/// by the master salt bytes (``SrtpCryptoSuite/masterKeyLength`` in all).
///
/// Its description shows the suite only, never key bytes.
public struct DtlsSrtpKeys: Sendable, Hashable, CustomStringConvertible {
    /// The SRTP protection profile both sides chose.
    public let cryptoSuite: SrtpCryptoSuite
    /// Key and salt that protect what this endpoint sends (the client's
    /// write key and salt on a client, the server's on a server).
    public let localMasterKey: [UInt8]
    /// Key and salt that unprotect what the peer sends.
    public let remoteMasterKey: [UInt8]

    /// Keys as exported; `localMasterKey` and `remoteMasterKey` should have
    /// `cryptoSuite.masterKeyLength` bytes.
    public init(cryptoSuite: SrtpCryptoSuite, localMasterKey: [UInt8], remoteMasterKey: [UInt8]) {
        self.cryptoSuite = cryptoSuite
        self.localMasterKey = localMasterKey
        self.remoteMasterKey = remoteMasterKey
    }

    /// The suite and the key lengths, never the key bytes.
    public var description: String {
        "DtlsSrtpKeys(\(cryptoSuite.rawValue), \(localMasterKey.count)+\(remoteMasterKey.count) bytes)"
    }

    /// Splits the keying material exported with the label `EXTRACTOR-dtls_srtp`:
    /// client_write_key, server_write_key, client_write_salt, server_write_salt
    /// (RFC 5764 §4.2). Nil unless `material` has `2 × suite.masterKeyLength` bytes.
    init?(cryptoSuite: SrtpCryptoSuite, exportedMaterial material: [UInt8], isClient: Bool) {
        let keyLength = cryptoSuite.dtlsSrtpKeyLength
        let saltLength = cryptoSuite.dtlsSrtpSaltLength
        guard material.count == 2 * (keyLength + saltLength) else { return nil }
        let clientKey = material[0..<keyLength]
        let serverKey = material[keyLength..<(2 * keyLength)]
        let clientSalt = material[(2 * keyLength)..<(2 * keyLength + saltLength)]
        let serverSalt = material[(2 * keyLength + saltLength)...]
        let client = Array(clientKey) + Array(clientSalt)
        let server = Array(serverKey) + Array(serverSalt)
        self.init(
            cryptoSuite: cryptoSuite, localMasterKey: isClient ? client : server,
            remoteMasterKey: isClient ? server : client)
    }
}

extension SrtpCryptoSuite {
    /// mediasoup's offer, most preferred first: AEAD_AES_256_GCM,
    /// AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32.
    public static let dtlsSrtpPreference: [SrtpCryptoSuite] = [
        .aeadAes256Gcm, .aeadAes128Gcm, .aesCm128HmacSha1_80, .aesCm128HmacSha1_32,
    ]

    /// The DTLS-SRTP protection profile name OpenSSL's `use_srtp` takes (RFC 5764 §4.1.2, RFC 7714 §14.2).
    public var dtlsSrtpProfileName: String {
        switch self {
        case .aeadAes256Gcm: "SRTP_AEAD_AES_256_GCM"
        case .aeadAes128Gcm: "SRTP_AEAD_AES_128_GCM"
        case .aesCm128HmacSha1_80: "SRTP_AES128_CM_SHA1_80"
        case .aesCm128HmacSha1_32: "SRTP_AES128_CM_SHA1_32"
        }
    }

    /// The suite of DTLS-SRTP protection profile `id` (IANA's registry), or nil.
    init?(dtlsSrtpProfileID id: UInt) {
        switch id {
        case 0x0001: self = .aesCm128HmacSha1_80
        case 0x0002: self = .aesCm128HmacSha1_32
        case 0x0007: self = .aeadAes128Gcm
        case 0x0008: self = .aeadAes256Gcm
        default: return nil
        }
    }

    /// Bytes of the master key: 32 for AES-256-GCM, 16 otherwise.
    var dtlsSrtpKeyLength: Int {
        switch self {
        case .aeadAes256Gcm: 32
        case .aeadAes128Gcm, .aesCm128HmacSha1_80, .aesCm128HmacSha1_32: 16
        }
    }

    /// Bytes of the master salt: 12 for the GCM suites, 14 for AES-CM.
    var dtlsSrtpSaltLength: Int {
        masterKeyLength - dtlsSrtpKeyLength
    }
}
