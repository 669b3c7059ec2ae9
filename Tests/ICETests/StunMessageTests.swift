import Testing

@testable import ICE

@Suite("STUN messages (RFC 8489)")
struct StunMessageTests {
    static let transactionID = StunTransactionID(high: 0xB7E7_A701, low: 0xBC34_D686_FA87_DFAE)

    /// A Binding success response from our writer, its digests computed by
    /// Python's hmac and zlib: XOR-MAPPED-ADDRESS 192.0.2.1:32853, keyed with
    /// RFC 5769's password (the IPv4 sample without SOFTWARE).
    static let successResponse = hex(
        "01 01 00 2c",  // Binding success response, length 44
        "21 12 a4 42",  // magic cookie
        "b7 e7 a7 01",  // transaction id
        "bc 34 d6 86",
        "fa 87 df ae",
        "00 20 00 08",  // XOR-MAPPED-ADDRESS, 8 bytes
        "00 01 a1 47",  // IPv4, port 32853 xor 0x2112
        "e1 12 a6 43",  // 192.0.2.1 xor the magic cookie
        "00 08 00 14",  // MESSAGE-INTEGRITY
        "74 c9 37 1e",  // HMAC-SHA1 with the length field at 44
        "bf 31 48 54",
        "85 18 69 9c",
        "3e 31 74 c2",
        "0d d9 e6 8a",
        "80 28 00 04",  // FINGERPRINT
        "fa e4 04 3a"  // CRC-32 xor 0x5354554E
    )

    /// A Binding error response 401, from our writer, its CRC computed by zlib.
    static let unauthenticated = hex(
        "01 11 00 20",  // Binding error response, length 32
        "21 12 a4 42",  // magic cookie
        "b7 e7 a7 01",  // transaction id
        "bc 34 d6 86",
        "fa 87 df ae",
        "00 09 00 13",  // ERROR-CODE, 19 bytes
        "00 00 04 01",  // class 4, number 1
        "55 6e 61 75",  // "Unauthenticated" and 1 byte of padding
        "74 68 65 6e",
        "74 69 63 61",
        "74 65 64 00",
        "80 28 00 04",  // FINGERPRINT
        "c4 72 ad 1c"  // CRC-32 xor 0x5354554E
    )

    @Test func messageTypesEncodeClassAndMethod() {
        #expect(StunMessageType(.request).rawValue == 0x0001)
        #expect(StunMessageType(.indication).rawValue == 0x0011)
        #expect(StunMessageType(.successResponse).rawValue == 0x0101)
        #expect(StunMessageType(.errorResponse).rawValue == 0x0111)
        #expect(StunMessageType(.request, StunMethod(rawValue: 0x003)).rawValue == 0x0003)  // TURN Allocate
        let spread = StunMessageType(.errorResponse, StunMethod(rawValue: 0xFFF))
        #expect(spread.rawValue == 0x3FFF)
        #expect(StunMessageType(rawValue: 0x3FFF) == spread)
        for raw: UInt16 in [0x0001, 0x0011, 0x0101, 0x0111, 0x0003, 0x2A5C] {
            #expect(StunMessageType(rawValue: raw).rawValue == raw)
        }
    }

    @Test func writesTheSuccessResponseByteExact() throws {
        let message = StunMessage(
            type: StunMessageType(.successResponse), transactionID: Self.transactionID,
            attributes: [.xorMappedAddress(IceAddress(ipv4: 0xC000_0201, port: 32853))],
            messageIntegrity: .key(Array("VOkJxbRl1RmTxUk/WvJxBt".utf8)))
        #expect(serialized(message) == Self.successResponse)
        let parsed = try StunMessage(parsing: Self.successResponse)
        #expect(parsed.attributes == message.attributes)
        #expect(parsed.messageIntegrity == .value(Array(Self.successResponse[36..<56])))
        #expect(parsed.bytes == Self.successResponse)
    }

    @Test func writesTheErrorResponseByteExact() throws {
        let message = StunMessage(
            type: StunMessageType(.errorResponse), transactionID: Self.transactionID,
            attributes: [.errorCode(401, reason: "Unauthenticated")])
        #expect(serialized(message) == Self.unauthenticated)
        let fields = try parseFields(Self.unauthenticated)
        #expect(fields.errorCode == 401)
        #expect(fields.errorReasonRange.map { Array(Self.unauthenticated[$0]) } == Array("Unauthenticated".utf8))
        #expect(fields.messageIntegrityOffset == nil && fields.hasFingerprint)
    }

    @Test func roundTripsEveryAttribute() throws {
        let message = StunMessage(
            type: StunMessageType(.request), transactionID: StunTransactionID(high: 1, low: 2),
            attributes: [
                .username("abcd:efgh"), .software("mafalda"), .priority(0x6E7F_1EFF), .useCandidate,
                .iceControlling(0x0102_0304_0506_0708), .iceControlled(42), .nomination(3),
                .xorMappedAddress(IceAddress(ipv6High: 0xFE80_0000_0000_0000, low: 1, port: 9)),
                .errorCode(487, reason: "Role Conflict"), .other(type: 0xABCD, value: [1, 2, 3, 4, 5]),
            ],
            messageIntegrity: .key([1, 2, 3]))
        let bytes = serialized(message)
        let parsed = try StunMessage(parsing: bytes)
        #expect(parsed.attributes == message.attributes)
        let fields = try parseFields(bytes)
        #expect(fields.priority == 0x6E7F_1EFF && fields.useCandidate && fields.nomination == 3)
        #expect(fields.iceControlling == 0x0102_0304_0506_0708 && fields.iceControlled == 42)
        #expect(fields.errorCode == 487)
        #expect(fields.xorMappedAddress?.ipString == "fe80::1")
        bytes.withUnsafeBytes { raw in #expect(fields.verifyMessageIntegrity(key: [1, 2, 3], in: raw)) }
        let nomination = parsed.first { attribute -> UInt32? in
            if case .nomination(let value) = attribute { value } else { nil }
        }
        #expect(nomination == 3)
    }

    @Test func rejectsBadFraming() {
        let valid = Self.successResponse
        #expect(throws: StunParseError.truncated(needed: 20, had: 19)) { try parseFields(Array(valid[..<19])) }
        var topBits = valid
        topBits[0] |= 0x40
        #expect(throws: StunParseError.notStun) { try parseFields(topBits) }
        var cookie = valid
        cookie[4] = 0x22
        #expect(throws: StunParseError.notStun) { try parseFields(cookie) }
        #expect(throws: StunParseError.badLength(field: 44, had: 40)) { try parseFields(Array(valid[..<60])) }
        var unaligned = valid + [0, 0]
        unaligned[3] = 46
        #expect(throws: StunParseError.badLength(field: 46, had: 46)) { try parseFields(unaligned) }
    }

    @Test func rejectsBadAttributes() {
        let header = hex("00 01 00 08", "21 12 a4 42", "00 00 00 01 00 00 00 02 00 00 00 03")
        // PRIORITY of 3 bytes (padded to 4).
        #expect(throws: StunParseError.badAttribute(type: 0x0024, length: 3)) {
            try parseFields(header + hex("00 24 00 03", "01 02 03 00"))
        }
        // An unknown attribute whose value overruns the message.
        #expect(throws: StunParseError.badAttribute(type: 0x7777, length: 8)) {
            try parseFields(header + hex("77 77 00 08", "01 02 03 04"))
        }
        // USE-CANDIDATE with a value.
        #expect(throws: StunParseError.badAttribute(type: 0x0025, length: 4)) {
            try parseFields(header + hex("00 25 00 04", "00 00 00 00"))
        }
        // XOR-MAPPED-ADDRESS of family 3.
        var family = header + hex("00 20 00 08", "00 03 00 00", "00 00 00 00")
        family[3] = 12
        #expect(throws: StunParseError.badAttribute(type: 0x0020, length: 8)) { try parseFields(family) }
        // ERROR-CODE of class 7.
        var errorClass = header + hex("00 09 00 04", "00 00 07 00")
        errorClass[3] = 8
        #expect(throws: StunParseError.badAttribute(type: 0x0009, length: 4)) { try parseFields(errorClass) }
        // USERNAME that is not UTF-8.
        #expect(throws: StunParseError.badAttribute(type: 0x0006, length: 2)) {
            try parseFields(header + hex("00 06 00 02", "c3 28 00 00"))
        }
    }

    @Test func nothingMayFollowFingerprint() throws {
        // A FINGERPRINT right for its 20-byte prefix, then an empty SOFTWARE.
        var message = hex("00 01 00 0c", "21 12 a4 42", "b7 e7 a7 01 bc 34 d6 86 fa 87 df ae")
        let crc = message.withUnsafeBytes { StunCrypto.crc32($0) } ^ 0x5354_554E
        message += hex("80 28 00 04") + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: crc >> $0) }
        message += hex("80 22 00 00")
        #expect(throws: StunParseError.attributeAfterFingerprint) { try parseFields(message) }
    }

    @Test func skipsUnknownAttributesAndIgnoresWhatFollowsIntegrity() throws {
        let bytes = hex(
            "00 01 00 34",  // Binding request, length 52
            "21 12 a4 42",
            "00 00 00 01 00 00 00 02 00 00 00 03",
            "7f 01 00 03",  // an unknown comprehension-required attribute, 3 bytes
            "aa bb cc 00",
            "00 24 00 04",  // PRIORITY 7
            "00 00 00 07",
            "00 24 00 04",  // a second PRIORITY (ignored: the first counts)
            "00 00 00 08",
            "00 08 00 14",  // MESSAGE-INTEGRITY (not checked here)
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            "00 25 00 00"  // USE-CANDIDATE after MESSAGE-INTEGRITY: ignored
        )
        let fields = try parseFields(bytes)
        #expect(fields.priority == 7)
        #expect(!fields.useCandidate)
        #expect(fields.messageIntegrityOffset == 44)
        let message = try StunMessage(parsing: bytes)
        #expect(message.attributes == [.other(type: 0x7F01, value: [0xAA, 0xBB, 0xCC]), .priority(7), .priority(8)])
        #expect(!message.fingerprint)
    }

    @Test func addressesPrintAsText() {
        #expect(IceAddress(ipv4: 0x7F00_0001, port: 5000).description == "127.0.0.1:5000")
        #expect(IceAddress(ipv6High: 0, low: 1, port: 1).description == "[::1]:1")
        let twoRuns = IceAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0x0001_0000_0000_0001, port: 0)
        #expect(twoRuns.ipString == "2001:db8::1:0:0:1")  // the first of two equal runs
        let oneZero = IceAddress(ipv6High: 0x2001_0DB8_0000_0001, low: 0x0001_0001_0001_0001, port: 0)
        #expect(oneZero.ipString == "2001:db8:0:1:1:1:1:1")  // a single zero group stays
        #expect(IceAddress(ipv6High: 0, low: 0, port: 0).ipString == "::")
        #expect(IceAddress(addressBytes: [10, 0, 0, 1], port: 7) == IceAddress(ipv4: 0x0A00_0001, port: 7))
        #expect(IceAddress(addressBytes: [1, 2, 3], port: 7) == nil)
        let six = IceAddress(addressBytes: (1...16).map { UInt8($0) }, port: 7)
        #expect(six?.addressBytes == (1...16).map { UInt8($0) })
        #expect(StunTransactionID(bytes: Self.transactionID.bytes) == Self.transactionID)
    }
}

/// Serializes `message` into a larger buffer, checking that the count written
/// equals `serializedSize` and that `bytes` agrees.
func serialized(_ message: StunMessage) -> [UInt8] {
    var buffer = [UInt8](repeating: 0xEE, count: message.serializedSize + 16)
    let written = buffer.withUnsafeMutableBytes { message.serialize(into: $0) }
    #expect(written == message.serializedSize)
    #expect(Array(buffer[0..<written]) == message.bytes)
    return Array(buffer[0..<written])
}
