import Testing

@testable import RTP

@Suite("RTCP SR, RR, SDES, BYE and compound packets (RFC 3550 §6)")
struct RTCPReportTests {
    static let senderReport = hex(
        "81 c8 00 0c",  // V=2 P=0 RC=1 | PT=SR=200 | length 12 (52 bytes)
        "11 22 33 44",  // SSRC of sender
        "e1 23 45 67",  // NTP timestamp, most significant word
        "89 ab cd ef",  // NTP timestamp, least significant word
        "00 01 e2 40",  // RTP timestamp 123456
        "00 00 00 64",  // sender's packet count 100
        "00 00 3e 80",  // sender's octet count 16000
        "55 66 77 88",  // report block: SSRC
        "05 00 00 0a",  // fraction lost 5/256 | cumulative lost 10
        "00 01 00 2a",  // extended highest sequence number (1 cycle, 42)
        "00 00 00 20",  // interarrival jitter 32
        "45 67 89 ab",  // LSR
        "00 00 10 00"  // DLSR (1/16 s)
    )

    static let sdes = hex(
        "81 ca 00 03",  // V=2 P=0 SC=1 | PT=SDES=202 | length 3 (16 bytes)
        "11 22 33 44",  // chunk: SSRC
        "01 04 61 62",  // CNAME, 4 bytes: "ab"...
        "63 64 00 00"  // ..."cd" | end | padding
    )

    static let receiverReport = hex(
        "81 c9 00 07",  // V=2 P=0 RC=1 | PT=RR=201 | length 7 (32 bytes)
        "11 22 33 44",  // SSRC of packet sender
        "55 66 77 88",  // report block: SSRC
        "00 ff ff fe",  // fraction lost 0 | cumulative lost -2 (duplicates)
        "00 00 ff ff",  // extended highest sequence number 65535
        "00 00 00 00",  // jitter
        "00 00 00 00",  // LSR: no SR yet
        "00 00 00 00"  // DLSR
    )

    static let bye = hex(
        "82 cb 00 04",  // V=2 P=0 SC=2 | PT=BYE=203 | length 4 (20 bytes)
        "11 22 33 44",  // SSRC
        "55 66 77 88",  // SSRC
        "05 62 79 65",  // reason, 5 bytes: "bye"...
        "21 21 00 00"  // ..."!!" | padding
    )

    @Test func senderReportRoundTrip() throws {
        let report = try RTCPSenderReport(parsing: Self.senderReport)
        #expect(report.ssrc == 0x1122_3344)
        #expect(report.ntpTimestamp == 0xE123_4567_89AB_CDEF)
        #expect(report.rtpTimestamp == 123_456 && report.packetCount == 100 && report.octetCount == 16_000)
        #expect(
            report.reportBlocks == [
                RTCPReportBlock(
                    ssrc: 0x5566_7788, fractionLost: 5, cumulativeLost: 10, extendedHighestSequenceNumber: 0x1_002A,
                    jitter: 32, lastSenderReport: 0x4567_89AB, delaySinceLastSenderReport: 0x1000)
            ])
        #expect(serialized(report) == Self.senderReport)
    }

    @Test func receiverReportRoundTrip() throws {
        let report = try RTCPReceiverReport(parsing: Self.receiverReport)
        #expect(report.ssrc == 0x1122_3344)
        #expect(report.reportBlocks.first?.cumulativeLost == -2)
        #expect(report.reportBlocks.first?.extendedHighestSequenceNumber == 0xFFFF)
        #expect(serialized(report) == Self.receiverReport)
        let empty = RTCPReceiverReport(ssrc: 0x1122_3344)
        #expect(serialized(empty) == hex("80 c9 00 01", "11 22 33 44"))  // RC=0, length 1
    }

    @Test func sourceDescriptionRoundTrip() throws {
        let sdes = try RTCPSourceDescription(parsing: Self.sdes)
        #expect(sdes.chunks == [RTCPSourceDescription.Chunk(ssrc: 0x1122_3344, cname: "abcd")])
        #expect(sdes.chunks.first?.cname == "abcd")
        #expect(serialized(sdes) == Self.sdes)
    }

    @Test func sourceDescriptionChunkEndingOnAWordBoundaryGetsAFullNullWord() throws {
        // SSRC (4) + CNAME item of 6 bytes (2 + 6) = 12 bytes: the null item needs a word of its own.
        let sdes = RTCPSourceDescription(chunks: [
            .init(ssrc: 1, cname: "abcdef"),
            .init(ssrc: 2, items: [.init(type: 2, value: Array("x".utf8)), .init(type: 6, value: [])]),
        ])
        let bytes = hex(
            "82 ca 00 07",  // V=2 SC=2 | PT=SDES | length 7 (32 bytes)
            "00 00 00 01",  // chunk 1: SSRC 1
            "01 06 61 62",  // CNAME, 6 bytes: "ab"...
            "63 64 65 66",  // ..."cdef"
            "00 00 00 00",  // end | padding
            "00 00 00 02",  // chunk 2: SSRC 2
            "02 01 78 06",  // NAME, 1 byte: "x" | TOOL...
            "00 00 00 00"  // ...0 bytes | end | padding
        )
        #expect(serialized(sdes) == bytes)
        #expect(try RTCPSourceDescription(parsing: bytes) == sdes)
    }

    @Test func byeRoundTrip() throws {
        let bye = try RTCPBye(parsing: Self.bye)
        #expect(bye.ssrcs == [0x1122_3344, 0x5566_7788])
        #expect(bye.reasonText == "bye!!")
        #expect(serialized(bye) == Self.bye)
        #expect(serialized(RTCPBye(ssrcs: [7])) == hex("81 cb 00 01", "00 00 00 07"))
    }

    @Test func compoundIterationAndRoundTrip() throws {
        let compound = Self.senderReport + Self.sdes + Self.bye
        let views = try compound.withUnsafeBytes { raw throws(RTCPParseError) in
            var iterator = RTCPCompoundIterator(raw)
            var found = [(UInt8, Range<Int>)]()
            while let view = try iterator.next() { found.append((view.header.packetType, view.range)) }
            return found
        }
        #expect(views.map(\.0) == [200, 202, 203])
        #expect(views.map(\.1) == [0..<52, 52..<68, 68..<88])

        let packets = try RTCPPacket.parseCompound(compound)
        guard packets.count == 3, case .senderReport = packets[0], case .sourceDescription = packets[1], case .bye = packets[2] else {
            Issue.record("wrong packets: \(packets)")
            return
        }
        #expect(RTCPPacket.serializeCompound(packets) == compound)
    }

    @Test func unknownPacketsAreKeptAsBytes() throws {
        let app = hex(
            "80 cc 00 02",  // V=2 subtype 0 | PT=APP=204 | length 2
            "11 22 33 44",  // SSRC
            "6e 61 6d 65"  // name "name"
        )
        let packets = try RTCPPacket.parseCompound(app + Self.receiverReport)
        guard case .unknown(let unknown) = packets.first else {
            Issue.record("APP not kept as unknown")
            return
        }
        #expect(unknown.header.packetType == RTCPPacketType.application)
        #expect(RTCPPacket.serializeCompound(packets) == app + Self.receiverReport)
    }

    @Test(arguments: [
        // compound bytes, expected error
        (hex("81 c8"), RTCPParseError.truncated(needed: 4, had: 2)),  // header cut
        (hex("41 c8 00 01 11 22 33 44"), .badVersion(1)),  // V=1
        (hex("80 c9 00 02 11 22 33 44"), .truncated(needed: 12, had: 8)),  // length 2 announces 12 bytes
        (hex("a0 c9 00 01 11 22 33 00"), .badPadding),  // P=1, padding count 0
        (hex("a0 c9 00 01 11 22 33 05"), .badPadding),  // P=1, padding count 5 > body
        (hex("80 c9 00 01 11 22 33 44", "80"), .truncated(needed: 4, had: 1)),  // a second packet cut
    ])
    func compoundRejectsBadHeaders(bytes: [UInt8], error: RTCPParseError) {
        #expect(throws: error) { try RTCPPacket.parseCompound(bytes) }
        #expect(throws: error) { try bytes.withUnsafeBytes { raw throws(RTCPParseError) in try RTCPCompoundIterator.validate(raw) } }
    }

    @Test func messagesRejectMalformedBodies() {
        // SR announcing one report block without room for it.
        #expect(throws: RTCPParseError.truncated(needed: 52, had: 28)) {
            try RTCPSenderReport(parsing: hex("81 c8 00 06", "11 22 33 44", [String](repeating: "00 00 00 00", count: 5).joined()))
        }
        // An RR parsed as an SR.
        #expect(throws: RTCPParseError.wrongType(packetType: 201, format: 1)) {
            try RTCPSenderReport(parsing: Self.receiverReport)
        }
        // SDES chunk whose items run to the end with no null item.
        #expect(throws: RTCPParseError.badSDES) {
            try RTCPSourceDescription(parsing: hex("81 ca 00 02", "11 22 33 44", "01 02 61 62"))
        }
        // SDES item longer than the packet.
        #expect(throws: RTCPParseError.truncated(needed: 20, had: 12)) {
            try RTCPSourceDescription(parsing: hex("81 ca 00 02", "11 22 33 44", "01 0a 61 62"))
        }
        // BYE whose reason length overruns the packet.
        #expect(throws: RTCPParseError.truncated(needed: 18, had: 12)) {
            try RTCPBye(parsing: hex("81 cb 00 02", "11 22 33 44", "09 62 79 65"))
        }
        // BYE with more sources than bytes.
        #expect(throws: RTCPParseError.truncated(needed: 12, had: 8)) {
            try RTCPBye(parsing: hex("82 cb 00 01", "11 22 33 44"))
        }
    }

    @Test func paddingIsExcludedFromTheBody() throws {
        let padded = hex(
            "a1 c9 00 08",  // V=2 P=1 RC=1 | PT=RR | length 8 (36 bytes)
            "11 22 33 44",  // SSRC
            "55 66 77 88 00 ff ff fe 00 00 ff ff 00 00 00 00 00 00 00 00 00 00 00 00",  // report block
            "00 00 00 04"  // 4 bytes of padding
        )
        let report = try RTCPReceiverReport(parsing: padded)
        #expect(report == (try RTCPReceiverReport(parsing: Self.receiverReport)))
        #expect(serialized(report) == Self.receiverReport)  // written without padding
    }
}
