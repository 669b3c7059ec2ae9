import Testing

@testable import RTP

@Suite("RTP header extensions (RFC 8285)")
struct RTPHeaderExtensionTests {
    /// RFC 8285 §4.2's one-byte example layout: L=0, L=1, two padding bytes, L=3.
    static let oneByte = hex(
        "90 e0 00 01",  // V=2 X=1 | M=1 PT=96 | sequence number 1
        "00 00 00 64",  // timestamp 100
        "aa bb cc dd",  // SSRC
        "be de 00 03",  // profile 0xBEDE, 3 words
        "10 61 21 23",  // id=1 L=0 "a" | id=2 L=1 0x23...
        "45 00 00 33",  // ...0x45 | pad | pad | id=3 L=3
        "01 02 03 04",  // id 3's 4 bytes
        "ca fe ba be"  // payload
    )

    /// RFC 8285 §4.3's two-byte example layout: L=0, L=1, one padding byte, L=4.
    static let twoByte = hex(
        "90 60 00 02",  // V=2 X=1 | PT=96 | sequence number 2
        "00 00 00 64",  // timestamp 100
        "aa bb cc dd",  // SSRC
        "10 00 00 03",  // profile 0x1000 (appbits 0), 3 words
        "01 00 02 01",  // id=1 L=0 | id=2 L=1
        "42 00 03 04",  // 0x42 | pad | id=3 L=4
        "01 02 03 04",  // id 3's 4 bytes
        "ca fe"  // payload
    )

    /// What Chrome sends with Opus: audio level, abs-send-time, transport-wide-cc, mid.
    static let chromeAudio = hex(
        "90 6f 00 01",  // V=2 X=1 | PT=111 | sequence number 1
        "00 00 ba be",  // timestamp
        "01 02 03 04",  // SSRC
        "be de 00 03",  // one-byte form, 3 words
        "10 a5 22 12",  // id=1 L=0 V=1 level 37 | id=2 L=2 0x12...
        "34 56 31 00",  // ...0x3456 | id=3 L=1 0x00...
        "2a 40 30 00",  // ...0x2a | id=4 L=0 "0" | pad
        "fc ff"  // Opus payload
    )

    @Test func iteratesTheOneByteForm() throws {
        let packet = try RTPPacket(parsing: Self.oneByte)
        #expect(packet.header.extensionProfile == .oneByte)
        #expect(packet.header.extensionRange == 16..<28)
        #expect(packet.header.payloadOffset == 28)
        #expect(
            packet.headerExtensions == [
                RTPHeaderExtension(id: 1, value: [0x61]),
                RTPHeaderExtension(id: 2, value: [0x23, 0x45]),
                RTPHeaderExtension(id: 3, value: [1, 2, 3, 4]),
            ])
        #expect(packet.headerExtension(id: 2) == [0x23, 0x45])
        #expect(packet.headerExtension(id: 9) == nil)
        #expect(packet.payload == [0xCA, 0xFE, 0xBA, 0xBE])
        let ranges = Self.oneByte.withUnsafeBytes { raw in
            Array(packet.header.extensionElements(in: raw)).map(\.valueRange)
        }
        #expect(ranges == [17..<18, 19..<21, 24..<28])
    }

    @Test func iteratesTheTwoByteForm() throws {
        let packet = try RTPPacket(parsing: Self.twoByte)
        #expect(packet.header.extensionProfile == .twoByte(appBits: 0))
        #expect(
            packet.headerExtensions == [
                RTPHeaderExtension(id: 1, value: []),
                RTPHeaderExtension(id: 2, value: [0x42]),
                RTPHeaderExtension(id: 3, value: [1, 2, 3, 4]),
            ])
        #expect(packet.payload == [0xCA, 0xFE])
    }

    @Test func readsTypedValues() throws {
        let packet = try RTPPacket(parsing: Self.chromeAudio)
        #expect(packet.headerExtension(id: 1, as: AudioLevelExtension.self) == AudioLevelExtension(level: 37, voiceActivity: true))
        #expect(packet.headerExtension(id: 2, as: AbsSendTimeExtension.self) == AbsSendTimeExtension(rawValue: 0x12_3456))
        #expect(packet.headerExtension(id: 3, as: TransportWideSequenceNumberExtension.self)?.sequenceNumber == 42)
        #expect(packet.headerExtension(id: 4, as: MidExtension.self)?.value == "0")
        #expect(packet.headerExtension(id: 4, as: AbsSendTimeExtension.self) == nil)  // wrong length
    }

    @Test func stopsAtIdFifteenInTheOneByteForm() throws {
        let bytes = hex(
            "90 60 00 01 00 00 00 00 00 00 00 01",  // header, X=1
            "be de 00 02",  // one-byte form, 2 words
            "10 61 f0 00",  // id=1 L=0 "a" | id=15: stop
            "20 62 00 00"  // id=2 would follow, ignored
        )
        let packet = try RTPPacket(parsing: bytes)
        #expect(packet.headerExtensions == [RTPHeaderExtension(id: 1, value: [0x61])])
    }

    @Test func stopsAtAnElementPastTheBlock() throws {
        let bytes = hex(
            "90 60 00 01 00 00 00 00 00 00 00 01",  // header, X=1
            "be de 00 01",  // one-byte form, 1 word
            "10 61 23 01"  // id=1 L=0 "a" | id=2 L=3 but only 1 byte left
        )
        try bytes.withUnsafeBytes { raw in
            let header = try RTPHeaderFields.parse(raw)
            var elements = header.extensionElements(in: raw)
            #expect(elements.next() == RTPHeaderExtensionElement(id: 1, valueRange: 17..<18))
            #expect(elements.next() == nil)
            #expect(elements.isMalformed)
        }
    }

    @Test func ignoresProfilesOtherThanRFC8285() throws {
        let bytes = hex("90 60 00 01 00 00 00 00 00 00 00 01", "ab cd 00 01", "10 61 00 00", "99")
        var packet = try RTPPacket(parsing: bytes)
        #expect(packet.header.extensionProfile == .other(0xABCD))
        #expect(packet.headerExtensions.isEmpty)
        #expect(throws: RTPParseError.badExtension) { try packet.setHeaderExtension(id: 1, value: [1]) }
        packet.removeHeaderExtensions(except: [1])
        #expect(packet.bytes == hex("80 60 00 01 00 00 00 00 00 00 00 01", "99"))
    }

    @Test func setReplacesInPlaceAndKeepsThePayload() throws {
        var packet = try RTPPacket(parsing: Self.oneByte)
        try packet.setHeaderExtension(id: 2, value: [0x99])
        #expect(
            packet.bytes
                == hex(
                    "90 e0 00 01 00 00 00 64 aa bb cc dd",  // header unchanged
                    "be de 00 03",  // one-byte form, 3 words
                    "10 61 20 99",  // id=1 "a" | id=2 L=0 0x99
                    "33 01 02 03",  // id=3 L=3 ...
                    "04 00 00 00",  // ... | padding
                    "ca fe ba be"  // payload
                ))
    }

    @Test func setAppendsAndSwitchesToTheTwoByteFormWhenNeeded() throws {
        var packet = try RTPPacket(parsing: Self.oneByte)
        try packet.setHeaderExtension(id: 16, value: [7])  // id 16 needs the two-byte form
        #expect(
            packet.bytes
                == hex(
                    "90 e0 00 01 00 00 00 64 aa bb cc dd",  // header unchanged
                    "10 00 00 04",  // two-byte form, 4 words
                    "01 01 61 02",  // id=1 L=1 "a" | id=2 L=2 ...
                    "02 23 45 03",  // ... 0x2345 | id=3 ...
                    "04 01 02 03",  // ... L=4 1 2 3 ...
                    "04 10 01 07",  // ... 4 | id=16 L=1 7 (no padding needed)
                    "ca fe ba be"  // payload
                ))
        #expect(packet.headerExtension(id: 16) == [7])
        packet.removeHeaderExtensions(except: [1, 3])
        #expect(
            packet.bytes
                == hex(
                    "90 e0 00 01 00 00 00 64 aa bb cc dd",  // header unchanged
                    "be de 00 02",  // back to the one-byte form, 2 words
                    "10 61 33 01",  // id=1 "a" | id=3 L=3 1 ...
                    "02 03 04 00",  // ... 2 3 4 | padding
                    "ca fe ba be"  // payload
                ))
    }

    @Test func removingEveryElementClearsTheExtensionBit() throws {
        var packet = try RTPPacket(parsing: Self.twoByte)
        packet.removeHeaderExtensions(except: [])
        #expect(packet.bytes == hex("80 60 00 02 00 00 00 64 aa bb cc dd", "ca fe"))
        #expect(!packet.header.extension)
    }

    @Test func addsAnExtensionToAPacketWithoutOne() throws {
        var packet = try RTPPacket(parsing: RTPPacketTests.paddedWithCSRCs)
        try packet.setHeaderExtension(id: 3, MidExtension("video"))
        #expect(
            packet.bytes
                == hex(
                    "b2 08 00 07 00 00 01 00 00 00 00 01",  // X now set
                    "00 00 00 0a 00 00 00 0b",  // CSRCs
                    "be de 00 02",  // one-byte form, 2 words
                    "34 76 69 64",  // id=3 L=4 "vid"...
                    "65 6f 00 00",  // ..."eo" | padding
                    "01 02 03 00 00 03"  // payload and RTP padding kept
                ))
        #expect(packet.headerExtension(id: 3, as: MidExtension.self)?.value == "video")
    }

    @Test func buildsWithExtensionsByteExact() throws {
        let built = try RTPPacket(
            payloadType: 111, sequenceNumber: 1, timestamp: 0xBABE, ssrc: 0x0102_0304,
            extensions: [
                RTPHeaderExtension(id: 1, value: AudioLevelExtension(level: 37, voiceActivity: true).bytes),
                RTPHeaderExtension(id: 2, value: AbsSendTimeExtension(rawValue: 0x12_3456).bytes),
                RTPHeaderExtension(id: 3, value: TransportWideSequenceNumberExtension(sequenceNumber: 42).bytes),
                RTPHeaderExtension(id: 4, value: MidExtension("0").bytes),
            ],
            payload: [0xFC, 0xFF]
        )
        #expect(built.bytes == Self.chromeAudio)
    }

    @Test func rejectsElementsNoFormCarries() throws {
        var packet = try RTPPacket(parsing: Self.oneByte)
        #expect(throws: RTPParseError.invalidExtensionElement(id: 0, length: 1)) {
            try packet.setHeaderExtension(id: 0, value: [1])
        }
        #expect(throws: RTPParseError.invalidExtensionElement(id: 5, length: 256)) {
            try packet.setHeaderExtension(id: 5, value: [UInt8](repeating: 0, count: 256))
        }
        #expect(throws: RTPParseError.invalidExtensionElement(id: 0, length: 0)) {
            try RTPPacket(
                payloadType: 1, sequenceNumber: 1, timestamp: 1, ssrc: 1,
                extensions: [RTPHeaderExtension(id: 0, value: [])], payload: [])
        }
        #expect(packet.bytes == Self.oneByte)
    }

    @Test func extensionProfileRawValues() {
        #expect(RTPExtensionProfile(rawValue: 0xBEDE) == .oneByte)
        #expect(RTPExtensionProfile(rawValue: 0x100F) == .twoByte(appBits: 15))
        #expect(RTPExtensionProfile(rawValue: 0x1010) == .other(0x1010))
        #expect(RTPExtensionProfile.twoByte(appBits: 3).rawValue == 0x1003)
    }
}
