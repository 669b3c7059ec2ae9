import COpenSSL

/// AES_CM_128_HMAC_SHA1_80 and _32 (RFC 3711): AES-128 in counter mode for
/// confidentiality, HMAC-SHA1 truncated to the tag length for integrity.
///
/// The counter block of a packet (RFC 3711 §4.1.1), for SRTP with the
/// 48-bit packet index `i` and for SRTCP with the 31-bit SRTCP index:
///
/// ```
///  byte: 0   3 4     7 8          13 14 15
///       +-----+-------+-------------+-----+
///       | 0   | SSRC  |  index (48) | 0 0 |  XOR  session salt (14 bytes) || 0 0
///       +-----+-------+-------------+-----+
/// ```
///
/// The SRTP tag is the HMAC of the whole packet (header and ciphertext)
/// followed by the 4-byte ROC (§4.2); the SRTCP tag is the HMAC of the
/// packet followed by the E flag and index (§3.4). Tags are compared in
/// constant time.
///
/// One `EVP_CIPHER_CTX` (AES-128-CTR, keyed once) and one HMAC key per
/// instance, reused for every packet: a packet costs an IV reset, one
/// in-place `EVP_EncryptUpdate` and the HMAC, and no allocation.
final class SRTPCipherAESCM: SRTPPacketCipher {
    private let context: OpaquePointer
    private let hmac: SRTPHMACSHA1
    /// Session salt bytes 0...7, big-endian.
    private let saltHigh: UInt64
    /// Session salt bytes 8...13 then two zero bytes, big-endian.
    private let saltLow: UInt64
    private let tagLength: Int
    /// 16-byte counter block, 20-byte digest, 4-byte ROC.
    private let scratch: UnsafeMutableRawPointer
    private static let ivOffset = 0
    private static let digestOffset = 16
    private static let rocOffset = 36
    private static let scratchLength = 40

    /// A cipher with the session encryption `key` (16 bytes), `salt` (14
    /// bytes) and HMAC `authKey` (20 bytes), making tags of `tagLength` bytes.
    init(key: [UInt8], salt: [UInt8], authKey: [UInt8], tagLength: Int) throws(SRTPError) {
        guard key.count == 16 else { throw .invalidKeyLength(expected: 16, actual: key.count) }
        guard salt.count == 14 else { throw .invalidKeyLength(expected: 14, actual: salt.count) }
        guard (1...SRTPHMACSHA1.digestLength).contains(tagLength) else {
            throw .invalidKeyLength(expected: SRTPHMACSHA1.digestLength, actual: tagLength)
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLFailure.error() }
        guard EVP_EncryptInit_ex(context, EVP_aes_128_ctr(), nil, key, nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw OpenSSLFailure.error()
        }
        do {
            hmac = try SRTPHMACSHA1(key: authKey)
        } catch {
            EVP_CIPHER_CTX_free(context)
            throw error
        }
        self.context = context
        self.tagLength = tagLength
        saltHigh = salt[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        saltLow = (salt[8..<14].reduce(0) { $0 << 8 | UInt64($1) }) << 16
        scratch = UnsafeMutableRawPointer.allocate(byteCount: Self.scratchLength, alignment: 16)
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: Self.scratchLength)
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: Self.scratchLength)
        scratch.deallocate()
    }

    // MARK: SRTP

    func protectRTP(
        _ packet: UnsafeMutableRawPointer, length: Int, headerLength: Int, ssrc: UInt32, index: UInt64
    ) throws(SRTPError) -> Int {
        try applyKeystream(ssrc: ssrc, index: index, packet + headerLength, count: length - headerLength)
        authenticate(packet, count: length, rolloverCounter: UInt32(truncatingIfNeeded: index >> 16))
        (packet + length).copyMemory(from: scratch + Self.digestOffset, byteCount: tagLength)
        return length + tagLength
    }

    func unprotectRTP(
        _ packet: UnsafeMutableRawPointer, length: Int, headerLength: Int, ssrc: UInt32, index: UInt64
    ) throws(SRTPError) -> Int {
        let authenticated = length - tagLength
        authenticate(packet, count: authenticated, rolloverCounter: UInt32(truncatingIfNeeded: index >> 16))
        guard SRTPHMACSHA1.constantTimeEqual(scratch + Self.digestOffset, packet + authenticated, count: tagLength)
        else { throw .authenticationFailed }
        try applyKeystream(ssrc: ssrc, index: index, packet + headerLength, count: authenticated - headerLength)
        return authenticated
    }

    // MARK: SRTCP

    func protectRTCP(
        _ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32
    ) throws(SRTPError) -> Int {
        try applyKeystream(ssrc: ssrc, index: UInt64(index), packet + 8, count: length - 8)
        packet.storeBigEndian(srtcpEncryptedFlag | index, at: length)
        let authenticated = length + SRTPCryptoSuite.srtcpIndexLength
        authenticate(packet, count: authenticated, rolloverCounter: nil)
        (packet + authenticated).copyMemory(from: scratch + Self.digestOffset, byteCount: tagLength)
        return authenticated + tagLength
    }

    func unprotectRTCP(
        _ packet: UnsafeMutableRawPointer, length: Int, ssrc: UInt32, index: UInt32, encrypted: Bool
    ) throws(SRTPError) -> Int {
        let authenticated = length - tagLength
        authenticate(packet, count: authenticated, rolloverCounter: nil)
        guard SRTPHMACSHA1.constantTimeEqual(scratch + Self.digestOffset, packet + authenticated, count: tagLength)
        else { throw .authenticationFailed }
        let rtcpLength = authenticated - SRTPCryptoSuite.srtcpIndexLength
        if encrypted {
            try applyKeystream(ssrc: ssrc, index: UInt64(index), packet + 8, count: rtcpLength - 8)
        }
        return rtcpLength
    }

    func srtcpTrailerOffset(length: Int) -> Int {
        length - tagLength - SRTPCryptoSuite.srtcpIndexLength
    }

    // MARK: Primitives

    /// XORs the keystream of (`ssrc`, `index`) into `data[0..<count]` in place.
    func applyKeystream(ssrc: UInt32, index: UInt64, _ data: UnsafeMutableRawPointer, count: Int) throws(SRTPError) {
        guard count > 0 else { return }
        let iv = scratch + Self.ivOffset
        iv.storeBigEndian(saltHigh ^ UInt64(ssrc), at: 0)
        iv.storeBigEndian(saltLow ^ ((index & 0xFFFF_FFFF_FFFF) << 16), at: 8)
        var written: Int32 = 0
        guard EVP_EncryptInit_ex(context, nil, nil, nil, iv.bytes) == 1,
            EVP_EncryptUpdate(context, data.bytes, &written, data.bytes, Int32(count)) == 1
        else { throw OpenSSLFailure.error() }
    }

    /// The HMAC of `data[0..<count]`, then of the big-endian ROC when given,
    /// into the scratch digest.
    private func authenticate(_ data: UnsafeMutableRawPointer, count: Int, rolloverCounter: UInt32?) {
        let roc = scratch + Self.rocOffset
        if let rolloverCounter {
            roc.storeBigEndian(rolloverCounter, at: 0)
        }
        hmac.authenticate(
            data, count: count, trailer: rolloverCounter == nil ? nil : UnsafeRawPointer(roc),
            trailerCount: rolloverCounter == nil ? 0 : 4, into: scratch + Self.digestOffset)
    }
}
