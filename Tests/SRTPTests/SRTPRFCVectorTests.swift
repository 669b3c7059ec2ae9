import Testing

@testable import SRTP

/// The published test vectors: RFC 3711 Appendix B.2 (the AES-CM keystream)
/// and B.3 (key derivation), RFC 7714 §16 (SRTP with AES-GCM) and §17
/// (SRTCP with AES-GCM, encrypted and tag-only). The RFC 7714 vectors give
/// session keys, not master keys, so they enter below the key derivation.
@Suite struct SRTPRFCVectorTests {
    // MARK: RFC 3711 Appendix B.2: AES-CM keystream

    /// B.2: session key 2B7E…4F3C, session salt F0F1…FCFD, SSRC 0, index 0;
    /// the keystream segment is 1,044,512 octets (65,282 blocks).
    @Test func aesCounterModeKeystream() throws {
        let cipher = try SRTPCipherAESCM(
            key: bytes("2B7E151628AED2A6ABF7158809CF4F3C".lowercased()),
            salt: bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD".lowercased()),
            authKey: [UInt8](repeating: 0, count: 20), tagLength: 10)
        var keystream = [UInt8](repeating: 0, count: 1_044_512)
        try keystream.withUnsafeMutableBytes { raw in
            try cipher.applyKeystream(ssrc: 0, index: 0, raw.baseAddress!, count: raw.count)
        }
        // Counters F0F1…FCFD0000, …0001, …0002.
        #expect(
            Array(keystream[..<48])
                == bytes(
                    "e03ead0935c95e80e166b16dd92b4eb4",
                    "d23513162b02d0f72a43a2fe4a5f97ab",
                    "41e95b3bb0a2e8dd477901e4fca894c0"))
        // Counters …FEFF, …FF00, …FF01.
        #expect(
            Array(keystream[(keystream.count - 48)...])
                == bytes(
                    "ec8cdf7398607cb0f2d21675ea9ea1e4",
                    "362b7c3c6773516318a077d7fc5073ae",
                    "6a2cc3787889374fbeb4c81b17ba6c44"))
    }

    /// The counter block of §4.1.1 through a packet: SSRC and index land in
    /// bytes 4…7 and 8…13 (XOR the salt), and XORing twice is the identity.
    @Test func aesCounterModeIVTakesSSRCAndIndex() throws {
        let key = bytes("2b7e151628aed2a6abf7158809cf4f3c")
        let zeroSalt = [UInt8](repeating: 0, count: 14)
        let cipher = try SRTPCipherAESCM(key: key, salt: zeroSalt, authKey: [UInt8](repeating: 0, count: 20), tagLength: 10)
        var block = [UInt8](repeating: 0, count: 16)
        try block.withUnsafeMutableBytes { try cipher.applyKeystream(ssrc: 0x0102_0304, index: 0x0A0B_0C0D_0E0F, $0.baseAddress!, count: 16) }
        // The same block is AES-CTR's keystream at counter 00000000 01020304 0A0B0C0D 0E0F0000.
        var expected = [UInt8](repeating: 0, count: 16)
        try AESCounterMode.keystream(key: key, iv: bytes("0000000001020304", "0a0b0c0d0e0f0000"), into: &expected)
        #expect(block == expected)
        try block.withUnsafeMutableBytes { try cipher.applyKeystream(ssrc: 0x0102_0304, index: 0x0A0B_0C0D_0E0F, $0.baseAddress!, count: 16) }
        #expect(block == [UInt8](repeating: 0, count: 16))
    }

    // MARK: RFC 3711 Appendix B.3: key derivation

    static let masterKey = bytes("e1f97a0d3e018be0d64fa32c06de4139")
    static let masterSalt = bytes("0ec675ad498afeebb6960b3aabe6")

    @Test func keyDerivation() throws {
        let cipherKey = try SRTPKeyDerivation.derive(
            masterKey: Self.masterKey, masterSalt: Self.masterSalt, label: .rtpEncryption, length: 16)
        #expect(cipherKey == bytes("c61e7a93744f39ee10734afe3ff7a087"))
        let cipherSalt = try SRTPKeyDerivation.derive(
            masterKey: Self.masterKey, masterSalt: Self.masterSalt, label: .rtpSalt, length: 14)
        #expect(cipherSalt == bytes("30cbbc08863d8c85d49db34a9ae1"))
        // B.3 prints 94 octets of the authentication key; SRTP uses the first 20.
        let authKey = try SRTPKeyDerivation.derive(
            masterKey: Self.masterKey, masterSalt: Self.masterSalt, label: .rtpAuthentication, length: 94)
        #expect(
            authKey
                == bytes(
                    "cebe321f6ff7716b6fd4ab49af256a15", "6d38baa48f0a0acf3c34e2359e6cdbce",
                    "e049646c43d9327ad175578ef7227098", "6371c10c9a369ac2f94a8c5fbcdddc25",
                    "6d6e919a48b610ef17c2041e47403576", "6b68642c59bbfc2f34db60dbdfb2"))
        let keys = try SRTPKeyDerivation.sessionKeys(
            suite: .aesCm128HmacSha1_80, masterKeyAndSalt: Self.masterKey + Self.masterSalt)
        #expect(keys.rtpKey == cipherKey)
        #expect(keys.rtpSalt == cipherSalt)
        #expect(keys.rtpAuthKey == Array(authKey[..<20]))
        // SRTCP's labels give other keys.
        #expect(keys.rtcpKey != keys.rtpKey && keys.rtcpSalt != keys.rtpSalt && keys.rtcpAuthKey != keys.rtpAuthKey)
        #expect(keys.rtcpKey.count == 16 && keys.rtcpSalt.count == 14 && keys.rtcpAuthKey.count == 20)
    }

    @Test func gcmKeyDerivationLengths() throws {
        let keys128 = try SRTPKeyDerivation.sessionKeys(suite: .aeadAes128Gcm, masterKeyAndSalt: [UInt8](0..<28))
        #expect(keys128.rtpKey.count == 16 && keys128.rtpSalt.count == 12 && keys128.rtpAuthKey.isEmpty)
        let keys256 = try SRTPKeyDerivation.sessionKeys(suite: .aeadAes256Gcm, masterKeyAndSalt: [UInt8](0..<44))
        #expect(keys256.rtcpKey.count == 32 && keys256.rtcpSalt.count == 12 && keys256.rtcpAuthKey.isEmpty)
        // The 12-byte salt is padded to 14 with zeros: the first 12 bytes of
        // a derivation with that padding written out agree.
        let padded = try SRTPKeyDerivation.derive(
            masterKey: [UInt8](0..<16), masterSalt: [UInt8](16..<28) + [0, 0], label: .rtpSalt, length: 12)
        #expect(keys128.rtpSalt == padded)
    }

    // MARK: RFC 7714 §16: SRTP with AES-GCM

    static let gcmKey128 = bytes("000102030405060708090a0b0c0d0e0f")
    static let gcmKey256 = bytes("000102030405060708090a0b0c0d0e0f", "101112131415161718191a1b1c1d1e1f")
    /// "Quid pro quo".
    static let gcmSalt = bytes("517569642070726f2071756f")

    /// §16: SSRC 0x5501a0b2, sequence 0xf17b, ROC 0, "Gallia est omnis divisa in partes tres".
    static let rtp = bytes(
        "8040f17b8041f8d35501a0b2",
        "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573")

    /// §17: an SR from SSRC "Mars", protected with SRTCP index 0x5d4.
    static let rtcp = bytes(
        "81c8000d4d617273",
        "4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef")

    struct GCMVector: Sendable, CustomTestStringConvertible {
        let suite: SRTPCryptoSuite
        let key: [UInt8]
        let srtp: [UInt8]
        let srtcp: [UInt8]
        var testDescription: String { suite.rawValue }
    }

    static let gcmVectors: [GCMVector] = [
        GCMVector(
            suite: .aeadAes128Gcm, key: gcmKey128,
            srtp: bytes(  // §16.1.1
                "8040f17b8041f8d35501a0b2",  // header (associated data)
                "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833",  // ciphertext
                "899d7f27beb16a9152cf765ee4390cce"  // tag
            ),
            srtcp: bytes(  // §17.1
                "81c8000d4d617273",  // header (associated data)
                "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b",  // ciphertext
                "c84aa45896cf4d2fc5abf87245d9eade",  // tag
                "800005d4"  // E=1, index 0x5d4 (associated data too)
            )),
        GCMVector(
            suite: .aeadAes256Gcm, key: gcmKey256,
            srtp: bytes(  // §16.2.1
                "8040f17b8041f8d35501a0b2",
                "32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b",
                "7aa3db36dfffd6b0f9bb7878d7a76c13"
            ),
            srtcp: bytes(  // §17.2
                "81c8000d4d617273",
                "d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad",
                "1d1eb30c4446839f57ff6f6cb26ac3be",
                "800005d4"
            )),
    ]

    static func session(_ vector: GCMVector, _ direction: SRTPSession.Direction) throws -> SRTPSession {
        let keys = SRTPSessionKeys(
            rtpKey: vector.key, rtpAuthKey: [], rtpSalt: gcmSalt, rtcpKey: vector.key, rtcpAuthKey: [], rtcpSalt: gcmSalt)
        return try SRTPSession(suite: vector.suite, direction: direction, sessionKeys: keys)
    }

    @Test(arguments: gcmVectors) func gcmSRTP(_ vector: GCMVector) throws {
        #expect(vector.srtp.count == Self.rtp.count + 16)
        #expect(try Self.session(vector, .outbound).protectRTP(Self.rtp) == vector.srtp)
        #expect(try Self.session(vector, .inbound).unprotectRTP(vector.srtp) == Self.rtp)
    }

    @Test(arguments: gcmVectors) func gcmSRTCP(_ vector: GCMVector) throws {
        #expect(vector.srtcp.count == Self.rtcp.count + 16 + 4)
        #expect(try Self.session(vector, .inbound).unprotectRTCP(vector.srtcp) == Self.rtcp)
        // Protect counts the SRTCP index from 1: the vector's 0x5d4 is the 1,492nd packet.
        let outbound = try Self.session(vector, .outbound)
        for _ in 1..<0x5D4 { _ = try outbound.protectRTCP(Self.rtcp) }
        #expect(try outbound.protectRTCP(Self.rtcp) == vector.srtcp)
    }

    /// §17.3 (AEAD_AES_128_GCM, E flag clear): nothing encrypted, the whole
    /// packet and the trailer are associated data.
    @Test func gcmSRTCPTagOnly() throws {
        let tagged = Self.rtcp + bytes("841dd9683dd78ec92ae58790125f62b3", "000005d4")
        let inbound = try Self.session(Self.gcmVectors[0], .inbound)
        #expect(try inbound.unprotectRTCP(tagged) == Self.rtcp)
        // A flipped bit of the clear packet fails, as in an encrypted one.
        var tampered = tagged
        tampered[20] ^= 0x01
        let fresh = try Self.session(Self.gcmVectors[0], .inbound)
        #expect(throws: SRTPError.authenticationFailed) { try fresh.unprotectRTCP(tampered) }
    }

    /// The IVs of §16.1 and §17.1, through the packets: what the vectors
    /// above exercise, stated as the RFC prints them.
    @Test func gcmIVsArePrintedOnes() throws {
        // §16.1: 51753c6580c2726f20718414 = salt XOR 0000 5501a0b2 00000000 f17b.
        let srtpIV = zip(Self.gcmSalt, bytes("00005501a0b200000000f17b")).map { $0 ^ $1 }
        #expect(srtpIV == bytes("51753c6580c2726f20718414"))
        // §17.1: 517524055203726f207170bb = salt XOR 0000 4d617273 0000 000005d4.
        let srtcpIV = zip(Self.gcmSalt, bytes("00004d6172730000000005d4")).map { $0 ^ $1 }
        #expect(srtcpIV == bytes("517524055203726f207170bb"))
    }
}
