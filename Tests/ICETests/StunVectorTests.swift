import Testing

@testable import ICE

/// RFC 5769: sample messages with known short-term credentials, checked by
/// an implementation other than ours.
@Suite("STUN test vectors (RFC 5769)")
struct StunVectorTests {
    /// The password of all three samples.
    static let password = Array("VOkJxbRl1RmTxUk/WvJxBt".utf8)
    static let transactionID = StunTransactionID(high: 0xB7E7_A701, low: 0xBC34_D686_FA87_DFAE)

    /// §2.1 Sample Request.
    static let request = hex(
        "00 01 00 58",  // Binding request, length 88
        "21 12 a4 42",  // magic cookie
        "b7 e7 a7 01",  // transaction id
        "bc 34 d6 86",
        "fa 87 df ae",
        "80 22 00 10",  // SOFTWARE, 16 bytes
        "53 54 55 4e",  // "STUN test client"
        "20 74 65 73",
        "74 20 63 6c",
        "69 65 6e 74",
        "00 24 00 04",  // PRIORITY
        "6e 00 01 ff",  // 0x6E0001FF
        "80 29 00 08",  // ICE-CONTROLLED
        "93 2f f9 b1",  // tie-breaker
        "51 26 3b 36",
        "00 06 00 09",  // USERNAME, 9 bytes
        "65 76 74 6a",  // "evtj:h6vY" and 3 bytes of padding (spaces)
        "3a 68 36 76",
        "59 20 20 20",
        "00 08 00 14",  // MESSAGE-INTEGRITY
        "9a ea a7 0c",  // HMAC-SHA1
        "bf d8 cb 56",
        "78 1e f2 b5",
        "b2 d3 f2 49",
        "c1 b5 71 a2",
        "80 28 00 04",  // FINGERPRINT
        "e5 7a 3b cf"  // CRC-32 xor 0x5354554E
    )

    /// §2.2 Sample IPv4 Response.
    static let ipv4Response = hex(
        "01 01 00 3c",  // Binding success response, length 60
        "21 12 a4 42",  // magic cookie
        "b7 e7 a7 01",  // transaction id
        "bc 34 d6 86",
        "fa 87 df ae",
        "80 22 00 0b",  // SOFTWARE, 11 bytes
        "74 65 73 74",  // "test vector" and 1 byte of padding (a space)
        "20 76 65 63",
        "74 6f 72 20",
        "00 20 00 08",  // XOR-MAPPED-ADDRESS, 8 bytes
        "00 01 a1 47",  // IPv4, port 32853 xor 0x2112
        "e1 12 a6 43",  // 192.0.2.1 xor the magic cookie
        "00 08 00 14",  // MESSAGE-INTEGRITY
        "2b 91 f5 99",  // HMAC-SHA1
        "fd 9e 90 c3",
        "8c 74 89 f9",
        "2a f9 ba 53",
        "f0 6b e7 d7",
        "80 28 00 04",  // FINGERPRINT
        "c0 7d 4c 96"  // CRC-32 xor 0x5354554E
    )

    /// §2.3 Sample IPv6 Response.
    static let ipv6Response = hex(
        "01 01 00 48",  // Binding success response, length 72
        "21 12 a4 42",  // magic cookie
        "b7 e7 a7 01",  // transaction id
        "bc 34 d6 86",
        "fa 87 df ae",
        "80 22 00 0b",  // SOFTWARE, 11 bytes
        "74 65 73 74",  // "test vector" and 1 byte of padding
        "20 76 65 63",
        "74 6f 72 20",
        "00 20 00 14",  // XOR-MAPPED-ADDRESS, 20 bytes
        "00 02 a1 47",  // IPv6, port 32853 xor 0x2112
        "01 13 a9 fa",  // 2001:db8:1234:5678:11:2233:4455:6677 xor cookie and transaction id
        "a5 d3 f1 79",
        "bc 25 f4 b5",
        "be d2 b9 d9",
        "00 08 00 14",  // MESSAGE-INTEGRITY
        "a3 82 95 4e",  // HMAC-SHA1
        "4b e6 7b f1",
        "17 84 c9 7c",
        "82 92 c2 75",
        "bf e3 ed 41",
        "80 28 00 04",  // FINGERPRINT
        "c8 fb 0b 4c"  // CRC-32 xor 0x5354554E
    )

    static let mappedIPv4 = IceAddress(ipv4: 0xC000_0201, port: 32853)
    static let mappedIPv6 = IceAddress(ipv6High: 0x2001_0DB8_1234_5678, low: 0x0011_2233_4455_6677, port: 32853)

    @Test func sampleRequestParsesAndVerifies() throws {
        let fields = try parseFields(Self.request)
        #expect(fields.type == StunMessageType(.request, .binding))
        #expect(fields.transactionID == Self.transactionID)
        #expect(fields.priority == 0x6E00_01FF)
        #expect(fields.iceControlled == 0x932F_F9B1_5126_3B36)
        #expect(fields.iceControlling == nil && !fields.useCandidate)
        #expect(fields.usernameRange.map { Array(Self.request[$0]) } == Array("evtj:h6vY".utf8))
        #expect(fields.messageIntegrityOffset == 76 && fields.fingerprintOffset == 100)
        Self.request.withUnsafeBytes { raw in
            #expect(fields.verifyMessageIntegrity(key: Self.password, in: raw))
            #expect(!fields.verifyMessageIntegrity(key: Array("VOkJxbRl1RmTxUk/WvJxBT".utf8), in: raw))
            #expect(fields.usernameStarts(with: Array("evtj".utf8), in: raw))
            #expect(!fields.usernameStarts(with: Array("h6vY".utf8), in: raw))
            #expect(fields.localUsernameFragmentRange(in: raw) == 64..<68)  // "evtj"
        }

        let message = try StunMessage(parsing: Self.request)
        #expect(
            message.attributes == [
                .software("STUN test client"), .priority(0x6E00_01FF), .iceControlled(0x932F_F9B1_5126_3B36),
                .username("evtj:h6vY"),
            ])
        #expect(message.messageIntegrity == .value(Array(Self.request[80..<100])))
        #expect(message.fingerprint)
    }

    @Test func ipv4ResponseParsesAndVerifies() throws {
        let fields = try parseFields(Self.ipv4Response)
        #expect(fields.type == StunMessageType(.successResponse, .binding))
        #expect(fields.xorMappedAddress == Self.mappedIPv4)
        #expect(fields.xorMappedAddress?.description == "192.0.2.1:32853")
        Self.ipv4Response.withUnsafeBytes { raw in
            #expect(fields.verifyMessageIntegrity(key: Self.password, in: raw))
        }
        let message = try StunMessage(parsing: Self.ipv4Response)
        #expect(message.attributes == [.software("test vector"), .xorMappedAddress(Self.mappedIPv4)])
    }

    @Test func ipv6ResponseParsesAndVerifies() throws {
        let fields = try parseFields(Self.ipv6Response)
        #expect(fields.xorMappedAddress == Self.mappedIPv6)
        #expect(fields.xorMappedAddress?.description == "[2001:db8:1234:5678:11:2233:4455:6677]:32853")
        Self.ipv6Response.withUnsafeBytes { raw in
            #expect(fields.verifyMessageIntegrity(key: Self.password, in: raw))
        }
    }

    /// Our writer gives the vectors' XOR-MAPPED-ADDRESS bytes, and messages
    /// rebuilt from the vectors (padding zeroed) verify with the same key.
    @Test func rebuiltMessagesKeepTheVectorsFields() throws {
        for (vector, address) in [(Self.ipv4Response, Self.mappedIPv4), (Self.ipv6Response, Self.mappedIPv6)] {
            var message = try StunMessage(parsing: vector)
            message.messageIntegrity = .key(Self.password)
            let bytes = message.bytes
            let xorStart = 36
            let xorLength = address.family == .ipv4 ? 12 : 24
            #expect(bytes[xorStart..<(xorStart + xorLength)] == vector[xorStart..<(xorStart + xorLength)])
            #expect(bytes.count == vector.count)
            let fields = try parseFields(bytes)
            bytes.withUnsafeBytes { raw in #expect(fields.verifyMessageIntegrity(key: Self.password, in: raw)) }
            #expect(fields.xorMappedAddress == address)
        }
    }

    @Test func aFlippedBitBreaksTheFingerprintOrTheIntegrity() throws {
        var corrupted = Self.request
        corrupted[40] ^= 0x01  // inside PRIORITY
        #expect(throws: StunParseError.badFingerprint) { try parseFields(corrupted) }

        // Without FINGERPRINT (length 80) the original still verifies, the changed one not.
        for (bytes, valid) in [(Self.request, true), (corrupted, false)] {
            var unfingerprinted = Array(bytes[..<100])
            unfingerprinted[3] = 0x50
            let fields = try parseFields(unfingerprinted)
            #expect(!fields.hasFingerprint)
            unfingerprinted.withUnsafeBytes { raw in
                #expect(fields.verifyMessageIntegrity(key: Self.password, in: raw) == valid)
            }
        }
    }
}
