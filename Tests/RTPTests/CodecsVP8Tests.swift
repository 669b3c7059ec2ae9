import Testing

@testable import RTP

// Real packets: ffmpeg 5.1 (libvpx, 320x240 testsrc, `-f rtp`) and GStreamer
// 1.22 (vp8enc with two temporal layers, rtpvp8pay picture-id-mode=7-bit),
// captured on loopback; payloads after the 12-byte RTP header, cut to their
// first bytes where the rest is VP8 data.
@Suite("Codecs: VP8 payload descriptor (RFC 7741)")
struct CodecsVP8Tests {
    /// ffmpeg, first packet of the first frame (1188 bytes, first 16 kept).
    static let ffmpegKeyFrameStart = CodecFixture.bytes(
        "90",  // X=1 N=0 S=1 PID=0
        "80",  // I=1 L=0 T=0 K=0
        "80 00",  // M=1, PictureID 0 (15 bits)
        "b0 5a 00",  // frame tag: P=0 (keyframe), version 0, show_frame
        "9d 01 2a",  // keyframe start code
        "40 01",  // width 0x0140 = 320, scale 0
        "f0 00",  // height 0x00f0 = 240, scale 0
        "00 07 08 85"  // first partition data
    )
    /// ffmpeg, second packet of the same keyframe: a continuation (S=0).
    static let ffmpegKeyFrameContinuation = CodecFixture.bytes(
        "80",  // X=1 S=0 PID=0
        "80",  // I=1
        "80 00",  // PictureID 0
        "e9 8d cc 07 36 bc 4e 24"  // partition data (no payload header)
    )
    /// ffmpeg, the next frame: an inter frame in one packet (791 bytes).
    static let ffmpegInterFrame = CodecFixture.bytes(
        "90",  // X=1 S=1 PID=0
        "80",  // I=1
        "80 01",  // PictureID 1
        "31 14 00",  // frame tag: P=1 (inter frame)
        "02 10 10 00 1e c3"  // partition data
    )
    /// GStreamer, first packet of a keyframe with temporal layers.
    static let gstreamerKeyFrame = CodecFixture.bytes(
        "90",  // X=1 S=1 PID=0
        "e0",  // I=1 L=1 T=1 K=0
        "3b",  // M=0, PictureID 59 (7 bits)
        "00",  // TL0PICIDX 0
        "20",  // TID=0 Y=1 KEYIDX=0
        "70 61 00",  // frame tag: P=0
        "9d 01 2a",  // start code
        "40 01 f0 00",  // 320 x 240
        "39 07 00 01"  // data
    )
    /// GStreamer, the next frame: temporal layer 1.
    static let gstreamerLayer1 = CodecFixture.bytes(
        "90",  // X=1 S=1 PID=0
        "e0",  // I=1 L=1 T=1
        "3c",  // PictureID 60
        "00",  // TL0PICIDX 0
        "60",  // TID=1 Y=1
        "31 12 00",  // frame tag: P=1
        "17 11 fc 10"  // data
    )
    /// GStreamer, two frames on: temporal layer 0 again, TL0PICIDX moved on.
    static let gstreamerLayer0 = CodecFixture.bytes(
        "90",  // X=1 S=1 PID=0
        "e0",  // I=1 L=1 T=1
        "3d",  // PictureID 61
        "01",  // TL0PICIDX 1
        "00",  // TID=0 Y=0
        "b1 17 00",  // frame tag: P=1
        "e4 c8 df 85"  // data
    )

    @Test("ffmpeg keyframe: 15-bit picture ID, keyframe, 320x240")
    func ffmpegKeyFrame() throws {
        let descriptor = try VP8PayloadDescriptor(parsing: Self.ffmpegKeyFrameStart)
        #expect(descriptor.isStartOfPartition && descriptor.partitionIndex == 0 && descriptor.isStartOfFrame)
        #expect(!descriptor.isNonReference)
        #expect(descriptor.pictureID == 0 && descriptor.hasLongPictureID)
        #expect(descriptor.tl0PictureIndex == nil && descriptor.temporalLayerID == nil && descriptor.keyIndex == nil)
        #expect(descriptor.size == 4)
        #expect(descriptor.isKeyFrame)
        #expect(descriptor.keyFrameDimensions == VideoDimensions(width: 320, height: 240))
    }

    @Test("ffmpeg continuation and inter frame are not keyframes")
    func ffmpegNotKeyFrames() throws {
        let continuation = try VP8PayloadDescriptor(parsing: Self.ffmpegKeyFrameContinuation)
        #expect(!continuation.isStartOfPartition && !continuation.isKeyFrame && continuation.keyFrameDimensions == nil)
        let inter = try VP8PayloadDescriptor(parsing: Self.ffmpegInterFrame)
        #expect(inter.isStartOfFrame && !inter.isKeyFrame)
        #expect(inter.pictureID == 1)
    }

    @Test("GStreamer temporal layers: 7-bit picture ID, TL0PICIDX, TID, Y")
    func gstreamerTemporalLayers() throws {
        let key = try VP8PayloadDescriptor(parsing: Self.gstreamerKeyFrame)
        #expect(key.pictureID == 59 && !key.hasLongPictureID)
        #expect(key.tl0PictureIndex == 0 && key.temporalLayerID == 0 && key.isLayerSync && key.keyIndex == nil)
        #expect(key.size == 5 && key.isKeyFrame)
        #expect(key.keyFrameDimensions == VideoDimensions(width: 320, height: 240))

        let layer1 = try VP8PayloadDescriptor(parsing: Self.gstreamerLayer1)
        #expect(layer1.pictureID == 60 && layer1.tl0PictureIndex == 0 && layer1.temporalLayerID == 1)
        #expect(layer1.isLayerSync && !layer1.isKeyFrame)

        let layer0 = try VP8PayloadDescriptor(parsing: Self.gstreamerLayer0)
        #expect(layer0.pictureID == 61 && layer0.tl0PictureIndex == 1 && layer0.temporalLayerID == 0)
        #expect(!layer0.isLayerSync && !layer0.isKeyFrame)
    }

    @Test("hand-made descriptors: non-extended, K without T, N bit, later partition")
    func handMade() throws {
        // X=0 N=1 S=1 PID=0, then a keyframe tag too short for the size fields.
        let minimal = try VP8PayloadDescriptor(parsing: CodecFixture.bytes("30", "50 2a 00"))
        #expect(minimal.size == 1 && minimal.isNonReference && minimal.isKeyFrame && minimal.keyFrameDimensions == nil)
        #expect(minimal.pictureID == nil)

        let keyIndexOnly = try VP8PayloadDescriptor(
            parsing: CodecFixture.bytes(
                "80",  // X=1 S=0
                "10",  // K=1 only
                "e5"  // TID bits 3 and Y set but ignored; KEYIDX = 5
            ))
        #expect(keyIndexOnly.keyIndex == 5 && keyIndexOnly.temporalLayerID == nil && !keyIndexOnly.isLayerSync)
        #expect(keyIndexOnly.size == 3)

        // S=1 on partition 1 is not the start of a frame, whatever P says.
        let partition1 = try VP8PayloadDescriptor(parsing: CodecFixture.bytes("11", "00 00 00"))
        #expect(partition1.partitionIndex == 1 && !partition1.isStartOfFrame && !partition1.isKeyFrame)

        // A descriptor with nothing after it: valid, not a keyframe.
        let bare = try VP8PayloadDescriptor(parsing: CodecFixture.bytes("90", "80", "81 02"))
        #expect(bare.pictureID == 0x0102 && !bare.isKeyFrame)
    }

    @Test("truncated descriptors throw, never trap")
    func truncated() {
        for fixture in [Self.ffmpegKeyFrameStart, Self.gstreamerKeyFrame, Self.gstreamerLayer0] {
            let size = (try? VP8PayloadDescriptor(parsing: fixture).size) ?? 0
            CodecFixture.expectTruncatedPrefixesThrow(fixture, headerSize: size) { bytes throws(CodecPayloadError) in
                try VP8PayloadDescriptor(parsing: bytes)
            }
        }
        #expect(throws: CodecPayloadError.truncated(needed: 1, had: 0)) { try VP8PayloadDescriptor(parsing: []) }
        // I with M set but only one picture ID byte.
        #expect(throws: CodecPayloadError.truncated(needed: 4, had: 3)) {
            try VP8PayloadDescriptor(parsing: CodecFixture.bytes("90 80 80"))
        }
    }

    @Test("rewrite picture ID and TL0PICIDX in place, keeping each field's width")
    func rewrite() throws {
        var bytes = Self.gstreamerLayer0
        var descriptor = try VP8PayloadDescriptor(parsing: bytes)
        try descriptor.rewrite(in: &bytes, pictureID: 0x1FF, tl0PictureIndex: 0xAB)
        // 7-bit field: 0x1FF & 0x7F = 0x7F; nothing else moves.
        #expect(bytes == CodecFixture.bytes("90 e0", "7f", "ab", "00", "b1 17 00", "e4 c8 df 85"))
        #expect(descriptor.pictureID == 0x7F && descriptor.tl0PictureIndex == 0xAB)
        #expect(try VP8PayloadDescriptor(parsing: bytes) == descriptor)

        var long = Self.ffmpegInterFrame
        var longDescriptor = try VP8PayloadDescriptor(parsing: long)
        try longDescriptor.rewrite(in: &long, pictureID: 0xF234, tl0PictureIndex: 9)
        // 15-bit field keeps M: 0xF234 & 0x7FFF = 0x7234; no TL0PICIDX to write.
        #expect(Array(long.prefix(4)) == CodecFixture.bytes("90 80", "f2 34"))
        #expect(longDescriptor.pictureID == 0x7234 && longDescriptor.tl0PictureIndex == nil)
        #expect(Array(long.dropFirst(4)) == Array(Self.ffmpegInterFrame.dropFirst(4)))

        // nil leaves a field alone.
        var only = Self.gstreamerLayer0
        var onlyDescriptor = try VP8PayloadDescriptor(parsing: only)
        try onlyDescriptor.rewrite(in: &only, pictureID: nil, tl0PictureIndex: 7)
        #expect(only[2] == 0x3d && only[3] == 0x07)
    }

    @Test("rewrite refuses a buffer that is not the parsed payload")
    func rewriteMismatch() throws {
        var descriptor = try VP8PayloadDescriptor(parsing: Self.gstreamerLayer0)
        var other = Self.ffmpegInterFrame  // I only, 15-bit
        #expect(throws: CodecPayloadError.descriptorMismatch) {
            try descriptor.rewrite(in: &other, pictureID: 1, tl0PictureIndex: 1)
        }
        var short: [UInt8] = [0x90, 0xe0]
        #expect(throws: CodecPayloadError.truncated(needed: 5, had: 2)) {
            try descriptor.rewrite(in: &short, pictureID: 1, tl0PictureIndex: 1)
        }
    }
}
