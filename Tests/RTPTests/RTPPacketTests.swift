import Testing

@testable import RTP

@Suite("RTP packet (RFC 3550 §5.1)")
struct RTPPacketTests {
    static let basic = hex(
        "80 60 12 34",  // V=2 P=0 X=0 CC=0 | M=0 PT=96 | sequence number 0x1234
        "00 00 56 78",  // timestamp 0x5678
        "11 22 33 44",  // SSRC
        "de ad be ef"  // payload
    )

    static let paddedWithCSRCs = hex(
        "a2 08 00 07",  // V=2 P=1 X=0 CC=2 | M=0 PT=8 | sequence number 7
        "00 00 01 00",  // timestamp 256
        "00 00 00 01",  // SSRC 1
        "00 00 00 0a",  // CSRC 10
        "00 00 00 0b",  // CSRC 11
        "01 02 03",  // payload
        "00 00 03"  // padding, its last byte counting 3
    )

    @Test func parsesTheFixedHeader() throws {
        let header = try parseHeader(Self.basic)
        #expect(header.version == 2)
        #expect(!header.padding && !header.extension && !header.marker)
        #expect(header.csrcCount == 0)
        #expect(header.payloadType == 96)
        #expect(header.sequenceNumber == 0x1234)
        #expect(header.timestamp == 0x5678)
        #expect(header.ssrc == 0x1122_3344)
        #expect(header.payloadOffset == 12 && header.payloadLength == 4)
        #expect(header.extensionProfile == nil && header.extensionRange == nil)

        let packet = try RTPPacket(parsing: Self.basic)
        #expect(packet.payload == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(packet.bytes == Self.basic)
        #expect(packet.serializedSize == 16)
    }

    @Test func parsesCSRCsAndPadding() throws {
        let packet = try RTPPacket(parsing: Self.paddedWithCSRCs)
        #expect(packet.header.padding && packet.header.paddingLength == 3)
        #expect(packet.csrcs == [10, 11])
        #expect(packet.header.payloadOffset == 20)
        #expect(packet.payload == [1, 2, 3])
        #expect(packet.payloadType == 8 && packet.sequenceNumber == 7 && packet.timestamp == 256 && packet.ssrc == 1)
    }

    @Test func buildsByteExact() throws {
        let built = try RTPPacket(
            payloadType: 96, sequenceNumber: 0x1234, timestamp: 0x5678, ssrc: 0x1122_3344,
            payload: [0xDE, 0xAD, 0xBE, 0xEF]
        )
        #expect(built.bytes == Self.basic)
    }

    @Test func settersRewriteInPlace() throws {
        var packet = try RTPPacket(parsing: Self.paddedWithCSRCs)
        packet.payloadType = 111
        packet.marker = true
        packet.sequenceNumber = 0xFFFF
        packet.timestamp = 0xDEAD_BEEF
        packet.ssrc = 0xCAFE_BABE
        #expect(
            packet.bytes
                == hex(
                    "a2 ef ff ff",  // M=1 PT=111 | sequence number 65535
                    "de ad be ef",  // timestamp
                    "ca fe ba be",  // SSRC
                    "00 00 00 0a 00 00 00 0b",  // CSRCs unchanged
                    "01 02 03 00 00 03"  // payload and padding unchanged
                ))
        #expect(packet.payloadType == 111 && packet.marker)
        packet.payloadType = 0x80 | 5  // masked to 7 bits, marker kept
        #expect(packet.payloadType == 5 && packet.marker)
    }

    @Test func staticRewritesWorkOnABorrowedBuffer() throws {
        var bytes = Self.basic
        bytes.withUnsafeMutableBytes { raw in
            RTPHeaderFields.setMarker(true, in: raw)
            RTPHeaderFields.setPayloadType(100, in: raw)
            RTPHeaderFields.setSequenceNumber(1, in: raw)
            RTPHeaderFields.setTimestamp(2, in: raw)
            RTPHeaderFields.setSSRC(3, in: raw)
        }
        #expect(bytes == hex("80 e4 00 01", "00 00 00 02", "00 00 00 03", "de ad be ef"))
    }

    @Test(arguments: [
        // bytes, expected error
        (hex("80 60 12 34 00 00 56 78 11 22 33"), RTPParseError.truncated(needed: 12, had: 11)),  // 11 bytes
        (hex("40 60 12 34 00 00 56 78 11 22 33 44"), .badVersion(1)),  // V=1
        (hex("c0 60 12 34 00 00 56 78 11 22 33 44"), .badVersion(3)),  // V=3
        (hex("81 60 12 34 00 00 56 78 11 22 33 44 00 00"), .truncated(needed: 16, had: 14)),  // CC=1, CSRC cut
        (hex("90 60 12 34 00 00 56 78 11 22 33 44 be de"), .truncated(needed: 16, had: 14)),  // X=1, no extension header
        (hex("90 60 12 34 00 00 56 78 11 22 33 44 be de 00 02 10 aa 00 00"), .truncated(needed: 24, had: 20)),  // 2 words announced, 1 there
        (hex("a0 60 12 34 00 00 56 78 11 22 33 44"), .badPadding),  // P=1, nothing after the header
        (hex("a0 60 12 34 00 00 56 78 11 22 33 44 01 02 00"), .badPadding),  // padding count 0
        (hex("a0 60 12 34 00 00 56 78 11 22 33 44 01 02 04"), .badPadding),  // padding count 4 > 3 bytes
    ])
    func rejectsMalformedHeaders(bytes: [UInt8], error: RTPParseError) {
        #expect(throws: error) { try parseHeader(bytes) }
        #expect(throws: error) { try RTPPacket(parsing: bytes) }
    }

    @Test func paddingMayTakeEverythingAfterTheHeader() throws {
        let header = try parseHeader(hex("a0 60 12 34 00 00 56 78 11 22 33 44", "00 00 03"))
        #expect(header.payloadLength == 0 && header.paddingLength == 3)
    }
}
