import Testing

@testable import RTP

// Real packets: ffmpeg 5.1 (libopus, 32 kb/s mono, -application voip, a
// 440 Hz sine; `-f rtp`) captured on loopback, cut to their first bytes (code
// 0 packets: the frame is the rest). The other codes, DTX and the bad packets
// are written by hand from RFC 6716 3.1–3.4.
@Suite("Codecs: Opus TOC and framing (RFC 7587, RFC 6716)")
struct CodecsOpusTests {
    /// ffmpeg, first packet: hybrid fullband 20 ms, mono, one frame.
    static let ffmpegHybrid = CodecFixture.bytes(
        "78",  // config 15 (Hybrid FB 20 ms), s=0, c=0
        "81 7b c6 11 76 f4 75 00 00 06 51 b4"  // the frame
    )
    /// ffmpeg, later packet once the encoder moved to CELT.
    static let ffmpegCELT = CodecFixture.bytes(
        "f8",  // config 31 (CELT FB 20 ms), s=0, c=0
        "ac 83 96 2f 28 39 e6 07 39 a7 97 d0"
    )

    @Test("ffmpeg packets: mode, bandwidth, frame size, one frame")
    func ffmpegPackets() throws {
        let hybrid = try OpusPayload(parsing: Self.ffmpegHybrid)
        #expect(hybrid.configuration == 15 && hybrid.mode == .hybrid && hybrid.bandwidth == .fullband)
        #expect(hybrid.frameSamples == 960 && !hybrid.isStereo && hybrid.frameCountCode == 0 && hybrid.frameCount == 1)
        #expect(!hybrid.isDTX && hybrid.durationSamples == 960)
        let celt = try OpusPayload(parsing: Self.ffmpegCELT)
        #expect(celt.configuration == 31 && celt.mode == .celt && celt.bandwidth == .fullband && celt.frameSamples == 960)
    }

    @Test("every configuration of RFC 6716 Table 2")
    func configurations() throws {
        let table: [(UInt8, OpusPayload.Mode, OpusPayload.Bandwidth, Int)] = [
            (0, .silk, .narrowband, 480), (3, .silk, .narrowband, 2880),
            (5, .silk, .mediumband, 960), (10, .silk, .wideband, 1920),
            (12, .hybrid, .superWideband, 480), (13, .hybrid, .superWideband, 960),
            (14, .hybrid, .fullband, 480), (16, .celt, .narrowband, 120),
            (21, .celt, .wideband, 240), (26, .celt, .superWideband, 480),
            (28, .celt, .fullband, 120), (31, .celt, .fullband, 960),
        ]
        for (config, mode, bandwidth, samples) in table {
            let parsed = try OpusPayload(parsing: [config << 3 | 0x04, 0xAA])  // stereo, code 0, 1-byte frame
            #expect(parsed.mode == mode && parsed.bandwidth == bandwidth && parsed.frameSamples == samples, "config \(config)")
            #expect(parsed.isStereo)
        }
    }

    @Test("codes 1, 2 and 3: frame counts, VBR lengths and padding")
    func frameCodes() throws {
        // Code 1: two frames of 2 bytes.
        let code1 = try OpusPayload(parsing: CodecFixture.bytes("79", "aa bb", "cc dd"))
        #expect(code1.frameCountCode == 1 && code1.frameCount == 2 && code1.durationSamples == 1920)
        // Code 2: first frame 1 byte, second the rest (2 bytes).
        let code2 = try OpusPayload(parsing: CodecFixture.bytes("7a", "01", "aa", "bb cc"))
        #expect(code2.frameCount == 2 && !code2.isDTX)
        // Code 2 with a two-byte length: 252 + 4 × 0 = 252 bytes, then 3 more.
        let long = CodecFixture.bytes("7a", "fc 00") + [UInt8](repeating: 0x11, count: 255)
        #expect(try OpusPayload(parsing: long).frameCount == 2)
        // Code 3 CBR: M=3 frames of 2 bytes (60 ms).
        let cbr = try OpusPayload(parsing: CodecFixture.bytes("7b", "03", "aa bb", "cc dd", "ee ff"))
        #expect(cbr.frameCount == 3 && cbr.durationSamples == 2880)
        // Code 3 VBR with padding: v=1 p=1 M=2, 2 bytes of padding, first frame 1 byte.
        let vbr = try OpusPayload(
            parsing: CodecFixture.bytes(
                "7b",  // config 15, code 3
                "c2",  // v=1 p=1 M=2
                "02",  // padding length 2
                "01",  // frame 1 length 1
                "aa",  // frame 1
                "bb cc",  // frame 2 (the rest)
                "00 00"  // padding
            ))
        #expect(vbr.frameCount == 2)
        // Padding of 254 + 1 bytes: a 255 length byte continues the count.
        let padded = CodecFixture.bytes("7b", "41", "ff 01", "aa") + [UInt8](repeating: 0, count: 255)
        #expect(try OpusPayload(parsing: padded).frameCount == 1)
    }

    @Test("DTX: no frame data in 1 or 2 bytes")
    func dtx() throws {
        #expect(try OpusPayload(parsing: [0xF8]).isDTX)  // code 0, TOC only (libwebrtc's DTX packets)
        #expect(try OpusPayload(parsing: [0x79]).isDTX)  // code 1, two empty frames
        #expect(try OpusPayload(parsing: [0x7A, 0x00]).isDTX)  // code 2, both frames empty
        #expect(try OpusPayload(parsing: [0x7B, 0x02]).isDTX)  // code 3 CBR, two empty frames
        #expect(try !OpusPayload(parsing: [0x78, 0x01]).isDTX)  // code 0 with a 1-byte frame
    }

    @Test("truncated and malformed packets throw, never trap")
    func badInput() {
        let cases: [([UInt8], CodecPayloadError)] = [
            ([], .truncated(needed: 1, had: 0)),
            ([0x7A], .truncated(needed: 2, had: 1)),  // code 2 without its length
            ([0x7B], .truncated(needed: 2, had: 1)),  // code 3 without its frame count
            ([0x7A, 0xFC], .truncated(needed: 3, had: 2)),  // two-byte length cut
            ([0x7B, 0x42], .truncated(needed: 3, had: 2)),  // padding announced, not there
            ([0x7B, 0x82], .truncated(needed: 3, had: 2)),  // VBR: the first frame length missing
            ([0x7B, 0x00], .malformed(.opusZeroFrameCount)),
            ([0x1B, 0x03], .malformed(.opusDurationOver120ms)),  // SILK 60 ms × 3
            ([0x79, 0xAA], .malformed(.opusFrameLengths)),  // code 1 with an odd data length
            ([0x7A, 0x05, 0xAA], .malformed(.opusFrameLengths)),  // first frame longer than the packet
            ([0x7B, 0x02, 0xAA], .malformed(.opusFrameLengths)),  // CBR: 1 byte for 2 frames
            ([0x7B, 0x41, 0x05, 0xAA], .malformed(.opusFrameLengths)),  // more padding than packet
            ([0x78] + [UInt8](repeating: 0, count: 1276), .malformed(.opusFrameLengths)),  // frame over 1275 bytes
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected, "\(bytes.prefix(4))") { try OpusPayload(parsing: bytes) }
        }
    }
}
