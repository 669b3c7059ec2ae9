import Testing

@testable import RTP

@Suite("RTCP feedback: NACK, PLI (RFC 4585), FIR (RFC 5104), REMB")
struct RTCPFeedbackTests {
    /// RFC 4585 §6.2.1 layout: PID 1000, BLP 0b101 (1001 and 1003 lost too).
    static let nack = hex(
        "81 cd 00 03",  // V=2 P=0 FMT=1 | PT=RTPFB=205 | length 3
        "11 22 33 44",  // SSRC of packet sender
        "55 66 77 88",  // SSRC of media source
        "03 e8 00 05"  // PID 1000 | BLP 0000 0000 0000 0101
    )

    static let pli = hex(
        "81 ce 00 02",  // V=2 P=0 FMT=1 | PT=PSFB=206 | length 2
        "11 22 33 44",  // SSRC of packet sender
        "55 66 77 88"  // SSRC of media source
    )

    static let fir = hex(
        "84 ce 00 04",  // V=2 P=0 FMT=4 | PT=PSFB=206 | length 4
        "11 22 33 44",  // SSRC of packet sender
        "00 00 00 00",  // SSRC of media source: unused
        "55 66 77 88",  // FCI: SSRC
        "2a 00 00 00"  // FCI: sequence number 42 | reserved
    )

    static let remb = hex(
        "8f ce 00 06",  // V=2 P=0 FMT=15 | PT=PSFB=206 | length 6
        "11 22 33 44",  // SSRC of packet sender
        "00 00 00 00",  // SSRC of media source: unused
        "52 45 4d 42",  // "REMB"
        "02 0b d0 90",  // Num SSRC 2 | BR Exp 2 | BR Mantissa 250000 (1 Mbps)
        "55 66 77 88",  // SSRC
        "99 aa bb cc"  // SSRC
    )

    @Test func genericNackRoundTrip() throws {
        let nack = try RTCPGenericNack(parsing: Self.nack)
        #expect(nack.senderSSRC == 0x1122_3344 && nack.mediaSSRC == 0x5566_7788)
        #expect(nack.items == [.init(pid: 1000, blp: 0b101)])
        #expect(nack.sequenceNumbers == [1000, 1001, 1003])
        #expect(serialized(nack) == Self.nack)
        let built = RTCPGenericNack(senderSSRC: 0x1122_3344, mediaSSRC: 0x5566_7788, sequenceNumbers: [1000, 1001, 1003])
        #expect(built == nack)
    }

    @Test func genericNackBuilderGroupsAcrossTheWrap() {
        let nack = RTCPGenericNack(senderSSRC: 1, mediaSSRC: 2, sequenceNumbers: [65535, 0, 1, 1, 15, 16, 100])
        #expect(
            nack.items == [
                .init(pid: 65535, blp: 0b1000_0000_0000_0011),  // 0, 1 and 15 are 1, 2 and 16 after 65535
                .init(pid: 16, blp: 0),  // 17 after 65535: a new entry
                .init(pid: 100, blp: 0),
            ])
        #expect(nack.sequenceNumbers == [65535, 0, 1, 15, 16, 100])
        #expect(
            serialized(nack)
                == hex(
                    "81 cd 00 05",  // FMT=1 | PT=205 | length 5
                    "00 00 00 01",  // sender
                    "00 00 00 02",  // media
                    "ff ff 80 03",  // PID 65535 | BLP: 0, 1, 15
                    "00 10 00 00",  // PID 16 | BLP 0
                    "00 64 00 00"  // PID 100 | BLP 0
                ))
    }

    @Test func pictureLossIndicationRoundTrip() throws {
        let pli = try RTCPPictureLossIndication(parsing: Self.pli)
        #expect(pli == RTCPPictureLossIndication(senderSSRC: 0x1122_3344, mediaSSRC: 0x5566_7788))
        #expect(serialized(pli) == Self.pli)
        #expect(throws: RTCPParseError.wrongType(packetType: 206, format: 4)) { try RTCPPictureLossIndication(parsing: Self.fir) }
        #expect(throws: RTCPParseError.truncated(needed: 12, had: 8)) {
            try RTCPPictureLossIndication(parsing: hex("81 ce 00 01", "11 22 33 44"))
        }
    }

    @Test func fullIntraRequestRoundTrip() throws {
        let fir = try RTCPFullIntraRequest(parsing: Self.fir)
        #expect(fir.senderSSRC == 0x1122_3344 && fir.mediaSSRC == 0)
        #expect(fir.entries == [.init(ssrc: 0x5566_7788, sequenceNumber: 42)])
        #expect(serialized(fir) == Self.fir)
        // Reserved bits are ignored when read and written as zero.
        let dirty = try RTCPFullIntraRequest(parsing: hex("84 ce 00 04 11 22 33 44 00 00 00 00 55 66 77 88", "2a ff ff ff"))
        #expect(serialized(dirty) == Self.fir)
    }

    @Test func rembRoundTrip() throws {
        let remb = try RTCPReceiverEstimatedMaxBitrate(parsing: Self.remb)
        #expect(remb.exponent == 2 && remb.mantissa == 250_000 && remb.bitrate == 1_000_000)
        #expect(remb.ssrcs == [0x5566_7788, 0x99AA_BBCC])
        #expect(serialized(remb) == Self.remb)
        let built = RTCPReceiverEstimatedMaxBitrate(senderSSRC: 0x1122_3344, bitrate: 1_000_000, ssrcs: [0x5566_7788, 0x99AA_BBCC])
        #expect(built == remb)
    }

    @Test func rembEncodingKeepsEighteenBitsOfMantissa() {
        let small = RTCPReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: 0x3_FFFF, ssrcs: [])
        #expect(small.exponent == 0 && small.mantissa == 0x3_FFFF)
        let large = RTCPReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: 0x4_0001, ssrcs: [])
        #expect(large.exponent == 1 && large.mantissa == 0x2_0000 && large.bitrate == 0x4_0000)
        let huge = RTCPReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: .max, ssrcs: [])
        #expect(huge.exponent == 46 && huge.mantissa == 0x3_FFFF)
        var saturated = huge
        saturated.exponent = 63
        #expect(saturated.bitrate == .max)
    }

    @Test func rembRejectsMalformedBodies() throws {
        #expect(throws: RTCPParseError.badREMB) {
            try RTCPReceiverEstimatedMaxBitrate(parsing: hex("8f ce 00 04 11 22 33 44 00 00 00 00", "52 45 4d 43", "00 00 00 00"))
        }
        #expect(throws: RTCPParseError.truncated(needed: 28, had: 24)) {
            try RTCPReceiverEstimatedMaxBitrate(parsing: hex("8f ce 00 05 11 22 33 44 00 00 00 00 52 45 4d 42", "02 0b d0 90", "55 66 77 88"))
        }
        // Application layer feedback that is not REMB stays unknown in a compound.
        let other = try RTCPPacket(parsing: hex("8f ce 00 03 11 22 33 44 00 00 00 00", "41 42 43 44"))
        guard case .unknown = other else {
            Issue.record("non-REMB AFB parsed as \(other)")
            return
        }
    }

    @Test func compoundOfFeedback() throws {
        let compound = Self.nack + Self.pli + Self.fir + Self.remb
        let packets = try RTCPPacket.parseCompound(compound)
        #expect(
            packets == [
                .genericNack(try RTCPGenericNack(parsing: Self.nack)),
                .pictureLossIndication(try RTCPPictureLossIndication(parsing: Self.pli)),
                .fullIntraRequest(try RTCPFullIntraRequest(parsing: Self.fir)),
                .receiverEstimatedMaxBitrate(try RTCPReceiverEstimatedMaxBitrate(parsing: Self.remb)),
            ])
        #expect(RTCPPacket.serializeCompound(packets) == compound)
    }
}
