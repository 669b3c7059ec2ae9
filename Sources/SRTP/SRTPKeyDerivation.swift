import COpenSSL

/// The session keys one master key gives, for SRTP and SRTCP: encryption
/// key, salt and (AES-CM only) HMAC-SHA1 key of each.
///
/// Made once per session; the caller erases it (``erase()``) once the
/// ciphers have taken their copies.
struct SRTPSessionKeys {
    /// SRTP encryption key (label 0x00).
    var rtpKey: [UInt8]
    /// SRTP authentication key (label 0x01); empty for GCM.
    var rtpAuthKey: [UInt8]
    /// SRTP salt (label 0x02).
    var rtpSalt: [UInt8]
    /// SRTCP encryption key (label 0x03).
    var rtcpKey: [UInt8]
    /// SRTCP authentication key (label 0x04); empty for GCM.
    var rtcpAuthKey: [UInt8]
    /// SRTCP salt (label 0x05).
    var rtcpSalt: [UInt8]

    /// Overwrites every key with zeros (best effort: Swift may have copied
    /// the arrays, as it may any value).
    mutating func erase() {
        for index in rtpKey.indices { rtpKey[index] = 0 }
        for index in rtpAuthKey.indices { rtpAuthKey[index] = 0 }
        for index in rtpSalt.indices { rtpSalt[index] = 0 }
        for index in rtcpKey.indices { rtcpKey[index] = 0 }
        for index in rtcpAuthKey.indices { rtcpAuthKey[index] = 0 }
        for index in rtcpSalt.indices { rtcpSalt[index] = 0 }
    }
}

/// SRTP key derivation: RFC 3711 §4.3.1 with the AES-CM PRF of §4.3.3 and a
/// key derivation rate of 0 (every session key derived once, r = 0), as
/// DTLS-SRTP and SDES without a KDR use it.
///
/// For each label, `x = (label << 48) XOR master_salt` (the label lands in
/// byte 7 of the 14-byte salt), and the session key is the AES-CM keystream
/// of the master key with the IV `x · 2^16`:
///
/// ```
///  byte:  0 ...  6  7   8 ... 13  14 15
///        +--------+---+---------+-----+
///   IV = |  master salt (14 bytes) | 0 0 |   XOR   label at byte 7
///        +--------+---+---------+-----+
/// ```
///
/// RFC 7714 §11 reuses it for AEAD_AES_128_GCM and AEAD_AES_256_GCM: the
/// 12-byte master salt is padded with two zero bytes to 14 (as libsrtp), and
/// a 256-bit master key runs the PRF with AES-256 (RFC 6188 §7).
enum SRTPKeyDerivation {
    /// The key derivation labels of RFC 3711 §4.3.2.
    enum Label: UInt8 {
        /// k_e of SRTP.
        case rtpEncryption = 0x00
        /// k_a of SRTP.
        case rtpAuthentication = 0x01
        /// k_s of SRTP.
        case rtpSalt = 0x02
        /// k_e of SRTCP.
        case rtcpEncryption = 0x03
        /// k_a of SRTCP.
        case rtcpAuthentication = 0x04
        /// k_s of SRTCP.
        case rtcpSalt = 0x05
    }

    /// The six session keys of `suite` from its master key followed by its
    /// master salt (``SRTPCryptoSuite/masterKeyLength`` bytes, checked by the caller).
    static func sessionKeys(suite: SRTPCryptoSuite, masterKeyAndSalt: [UInt8]) throws(SRTPError) -> SRTPSessionKeys {
        guard masterKeyAndSalt.count == suite.masterKeyLength else {
            throw .invalidKeyLength(expected: suite.masterKeyLength, actual: masterKeyAndSalt.count)
        }
        var masterKey = Array(masterKeyAndSalt[..<suite.cipherKeyLength])
        var masterSalt = Array(masterKeyAndSalt[suite.cipherKeyLength...])
        defer {
            for index in masterKey.indices { masterKey[index] = 0 }
            for index in masterSalt.indices { masterSalt[index] = 0 }
        }
        func derive(_ label: Label, _ length: Int) throws(SRTPError) -> [UInt8] {
            try Self.derive(masterKey: masterKey, masterSalt: masterSalt, label: label, length: length)
        }
        return SRTPSessionKeys(
            rtpKey: try derive(.rtpEncryption, suite.cipherKeyLength),
            rtpAuthKey: try derive(.rtpAuthentication, suite.authKeyLength),
            rtpSalt: try derive(.rtpSalt, suite.saltLength),
            rtcpKey: try derive(.rtcpEncryption, suite.cipherKeyLength),
            rtcpAuthKey: try derive(.rtcpAuthentication, suite.authKeyLength),
            rtcpSalt: try derive(.rtcpSalt, suite.saltLength))
    }

    /// `length` bytes of session key for `label` (RFC 3711 §4.3.1): the
    /// AES-CM keystream under `masterKey` (16 or 32 bytes) from the IV the
    /// label and `masterSalt` (at most 14 bytes; shorter ones are padded
    /// with zeros) make.
    static func derive(masterKey: [UInt8], masterSalt: [UInt8], label: Label, length: Int) throws(SRTPError) -> [UInt8] {
        guard length > 0 else { return [] }
        guard masterSalt.count <= 14 else { throw .invalidKeyLength(expected: 14, actual: masterSalt.count) }
        var iv = [UInt8](repeating: 0, count: 16)
        for (index, byte) in masterSalt.enumerated() { iv[index] = byte }
        iv[7] ^= label.rawValue
        var output = [UInt8](repeating: 0, count: length)
        try AESCounterMode.keystream(key: masterKey, iv: iv, into: &output)
        return output
    }
}

/// One-shot AES in counter mode over a zeroed buffer (the PRF's keystream),
/// through OpenSSL's EVP. Not for the packet path: it makes a context per call.
enum AESCounterMode {
    /// Writes the AES-CTR keystream of `key` (16 or 32 bytes) from the
    /// 16-byte initial counter `iv` over `output` (which it first zeroes).
    static func keystream(key: [UInt8], iv: [UInt8], into output: inout [UInt8]) throws(SRTPError) {
        guard iv.count == 16 else { throw .invalidKeyLength(expected: 16, actual: iv.count) }
        guard let cipher = cipher(keyLength: key.count) else {
            throw .invalidKeyLength(expected: 16, actual: key.count)
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLFailure.error() }
        defer { EVP_CIPHER_CTX_free(context) }
        for index in output.indices { output[index] = 0 }
        guard EVP_EncryptInit_ex(context, cipher, nil, key, iv) == 1 else { throw OpenSSLFailure.error() }
        let count = Int32(output.count)
        let succeeded = output.withUnsafeMutableBufferPointer { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            var written: Int32 = 0
            return EVP_EncryptUpdate(context, base, &written, base, count) == 1 && written == count
        }
        guard succeeded else { throw OpenSSLFailure.error() }
    }

    /// AES-128-CTR or AES-256-CTR by key length; nil for any other length.
    static func cipher(keyLength: Int) -> OpaquePointer? {
        switch keyLength {
        case 16: EVP_aes_128_ctr()
        case 32: EVP_aes_256_ctr()
        default: nil
        }
    }
}

/// OpenSSL's error queue as an ``SRTPError``.
enum OpenSSLFailure {
    /// ``SRTPError/library(status:)`` with the oldest queued OpenSSL error
    /// (0 when none), clearing the queue so later calls start clean.
    static func error() -> SRTPError {
        let code = ERR_get_error()
        ERR_clear_error()
        return .library(status: Int32(truncatingIfNeeded: code))
    }
}
