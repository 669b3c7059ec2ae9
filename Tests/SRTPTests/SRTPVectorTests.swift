import Testing
@testable import SRTP

/// Known-answer tests: a known packet protected under a known master key must
/// give exactly these bytes, and unprotect them back.
///
/// The expected bytes come from two implementations that agree byte for byte:
/// pylibsrtp 1.0.0 (PyPI; the libsrtp bundled in its wheel) and an independent
/// RFC 3711 / RFC 7714 reference written on pyca/cryptography's AES-CTR,
/// AES-GCM and HMAC-SHA1, whose key derivation first reproduces the session
/// keys RFC 3711 Appendix B.3 publishes. Regenerate with
/// `scripts/srtp-test-vectors.py`.
///
/// The AES-CM suites use the RFC 3711 Appendix B.3 master key and salt, so the
/// ciphertext below is the payload XOR the keystream of B.3's session key
/// C61E7A93744F39EE10734AFE3FF7A087 and session salt 30CBBC08863D8C85D49DB34A9AE1,
/// and the tag is HMAC-SHA1 under B.3's auth key CEBE321F…BAA4.
@Suite struct SRTPVectorTests {
    /// RFC 3711 B.3 master key (16 bytes) then master salt (14 bytes).
    static let rfc3711Key = bytes(
        "e1f97a0d3e018be0d64fa32c06de4139",  // master key
        "0ec675ad498afeebb6960b3aabe6"  // master salt
    )
    /// AEAD_AES_128_GCM: key 00…0f, salt 10…1b.
    static let gcm128Key = [UInt8](0..<28)
    /// AEAD_AES_256_GCM: key 00…1f, salt 20…2b.
    static let gcm256Key = [UInt8](0..<44)

    /// RTP: V=2, PT=96, seq 0x1234, ts 0xdecafbad, SSRC 0xcafebabe, payload 00…13.
    static let rtp = bytes(
        "80601234decafbadcafebabe",  // header
        "000102030405060708090a0b0c0d0e0f10111213"  // payload (20 bytes)
    )
    /// RTCP PLI (PT=206, FMT=1): sender SSRC 0xcafebabe, media SSRC 0x11223344.
    static let rtcp = bytes(
        "81ce0002cafebabe",  // header and sender SSRC (stay clear)
        "11223344"  // media SSRC (encrypted)
    )

    struct Vector: Sendable, CustomTestStringConvertible {
        let suite: SRTPCryptoSuite
        let key: [UInt8]
        let srtp: [UInt8]
        let srtcp: [UInt8]
        var testDescription: String { suite.rawValue }
    }

    static let vectors: [Vector] = [
        Vector(
            suite: .aesCm128HmacSha1_80, key: rfc3711Key,
            srtp: bytes(
                "80601234decafbadcafebabe",  // header, clear
                "e5ff75e44837d5742f0673b5333b81a68f0181f1",  // AES-CM ciphertext
                "49b191379405cecfb17b"  // HMAC-SHA1-80 tag
            ),
            srtcp: bytes(
                "81ce0002cafebabe",  // header, clear
                "cba19bb4",  // ciphertext
                "80000001",  // E=1, SRTCP index 1
                "32dce6d84908fd0db7cd"  // HMAC-SHA1-80 tag
            )),
        Vector(
            suite: .aesCm128HmacSha1_32, key: rfc3711Key,
            srtp: bytes(
                "80601234decafbadcafebabe",  // header, clear
                "e5ff75e44837d5742f0673b5333b81a68f0181f1",  // same ciphertext as _80
                "49b19137"  // HMAC-SHA1 truncated to 32 bits: the _80 tag's first 4 bytes
            ),
            srtcp: bytes(
                "81ce0002cafebabe",  // header, clear
                "cba19bb4",  // ciphertext
                "80000001",  // E=1, SRTCP index 1
                "32dce6d84908fd0db7cd"  // SRTCP keeps the 80-bit tag (RFC 5764 §4.1.2)
            )),
        Vector(
            suite: .aeadAes128Gcm, key: gcm128Key,
            srtp: bytes(
                "80601234decafbadcafebabe",  // header, clear (associated data)
                "e17d710df01d503c8e17f669ece7fb69d2daf8c3",  // AES-128-GCM ciphertext
                "64cb30b5d4e8109ae2467278b8b8f272"  // GCM tag
            ),
            srtcp: bytes(
                "81ce0002cafebabe",  // header, clear (associated data)
                "da3f1456",  // ciphertext
                "7ff67683a28ac9e68dbb039118a3dde9",  // GCM tag
                "80000001"  // E=1, SRTCP index 1 (associated data)
            )),
        Vector(
            suite: .aeadAes256Gcm, key: gcm256Key,
            srtp: bytes(
                "80601234decafbadcafebabe",  // header, clear (associated data)
                "7ee47f9a08c55293014d1af53003704cda83930d",  // AES-256-GCM ciphertext
                "886a8b2b5f045501f07cdacb52e51048"  // GCM tag
            ),
            srtcp: bytes(
                "81ce0002cafebabe",  // header, clear (associated data)
                "a85c0e21",  // ciphertext
                "98fcba9d77ed4474b3207a4f80f429b0",  // GCM tag
                "80000001"  // E=1, SRTCP index 1 (associated data)
            )),
    ]

    @Test(arguments: vectors) func protectsToTheVector(_ vector: Vector) throws {
        let outbound = try SRTPSession(suite: vector.suite, direction: .outbound, masterKey: vector.key)
        #expect(try outbound.protectRTP(Self.rtp) == vector.srtp)
        #expect(try outbound.protectRTCP(Self.rtcp) == vector.srtcp)
    }

    @Test(arguments: vectors) func unprotectsTheVector(_ vector: Vector) throws {
        let inbound = try SRTPSession(suite: vector.suite, direction: .inbound, masterKey: vector.key)
        #expect(try inbound.unprotectRTP(vector.srtp) == Self.rtp)
        #expect(try inbound.unprotectRTCP(vector.srtcp) == Self.rtcp)
    }

    /// A header with one CSRC and a one-byte-header extension (RFC 8285) stays
    /// clear; then sequence 0xffff → 0x0000 rolls the ROC to 1, which enters the
    /// AES-CM IV and the HMAC (RFC 3711 §3.3.1) and the GCM IV (RFC 7714 §8.1).
    static let extensionPacket = bytes(
        "91e1ffffdecafbadcafebabe",  // V=2 X=1 CC=1, M=1 PT=97, seq 0xffff
        "01020304",  // CSRC
        "bede0001",  // one-byte header extensions, 1 word
        "12123456",  // id 1 len 3: 12 34 56
        "404142434445464748494a4b4c4d4e4f"  // payload
    )
    static let rolloverPacket = bytes(
        "80610000decafbadcafebabe",  // seq 0x0000 after 0xffff: ROC 1
        "404142434445464748494a4b4c4d4e4f"  // payload
    )

    @Test func extensionsStayClearAndRolloverCounts() throws {
        let cases: [(SRTPCryptoSuite, [UInt8], [UInt8], [UInt8])] = [
            (
                .aesCm128HmacSha1_80, Self.rfc3711Key,
                bytes(
                    "91e1ffffdecafbadcafebabe01020304bede000112123456",  // header, CSRC, extension: clear
                    "18847f146842ec996f08be745df1f85c",  // ciphertext
                    "013db4f50c9951cfc8fe"  // tag
                ),
                bytes(
                    "80610000decafbadcafebabe",  // header
                    "cf0610c5737952c6259b56761a1bd3be",  // ciphertext under ROC 1
                    "ea8870af7019e2be6f83"  // tag over packet || ROC 1
                )
            ),
            (
                .aeadAes128Gcm, Self.gcm128Key,
                bytes(
                    "91e1ffffdecafbadcafebabe01020304bede000112123456",  // header, CSRC, extension: associated data
                    "0bee8026f5075118e8eeddcae7d82f1b",  // ciphertext
                    "2db9ed63c1d76cd8ea91581cf2c7cf4b"  // GCM tag
                ),
                bytes(
                    "80610000decafbadcafebabe",  // header
                    "1fdad37221d1ef15f5ad994c2a99facb",  // ciphertext, IV with ROC 1
                    "fb55954ed9a53488de649938ab245eda"  // GCM tag
                )
            ),
        ]
        for (suite, key, expectedExtension, expectedRollover) in cases {
            let outbound = try SRTPSession(suite: suite, direction: .outbound, masterKey: key)
            #expect(try outbound.protectRTP(Self.extensionPacket) == expectedExtension, "\(suite)")
            #expect(try outbound.protectRTP(Self.rolloverPacket) == expectedRollover, "\(suite)")
            let inbound = try SRTPSession(suite: suite, direction: .inbound, masterKey: key)
            #expect(try inbound.unprotectRTP(expectedExtension) == Self.extensionPacket, "\(suite)")
            #expect(try inbound.unprotectRTP(expectedRollover) == Self.rolloverPacket, "\(suite)")
        }
    }
}

/// Hex rows to bytes (test constants only; a bad digit fails the test that uses it).
func bytes(_ rows: String...) -> [UInt8] {
    let digits = Array(rows.joined().utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map { index in
        UInt8(hexDigit(digits[index]) << 4 | hexDigit(digits[index + 1]))
    }
}

private func hexDigit(_ character: UInt8) -> UInt8 {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
    default: 0xFF
    }
}
