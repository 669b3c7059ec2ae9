import Testing

@testable import RTP

// The one-call entry point (`CodecPayload`), and the fuzz entries run over
// every fixture, every prefix of it, mutations of it and random bytes.
@Suite("Codecs: CodecPayload entry point and fuzz entries")
struct CodecsPayloadTests {
    static var allFixtures: [[UInt8]] {
        [
            CodecsVP8Tests.ffmpegKeyFrameStart, CodecsVP8Tests.ffmpegKeyFrameContinuation,
            CodecsVP8Tests.ffmpegInterFrame, CodecsVP8Tests.gstreamerKeyFrame, CodecsVP8Tests.gstreamerLayer1,
            CodecsVP8Tests.gstreamerLayer0, CodecsVP9Tests.gstreamerKeyFrame, CodecsVP9Tests.gstreamerKeyFrameEnd,
            CodecsVP9Tests.gstreamerInterFrame, CodecsVP9Tests.gstreamerProfile3KeyFrame,
            CodecsVP9Tests.ffmpegKeyFrame, CodecsVP9Tests.ffmpegInterFrame, CodecsVP9Tests.nonFlexible,
            CodecsVP9Tests.flexible, CodecsVP9Tests.svcKeyFrame, CodecsH264Tests.stapAParameterSets,
            CodecsH264Tests.fuAStartIDR, CodecsH264Tests.fuAEndIDR, CodecsH264Tests.fuAStartIDRSecondSlice,
            CodecsH264Tests.singleNonIDR, CodecsH264Tests.fuAStartNonIDR, CodecsH264Tests.stapASlices,
            CodecsH264Tests.highProfileSPS, CodecsH264Tests.high444SPS, CodecsOpusTests.ffmpegHybrid,
            CodecsOpusTests.ffmpegCELT,
        ]
    }

    @Test("MIME types resolve without regard to case; others are unsupported")
    func mimeTypes() {
        #expect(CodecPayload.Codec(mimeType: "video/VP8") == .vp8)
        #expect(CodecPayload.Codec(mimeType: "VIDEO/vp9") == .vp9)
        #expect(CodecPayload.Codec(mimeType: "video/h264") == .h264)
        #expect(CodecPayload.Codec(mimeType: "audio/opus") == .opus)
        #expect(CodecPayload.Codec(mimeType: "Audio/MultiOpus") == .multiopus)
        for other in ["video/AV1", "video/H265", "video/VP8 ", "audio/PCMU", "", "video/VP", "video/rtx"] {
            #expect(CodecPayload.Codec(mimeType: other) == nil, "\(other)")
        }
        #expect(throws: CodecPayloadError.unsupportedMimeType) {
            try CodecPayload.inspect(CodecsVP8Tests.ffmpegKeyFrameStart, mimeType: "video/AV1")
        }
    }

    @Test("one call per packet: keyframes, layers, sizes, DTX")
    func inspect() throws {
        let vp8 = try CodecPayload.inspect(CodecsVP8Tests.gstreamerKeyFrame, mimeType: "video/VP8")
        #expect(
            vp8
                == PayloadInfo(
                    isKeyFrame: true, temporalLayer: 0, isLayerSync: true, pictureID: 59, tl0PictureIndex: 0,
                    dimensions: VideoDimensions(width: 320, height: 240)))
        let vp8Layer1 = try CodecPayload.inspect(CodecsVP8Tests.gstreamerLayer1[...], mimeType: "video/vp8")
        #expect(!vp8Layer1.isKeyFrame && vp8Layer1.temporalLayer == 1 && vp8Layer1.spatialLayer == nil)

        let vp9 = try CodecPayload.inspect(CodecsVP9Tests.nonFlexible, mimeType: "video/VP9")
        #expect(
            vp9
                == PayloadInfo(
                    spatialLayer: 1, temporalLayer: 2, isLayerSync: true, pictureID: 0x0123, tl0PictureIndex: 42))
        let svc = try CodecPayload.inspect(CodecsVP9Tests.svcKeyFrame, mimeType: "video/VP9")
        #expect(svc.isKeyFrame && svc.spatialLayer == 0 && svc.dimensions == VideoDimensions(width: 320, height: 180))
        let vp9Key = try CodecPayload.inspect(CodecsVP9Tests.gstreamerKeyFrame, mimeType: "video/VP9")
        #expect(vp9Key.isKeyFrame && vp9Key.dimensions == VideoDimensions(width: 320, height: 240))

        let h264 = try CodecPayload.inspect(CodecsH264Tests.stapAParameterSets, mimeType: "video/H264")
        #expect(h264 == PayloadInfo(isKeyFrame: true, dimensions: VideoDimensions(width: 640, height: 480)))
        #expect(try !CodecPayload.inspect(CodecsH264Tests.fuAEndIDR, mimeType: "video/H264").isKeyFrame)

        #expect(try CodecPayload.inspect([0xF8], mimeType: "audio/opus") == PayloadInfo(isDTX: true))
        #expect(try CodecPayload.inspect(CodecsOpusTests.ffmpegHybrid, mimeType: "audio/opus") == PayloadInfo())
        // multiopus: only the first TOC; the framing of the rest is not checked.
        #expect(try CodecPayload.inspect([0x79, 0xAA, 0xBB, 0xCC], mimeType: "audio/multiopus") == PayloadInfo())
        #expect(throws: CodecPayloadError.malformed(.opusFrameLengths)) {
            try CodecPayload.inspect([0x79, 0xAA, 0xBB, 0xCC], mimeType: "audio/opus")
        }
    }

    @Test("the borrowed-buffer entry takes a slice of a larger packet")
    func borrowedBuffer() throws {
        let packet = [UInt8](repeating: 0xEE, count: 12) + CodecsVP8Tests.ffmpegKeyFrameStart
        let info = try packet.withUnsafeBytes { raw in
            try CodecPayload.inspect(UnsafeRawBufferPointer(rebasing: raw[12...]), codec: .vp8)
        }
        #expect(info.isKeyFrame && info.pictureID == 0)
    }

    @Test("fuzz entries: every prefix and single-byte mutation of every fixture")
    func fuzzFixtures() {
        for fixture in Self.allFixtures {
            for length in 0...fixture.count {
                Array(fixture.prefix(length)).withUnsafeBytes { CodecPayload.fuzz($0) }
            }
            var random = CodecFuzzRandom(state: UInt64(fixture.count))
            for _ in 0..<200 {
                var mutated = fixture
                let index = Int.random(in: 0..<mutated.count, using: &random)
                mutated[index] ^= UInt8.random(in: 1...255, using: &random)
                mutated.withUnsafeBytes { CodecPayload.fuzz($0) }
            }
        }
    }

    @Test("fuzz entries: 20,000 random payloads of 0 to 64 bytes")
    func fuzzRandom() {
        var random = CodecFuzzRandom(state: 0x5EED)
        var bytes = [UInt8](repeating: 0, count: 64)
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...64, using: &random)
            for index in 0..<count { bytes[index] = UInt8.random(in: 0...255, using: &random) }
            bytes.withUnsafeBytes { CodecPayload.fuzz(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}
