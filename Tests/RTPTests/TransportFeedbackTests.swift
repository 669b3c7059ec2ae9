import Testing

@testable import RTP

@Suite("Transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01)")
struct TransportFeedbackTests {
    typealias Chunk = RTCPTransportFeedback.PacketStatusChunk

    /// Five packets from 100: small, small, lost, large (negative), small; the
    /// padding written libwebrtc's way (P bit, count in the last byte).
    static let mixed = hex(
        "af cd 00 06",  // V=2 P=1 FMT=15 | PT=RTPFB=205 | length 6 (28 bytes)
        "11 22 33 44",  // SSRC of packet sender
        "55 66 77 88",  // SSRC of media source
        "00 64 00 05",  // base sequence number 100 | packet status count 5
        "12 34 56 01",  // reference time 0x123456 × 64 ms | fb pkt count 1
        "d4 90 04 08",  // 2-bit vector: S S N L S N N | deltas 1 ms, 2 ms
        "ff fc 10 01"  // delta -1 ms (16 bits) | delta 4 ms | padding count 1
    )

    /// The draft's chunk examples (§3.1.3 example 1 and §3.1.4 example 1)
    /// back to back: 221 packets not received, then 0 11111 000 111 00.
    static let draftChunks = hex(
        "8f cd 00 07",  // V=2 P=0 FMT=15 | PT=205 | length 7 (32 bytes)
        "11 22 33 44",  // SSRC of packet sender
        "55 66 77 88",  // SSRC of media source
        "00 00 00 eb",  // base sequence number 0 | packet status count 235
        "00 00 00 00",  // reference time 0 | fb pkt count 0
        "00 dd 9f 1c",  // run length: not received × 221 | 1-bit vector
        "01 02 03 04",  // 8 small deltas
        "05 06 07 08"
    )

    @Test func parsesAndWritesBackTheMixedExample() throws {
        let feedback = try RTCPTransportFeedback(parsing: Self.mixed)
        #expect(feedback.senderSSRC == 0x1122_3344 && feedback.mediaSSRC == 0x5566_7788)
        #expect(feedback.baseSequenceNumber == 100 && feedback.packetStatusCount == 5)
        #expect(feedback.referenceTime == 0x12_3456 && feedback.feedbackPacketCount == 1)
        #expect(feedback.chunks == [.twoBitVector(0x1490)])
        #expect(feedback.packetStatuses == [.receivedSmallDelta, .receivedSmallDelta, .notReceived, .receivedLargeDelta, .receivedSmallDelta])
        #expect(feedback.receiveDeltas == [4, 8, -4, 16])
        #expect(feedback.packetResults.map(\.sequenceNumber) == [100, 101, 102, 103, 104])
        #expect(feedback.packetResults.map(\.receiveDelta) == [4, 8, nil, -4, 16])
        #expect(feedback.usesPaddingBit)
        #expect(serialized(feedback) == Self.mixed)
    }

    @Test func builderEncodesTheMixedExampleByteExact() throws {
        let built = RTCPTransportFeedback(
            senderSSRC: 0x1122_3344, mediaSSRC: 0x5566_7788, baseSequenceNumber: 100, referenceTime: 0x12_3456,
            feedbackPacketCount: 1, packets: [4, 8, nil, -4, 16], usesPaddingBit: true
        )
        #expect(built.bytes == Self.mixed)
        var zeroPadded = built
        zeroPadded.usesPaddingBit = false
        #expect(zeroPadded.bytes == hex("8f cd 00 06") + Self.mixed[4..<27] + [0])  // bare zero padding
        #expect(try RTCPTransportFeedback(parsing: zeroPadded.bytes) == zeroPadded)
    }

    @Test func draftChunkExamples() throws {
        #expect(Chunk(rawValue: 0x00DD) == .runLength(.notReceived, length: 221))
        #expect(Chunk(rawValue: 0x9F1C) == .oneBitVector(0x1F1C))
        let vector = Chunk(rawValue: 0x9F1C)
        #expect(
            (0..<14).map { vector.status(at: $0) == .receivedSmallDelta }
                == [false, true, true, true, true, true, false, false, false, true, true, true, false, false])

        let feedback = try RTCPTransportFeedback(parsing: Self.draftChunks)
        #expect(feedback.chunks == [.runLength(.notReceived, length: 221), .oneBitVector(0x1F1C)])
        let received = feedback.packetResults.filter { $0.receiveDelta != nil }
        #expect(received.map(\.sequenceNumber) == [222, 223, 224, 225, 226, 230, 231, 232])
        #expect(received.map(\.receiveDelta) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(serialized(feedback) == Self.draftChunks)
    }

    /// The draft's run length example 2 (0x6018) and status vector example 2
    /// (0xCD50) use the symbol 11, which §3.1.1 reserves; libwebrtc rejects it.
    @Test(arguments: [hex("60 18"), hex("cd 50")])
    func reservedSymbolIsRejected(chunk: [UInt8]) {
        let packet = hex("8f cd 00 05 11 22 33 44 55 66 77 88", "00 00 00 07", "00 00 00 00") + chunk + [0, 0]
        #expect(throws: RTCPParseError.badTransportFeedback) { try RTCPTransportFeedback(parsing: packet) }
    }

    @Test func rejectsMalformedFeedback() {
        // No packet status at all.
        #expect(throws: RTCPParseError.badTransportFeedback) {
            try RTCPTransportFeedback(parsing: hex("8f cd 00 04 11 22 33 44 55 66 77 88", "00 00 00 00", "00 00 00 00"))
        }
        // 20 packets announced; a 1-bit vector (14) and an empty run cover 14, then the packet ends.
        #expect(throws: RTCPParseError.truncated(needed: 26, had: 24)) {
            try RTCPTransportFeedback(parsing: hex("8f cd 00 05 11 22 33 44 55 66 77 88", "00 00 00 14", "00 00 00 00", "80 00 00 00"))
        }
        // A large delta cut in half by the padding (P=1, 1 byte).
        #expect(throws: RTCPParseError.truncated(needed: 24, had: 23)) {
            try RTCPTransportFeedback(parsing: hex("af cd 00 05 11 22 33 44 55 66 77 88", "00 00 00 01", "00 00 00 00", "40 01 ff 01"))
        }
    }

    @Test func builderChoosesChunks() {
        func chunks(_ packets: [Int16?]) -> [Chunk] {
            RTCPTransportFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0, referenceTime: 0, feedbackPacketCount: 0, packets: packets).chunks
        }
        #expect(chunks(Array(repeating: 1, count: 20)) == [.runLength(.receivedSmallDelta, length: 20)])
        #expect(chunks([1, nil, 1]) == [.oneBitVector(0b10_1000_0000_0000)])
        #expect(chunks([1, nil] + Array(repeating: 1, count: 14)) == [.oneBitVector(0b10_1111_1111_1111), .runLength(.receivedSmallDelta, length: 2)])
        #expect(chunks([1, 300, nil]) == [.twoBitVector(0b01_10_00_00_00_00_00)])
        #expect(chunks(Array(repeating: nil, count: 9000)) == [.runLength(.notReceived, length: 8191), .runLength(.notReceived, length: 809)])
    }

    @Test func referenceTimeIsSigned() throws {
        var feedback = RTCPTransportFeedback(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, referenceTime: -2, feedbackPacketCount: 0, packets: [0])
        #expect(Array(feedback.bytes[16..<19]) == [0xFF, 0xFF, 0xFE])  // -2 in 24 bits
        feedback = try RTCPTransportFeedback(parsing: feedback.bytes)
        #expect(feedback.referenceTime == -2)
    }
}
