import COpenSSL

/// AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714): AES-GCM with a 16-byte
/// tag; the header is associated data, the payload is encrypted.
///
/// The 12-byte IVs (§8.1, §9.1), XORed with the 12-byte session salt:
///
/// ```
///  SRTP:   byte 0 1 | 2    5 | 6    9 | 10 11
///               0 0 |  SSRC  |  ROC   |  SEQ
///  SRTCP:  byte 0 1 | 2    5 | 6 7 | 8          11
///               0 0 |  SSRC  | 0 0 | SRTCP index (31 bits)
/// ```
///
/// SRTP: associated data = the RTP header with CSRCs and extension, then
/// ciphertext, then the tag (§8.2). SRTCP: associated data = the 8-byte
/// header and the E flag with index, then ciphertext, tag, and the E flag
/// with index last (§9.2); with E clear, the whole packet is associated data
/// and nothing is encrypted (§9.3).
///
/// One `EVP_CIPHER_CTX` keyed once and reused: a packet costs an IV reset,
/// the associated data, one in-place update and the tag, and no allocation.
final class SRTPCipherGCM: SRTPPacketCipher {
    private let context: OpaquePointer
    /// Session salt bytes 0...3, big-endian.
    private let saltHigh: UInt32
    /// Session salt bytes 4...11, big-endian.
    private let saltLow: UInt64
    /// 12-byte IV, 4-byte SRTCP trailer, 16 bytes for EVP's final output.
    private let scratch: UnsafeMutableRawPointer
    private static let ivOffset = 0
    private static let trailerOffset = 12
    private static let finalOffset = 16
    private static let scratchLength = 32
    /// GCM's tag length in SRTP (RFC 7714 §12: 16 octets).
    static let tagLength = 16

    /// A cipher with the session encryption `key` (16 or 32 bytes) and `salt` (12 bytes).
    init(key: [UInt8], salt: [UInt8]) throws(SRTPError) {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_gcm()
        case 32: cipher = EVP_aes_256_gcm()
        default: throw .invalidKeyLength(expected: 16, actual: key.count)
        }
        guard salt.count == 12 else { throw .invalidKeyLength(expected: 12, actual: salt.count) }
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLFailure.error() }
        // GCM's default IV length is the 12 bytes RFC 7714 uses.
        guard EVP_EncryptInit_ex(context, cipher, nil, key, nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw OpenSSLFailure.error()
        }
        self.context = context
        saltHigh = salt[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        saltLow = salt[4..<12].reduce(0) { $0 << 8 | UInt64($1) }
        scratch = UnsafeMutableRawPointer.allocate(byteCount: Self.scratchLength, alignment: 16)
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: Self.scratchLength)
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        scratch.deallocate()
    }

    // MARK: SRTP

    func protectRTP(
        _ packet: UnsafeMutableRawPointer, length: Int, headerLength: Int, ssrc: UInt32, index: UInt64
    ) throws(SRTPError) -> Int {
        setIV(ssrc: ssrc, low: UInt64(index & 0xFFFF_FFFF_FFFF))
        try start(encrypt: true)
        try associate(packet, count: headerLength)
        try transform(packet + headerLength, count: length - headerLength)
        try finishEncryption(tag: packet + length)
        return length + Self.tagLength
    }

    func unprotectRTP(
        _ packet: UnsafeMutableRawPointer, length: Int, headerLength: Int, ssrc: UInt32, index: UInt64
    ) throws(SRTPError) -> Int {
        let ciphertextEnd = length - Self.tagLength
        setIV(ssrc: ssrc, low: UInt64(index & 0xFFFF_FFFF_FFFF))
        try start(encrypt: false)
        try associate(packet, count: headerLength)
        try transform(packet + headerLength, count: ciphertextEnd - headerLength)
        try finishDecryption(tag: packet + ciphertextEnd)
        return ciphertextEnd
    }

    // MARK: SRTCP

    func protectRTCP(
        _ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32
    ) throws(SRTPError) -> Int {
        let trailer = scratch + Self.trailerOffset
        trailer.storeBigEndian(srtcpEncryptedFlag | index, at: 0)
        setIV(ssrc: ssrc, low: UInt64(index & SRTCPReplayWindow.maximumIndex))
        try start(encrypt: true)
        try associate(packet, count: 8)
        try associate(trailer, count: SRTPCryptoSuite.srtcpIndexLength)
        try transform(packet + 8, count: length - 8)
        try finishEncryption(tag: packet + length)
        (packet + length + Self.tagLength).copyMemory(from: trailer, byteCount: SRTPCryptoSuite.srtcpIndexLength)
        return length + Self.tagLength + SRTPCryptoSuite.srtcpIndexLength
    }

    func unprotectRTCP(
        _ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32, encrypted: Bool
    ) throws(SRTPError) -> Int {
        let trailerOffset = length - SRTPCryptoSuite.srtcpIndexLength
        let tagOffset = trailerOffset - Self.tagLength
        setIV(ssrc: ssrc, low: UInt64(index & SRTCPReplayWindow.maximumIndex))
        try start(encrypt: false)
        if encrypted {
            try associate(packet, count: 8)
            try associate(packet + trailerOffset, count: SRTPCryptoSuite.srtcpIndexLength)
            try transform(packet + 8, count: tagOffset - 8)
        } else {
            // RFC 7714 §9.3: an unencrypted compound packet is all associated data.
            try associate(packet, count: tagOffset)
            try associate(packet + trailerOffset, count: SRTPCryptoSuite.srtcpIndexLength)
        }
        try finishDecryption(tag: packet + tagOffset)
        return tagOffset
    }

    func srtcpTrailerOffset(length: Int) -> Int {
        length - SRTPCryptoSuite.srtcpIndexLength
    }

    // MARK: Primitives

    /// The IV of `ssrc` and the 48 low bits (`ROC << 16 | SEQ` for SRTP,
    /// the SRTCP index for SRTCP) into the scratch bytes.
    private func setIV(ssrc: UInt32, low: UInt64) {
        let iv = scratch + Self.ivOffset
        iv.storeBigEndian(saltHigh ^ ssrc >> 16, at: 0)
        iv.storeBigEndian(saltLow ^ (UInt64(ssrc & 0xFFFF) << 48 | low), at: 4)
    }

    private func start(encrypt: Bool) throws(SRTPError) {
        let iv = (scratch + Self.ivOffset).bytes
        let started =
            encrypt
            ? EVP_EncryptInit_ex(context, nil, nil, nil, iv)
            : EVP_DecryptInit_ex(context, nil, nil, nil, iv)
        guard started == 1 else { throw OpenSSLFailure.error() }
    }

    private func associate(_ data: UnsafeMutableRawPointer, count: Int) throws(SRTPError) {
        guard count > 0 else { return }
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, nil, &written, data.bytes, Int32(count)) == 1 else {
            throw OpenSSLFailure.error()
        }
    }

    private func transform(_ data: UnsafeMutableRawPointer, count: Int) throws(SRTPError) {
        guard count > 0 else { return }
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, data.bytes, &written, data.bytes, Int32(count)) == 1 else {
            throw OpenSSLFailure.error()
        }
    }

    private func finishEncryption(tag: UnsafeMutableRawPointer) throws(SRTPError) {
        var written: Int32 = 0
        guard EVP_EncryptFinal_ex(context, (scratch + Self.finalOffset).bytes, &written) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagLength), tag) == 1
        else { throw OpenSSLFailure.error() }
    }

    private func finishDecryption(tag: UnsafeMutableRawPointer) throws(SRTPError) {
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagLength), tag) == 1 else {
            throw OpenSSLFailure.error()
        }
        var written: Int32 = 0
        guard EVP_DecryptFinal_ex(context, (scratch + Self.finalOffset).bytes, &written) == 1 else {
            // A tag that does not verify leaves nothing in OpenSSL's error queue.
            ERR_clear_error()
            throw .authenticationFailed
        }
    }
}
