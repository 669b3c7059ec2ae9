import Testing

@testable import RTP

// Real packets: ffmpeg 5.1 (libx264 baseline, -tune zerolatency, so several
// slices per picture; 640x480 testsrc; `-f rtp`, packetization-mode 1)
// captured on loopback; payloads after the RTP header, cut to their first
// bytes where the rest is slice data. SPSs of other profiles come from libx264
// Annex B output (high 1920x1080, high 4:4:4 330x250).
@Suite("Codecs: H.264 payload (RFC 6184)")
struct CodecsH264Tests {
    /// The first packet: a STAP-A with SPS and PPS (ffmpeg's SEI unit dropped).
    static let stapAParameterSets = CodecFixture.bytes(
        "18",  // F=0 NRI=0 type 24 (STAP-A)
        "00 18",  // size 24
        "67 42 c0 1e d9 00 a0 3d b0 11 00 00 03 00 01 00 00 03 00 3c 8f 16 2e 48",  // SPS: baseline, level 3.0, 640x480
        "00 04",  // size 4
        "68 cb 8c b2"  // PPS
    )
    /// The next packet: FU-A start of the IDR picture's first slice.
    static let fuAStartIDR = CodecFixture.bytes(
        "7c",  // FU indicator: F=0 NRI=3 type 28
        "85",  // FU header: S=1 E=0 type 5 (IDR)
        "88 84 0e bc 98 a0 00 2a"  // slice header: first_mb_in_slice ue = '1' → 0
    )
    /// Its last fragment.
    static let fuAEndIDR = CodecFixture.bytes(
        "7c",  // FU indicator
        "45",  // FU header: S=0 E=1 type 5
        "01 80 de b6 b8 cf e0 c1"  // slice data
    )
    /// FU-A start of the same picture's second slice.
    static let fuAStartIDRSecondSlice = CodecFixture.bytes(
        "7c",  // FU indicator
        "85",  // S=1 type 5
        "00 4b 22 21 03 af"  // first_mb_in_slice = 599 (a long ue code)
    )
    /// A later P picture's first slice as a single NAL unit.
    static let singleNonIDR = CodecFixture.bytes(
        "41",  // F=0 NRI=2 type 1 (non-IDR slice)
        "9a 60 14 bc 57 82 40 4d"  // slice data
    )
    /// A later P slice fragmented, NRI 2.
    static let fuAStartNonIDR = CodecFixture.bytes(
        "5c",  // FU indicator: NRI=2 type 28
        "81",  // S=1 type 1
        "00 4b 26 98 05 2f"
    )
    /// A STAP-A of two P slices (ffmpeg sends them so; each cut to 8 bytes here).
    static let stapASlices = CodecFixture.bytes(
        "18",  // STAP-A
        "00 08", "41 9a 38 1b 78 33 c3 50",  // slice 1 (first_mb 0)
        "00 08", "41 00 4b 26 8e 06 de 48"  // slice 2
    )
    /// High profile SPS (profile_idc 100, chroma fields, frame cropping 1088 → 1080).
    static let highProfileSPS = CodecFixture.bytes(
        "67",  // NRI=3 type 7
        "64 00 28 ac d9 40 78 02 27 e5 c0 44 00 00 03 00 04 00 00 03 00 f0 3c 60 c6 58"
    )
    /// High 4:4:4 Predictive SPS (profile_idc 244, chroma_format_idc 3, crop 336x256 → 330x250).
    static let high444SPS = CodecFixture.bytes(
        "67",
        "f4 00 0d 91 9b 28 2a 10 f3 cf 80 88 00 00 03 00 08 00 00 03 01 e0 78 a1 4c b0"
    )

    @Test("STAP-A with SPS and PPS: a keyframe start with the SPS size")
    func stapAParameterSetsPacket() throws {
        let parsed = try H264Payload(parsing: Self.stapAParameterSets)
        #expect(parsed.packetization == .stapA && parsed.nalUnitCount == 2 && parsed.nalUnitType == 7)
        #expect(parsed.nalRefIdc == 3)  // from the units: the STAP header says 0
        #expect(parsed.containsSPS && parsed.containsPPS && !parsed.containsIDRSlice && parsed.isKeyFrame)
        #expect(parsed.spsDimensions == VideoDimensions(width: 640, height: 480))
        let units = Self.stapAParameterSets.withUnsafeBytes { Array(H264Payload.nalUnits(in: $0)) }
        #expect(units.map(\.type) == [7, 8])
        #expect(units.map(\.range) == [3..<27, 29..<33])
        #expect(units.allSatisfy { !$0.isFragment })
    }

    @Test("FU-A: start and end bits, original type, keyframe only on the first slice")
    func fragments() throws {
        let start = try H264Payload(parsing: Self.fuAStartIDR)
        #expect(start.packetization == .fuA && start.nalUnitType == 5 && start.nalRefIdc == 3)
        #expect(start.isStartOfNALUnit && !start.isEndOfNALUnit && start.nalUnitCount == 1)
        #expect(start.containsIDRSlice && start.isKeyFrame && !start.containsSPS)

        let end = try H264Payload(parsing: Self.fuAEndIDR)
        #expect(end.nalUnitType == 5 && !end.isStartOfNALUnit && end.isEndOfNALUnit)
        #expect(!end.containsIDRSlice && !end.isKeyFrame)

        let second = try H264Payload(parsing: Self.fuAStartIDRSecondSlice)
        #expect(second.containsIDRSlice && !second.isKeyFrame)

        let units = Self.fuAStartIDR.withUnsafeBytes { Array(H264Payload.nalUnits(in: $0)) }
        #expect(units == [H264NALUnit(header: 0x65, range: 2..<10, isFragment: true)])
    }

    @Test("non-IDR slices: single NAL unit, FU-A, STAP-A")
    func nonKeyFrames() throws {
        let single = try H264Payload(parsing: Self.singleNonIDR)
        #expect(single.packetization == .singleNALUnit && single.nalUnitType == 1 && single.nalRefIdc == 2)
        #expect(!single.isKeyFrame && single.isStartOfNALUnit && single.isEndOfNALUnit)
        let fragment = try H264Payload(parsing: Self.fuAStartNonIDR)
        #expect(fragment.nalUnitType == 1 && fragment.nalRefIdc == 2 && !fragment.isKeyFrame)
        let stap = try H264Payload(parsing: Self.stapASlices)
        #expect(stap.nalUnitCount == 2 && stap.nalUnitType == 1 && !stap.isKeyFrame)
    }

    @Test("IDR slices whole: in a single NAL unit and inside a STAP-A")
    func wholeIDR() throws {
        // The first fragment's bytes as one NAL unit: header 0x65 (NRI 3, type 5).
        let single = try H264Payload(parsing: CodecFixture.bytes("65", "88 84 0e bc"))
        #expect(single.containsIDRSlice && single.isKeyFrame)
        let stap = try H264Payload(parsing: CodecFixture.bytes("18", "00 05", "65 88 84 0e bc", "00 02", "06 05"))
        #expect(stap.containsIDRSlice && stap.isKeyFrame && stap.nalUnitCount == 2)
        // An IDR slice that is not the picture's first.
        #expect(try !H264Payload(parsing: CodecFixture.bytes("65", "00 4b")).isKeyFrame)
        // A lone SPS is a keyframe start as mediasoup has it.
        let sps = try H264Payload(parsing: Self.highProfileSPS)
        #expect(sps.isKeyFrame && sps.containsSPS && sps.packetization == .singleNALUnit)
    }

    @Test("SPS sizes: baseline 640x480, high 1920x1080 cropped, high 4:4:4 330x250")
    func spsDimensions() throws {
        #expect(try H264Payload(parsing: Self.highProfileSPS).spsDimensions == VideoDimensions(width: 1920, height: 1080))
        #expect(try H264Payload(parsing: Self.high444SPS).spsDimensions == VideoDimensions(width: 330, height: 250))
        // An SPS cut short parses as a payload, without a size.
        let cut = try H264Payload(parsing: Array(Self.highProfileSPS.prefix(8)))
        #expect(cut.containsSPS && cut.spsDimensions == nil)
    }

    @Test("STAP-B and FU-B: the decoding order number is skipped")
    func interleavedForms() throws {
        let stapB = try H264Payload(parsing: CodecFixture.bytes("19", "00 07", "00 04", "68 cb 8c b2"))
        #expect(stapB.packetization == .stapB && stapB.containsPPS && stapB.nalUnitCount == 1)
        let fuB = try H264Payload(parsing: CodecFixture.bytes("7d", "87", "00 01", "42 c0 1e d9"))
        #expect(fuB.packetization == .fuB && fuB.containsSPS && fuB.isKeyFrame && fuB.spsDimensions == nil)
    }

    @Test("truncated and malformed payloads throw, never trap")
    func badInput() {
        // Every prefix ends inside a unit, except the 27 bytes that hold the SPS alone.
        CodecFixture.expectTruncatedPrefixesThrow(Self.stapAParameterSets, headerSize: 27) {
            bytes throws(CodecPayloadError) in try H264Payload(parsing: bytes)
        }
        let cases: [([UInt8], CodecPayloadError)] = [
            ([], .truncated(needed: 1, had: 0)),
            ([0x7c], .truncated(needed: 2, had: 1)),  // FU-A without its header
            ([0x7d, 0x85, 0x00], .truncated(needed: 4, had: 3)),  // FU-B without its whole DON
            ([0x18], .truncated(needed: 3, had: 1)),  // STAP-A with no unit
            ([0x18, 0x00, 0x05, 0x65, 0x88], .truncated(needed: 8, had: 5)),  // unit longer than the packet
            ([0x18, 0x00, 0x00, 0x65], .malformed(.emptyAggregationUnit)),
            ([0x18, 0x00, 0x01, 0x78], .malformed(.invalidNestedType(24))),  // a STAP inside a STAP
            ([0x18, 0x00, 0x01, 0x60], .malformed(.reservedNALUnitType(0))),
            ([0x7c, 0xc5, 0x00], .malformed(.fragmentStartAndEnd)),
            ([0x7c, 0x9c, 0x00], .malformed(.invalidNestedType(28))),  // an FU of an FU
            ([0x00, 0x01], .malformed(.reservedNALUnitType(0))),
            ([0x1e], .malformed(.reservedNALUnitType(30))),
            ([0x1a, 0x00, 0x00], .malformed(.unsupportedPacketization(26))),  // MTAP16
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected, "\(bytes)") { try H264Payload(parsing: bytes) }
        }
        // The sequence stops at the malformed unit instead of trapping.
        let units = [UInt8]([0x18, 0x00, 0x01, 0x67, 0x00, 0x09, 0x68]).withUnsafeBytes {
            Array(H264Payload.nalUnits(in: $0))
        }
        #expect(units.map(\.type) == [7])
    }
}
