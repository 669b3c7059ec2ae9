import Testing

@testable import RTP

@Suite("Header extension values")
struct HeaderExtensionValueTests {
    @Test func midRidAndRepairedRid() throws {
        let mid = try MidExtension(parsing: hex("61 75 64 69 6f"))  // "audio"
        #expect(mid.value == "audio")
        #expect(serialized(mid) == hex("61 75 64 69 6f"))
        #expect(try RidExtension(parsing: hex("68 69")).value == "hi")  // "hi"
        #expect(serialized(RepairedRidExtension("lo")) == hex("6c 6f"))  // "lo"
        // A NUL ends the text: senders may zero-pad it.
        #expect(try MidExtension(parsing: hex("31 00 00")).value == "1")
        #expect(throws: RTPParseError.badExtensionValue(length: 0)) { try MidExtension(parsing: []) }
        #expect(throws: RTPParseError.badExtensionValue(length: 2)) { try RidExtension(parsing: hex("00 61")) }
        #expect(throws: RTPParseError.badExtensionValue(length: 2)) { try RidExtension(parsing: hex("c3 28")) }  // bad UTF-8
        #expect(MidExtension.uri == "urn:ietf:params:rtp-hdrext:sdes:mid")
    }

    /// Fuzz finding: a text longer than any element (255 bytes) parsed, then
    /// could not be written back whole.
    @Test func rejectsTextsLongerThanAnElement() throws {
        let long = [UInt8](repeating: 0x61, count: 256)
        #expect(throws: RTPParseError.badExtensionValue(length: 256)) { try MidExtension(parsing: long) }
        #expect(try MidExtension(parsing: Array(long.prefix(255))).value.utf8.count == 255)
        // A longer text is written cut before the character that does not fit.
        let text = String(repeating: "a", count: 254) + "é"
        #expect(MidExtension(text).serializedSize == 254)
    }

    @Test func absSendTime() throws {
        let value = try AbsSendTimeExtension(parsing: hex("12 34 56"))
        #expect(value.rawValue == 0x12_3456)
        #expect(serialized(value) == hex("12 34 56"))
        // 1.5 s is 1 in the 6-bit seconds and 0x20000 in the 18-bit fraction.
        #expect(AbsSendTimeExtension(milliseconds: 1_500).rawValue == 0x06_0000)
        #expect(AbsSendTimeExtension(milliseconds: 64_000 + 250).rawValue == AbsSendTimeExtension(milliseconds: 250).rawValue)
        #expect(AbsSendTimeExtension(rawValue: 0x06_0000).microseconds == 1_500_000)
        #expect(throws: RTPParseError.badExtensionValue(length: 2)) { try AbsSendTimeExtension(parsing: hex("12 34")) }
    }

    @Test func transportWideSequenceNumber() throws {
        let value = try TransportWideSequenceNumberExtension(parsing: hex("ab cd"))
        #expect(value.sequenceNumber == 0xABCD)
        #expect(serialized(value) == hex("ab cd"))
        #expect(throws: RTPParseError.badExtensionValue(length: 3)) {
            try TransportWideSequenceNumberExtension(parsing: hex("ab cd ef"))
        }
    }

    @Test func audioLevel() throws {
        let loud = try AudioLevelExtension(parsing: hex("85"))  // V=1, level 5
        #expect(loud.voiceActivity && loud.level == 5 && loud.dBov == -5)
        let silent = try AudioLevelExtension(parsing: hex("7f"))  // V=0, level 127
        #expect(!silent.voiceActivity && silent.level == 127)
        #expect(serialized(AudioLevelExtension(level: 0xFF, voiceActivity: false)) == hex("7f"))  // level masked
        #expect(throws: RTPParseError.badExtensionValue(length: 2)) { try AudioLevelExtension(parsing: hex("85 00")) }
    }

    @Test func videoOrientation() throws {
        let value = try VideoOrientationExtension(parsing: hex("0d"))  // C=1 F=1 R=01
        #expect(value.camera == .back && value.flip && value.rotation == 90)
        #expect(serialized(value) == hex("0d"))
        #expect(serialized(VideoOrientationExtension(rotation: 270)) == hex("03"))
        #expect(VideoOrientationExtension(rotation: 360 + 180).rotation == 180)
        #expect(throws: RTPParseError.badExtensionValue(length: 0)) { try VideoOrientationExtension(parsing: []) }
    }

    @Test func transmissionOffset() throws {
        let negative = try TransmissionOffsetExtension(parsing: hex("ff ff fe"))  // -2
        #expect(negative.offset == -2)
        #expect(serialized(negative) == hex("ff ff fe"))
        #expect(serialized(TransmissionOffsetExtension(offset: 0x7F_FFFF)) == hex("7f ff ff"))
        #expect(TransmissionOffsetExtension(offset: .min).offset == -0x80_0000)  // clamped to 24 bits
        #expect(throws: RTPParseError.badExtensionValue(length: 4)) {
            try TransmissionOffsetExtension(parsing: hex("00 00 00 01"))
        }
    }

    @Test func absCaptureTime() throws {
        let short = try AbsCaptureTimeExtension(parsing: hex("e1 23 45 67 89 ab cd ef"))
        #expect(short.absoluteCaptureTimestamp == 0xE123_4567_89AB_CDEF && short.estimatedCaptureClockOffset == nil)
        #expect(serialized(short) == hex("e1 23 45 67 89 ab cd ef"))
        let long = try AbsCaptureTimeExtension(
            parsing: hex(
                "e1 23 45 67 89 ab cd ef",  // NTP capture time
                "ff ff ff ff 80 00 00 00"  // offset -0.5 s in Q32.32
            ))
        #expect(long.estimatedCaptureClockOffset == -0x8000_0000)
        #expect(serialized(long) == hex("e1 23 45 67 89 ab cd ef ff ff ff ff 80 00 00 00"))
        #expect(throws: RTPParseError.badExtensionValue(length: 9)) {
            try AbsCaptureTimeExtension(parsing: [UInt8](repeating: 0, count: 9))
        }
    }

    @Test func playoutDelay() throws {
        let value = try PlayoutDelayExtension(parsing: hex("00 a0 64"))  // min 10 (100 ms), max 100 (1 s)
        #expect(value.minimum == 10 && value.maximum == 100)
        #expect(value.minimumMilliseconds == 100 && value.maximumMilliseconds == 1_000)
        #expect(serialized(value) == hex("00 a0 64"))
        #expect(serialized(PlayoutDelayExtension(minimum: 0xFFF, maximum: 0xFFF)) == hex("ff ff ff"))
        #expect(throws: RTPParseError.badExtensionValue(length: 2)) { try PlayoutDelayExtension(parsing: hex("00 a0")) }
    }
}
