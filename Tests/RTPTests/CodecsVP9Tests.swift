import Testing

@testable import RTP

// Real packets: GStreamer 1.22 (vp9enc, rtpvp9pay) and ffmpeg 5.1
// (libvpx-vp9, `-f rtp -strict experimental`), 320x240 test sources captured
// on loopback; payloads after the RTP header, cut to their first bytes. The
// flexible-mode and SVC vectors are written by hand from RFC 9628 4.2, in the
// shape libwebrtc sends.
@Suite("Codecs: VP9 payload descriptor (RFC 9628)")
struct CodecsVP9Tests {
    /// GStreamer (I420, profile 0), first packet of a keyframe, with SS.
    static let gstreamerKeyFrame = CodecFixture.bytes(
        "8a",  // I=1 P=0 L=0 F=0 B=1 E=0 V=1 Z=0
        "62",  // M=0, picture ID 98
        "18",  // SS: N_S=0 (one layer), Y=1, G=1
        "01 40 00 f0",  // layer 0: 320 x 240
        "01",  // N_G = 1
        "04 01",  // picture 0: TID=0 U=0 R=1, P_DIFF 1
        "82 49 83 42 20 13 f0 0e f6"  // uncompressed header: profile 0, KEY_FRAME, sync, 319+1 x 239+1
    )
    /// GStreamer, last packet of that keyframe.
    static let gstreamerKeyFrameEnd = CodecFixture.bytes(
        "84",  // I=1 E=1
        "62",  // picture ID 98
        "73 e0 51 c2 be 7a"  // frame data
    )
    /// GStreamer, first packet of the next (inter) frame.
    static let gstreamerInterFrame = CodecFixture.bytes(
        "c8",  // I=1 P=1 B=1
        "63",  // picture ID 99
        "86 00 40 92 9c 00"  // uncompressed header: profile 0, frame_type 1 (inter)
    )
    /// GStreamer (Y444 input, so profile 3 after negotiation), 15-bit picture ID.
    static let gstreamerProfile3KeyFrame = CodecFixture.bytes(
        "8a",  // I=1 B=1 V=1
        "8f 1e",  // M=1, picture ID 0x0f1e = 3870
        "18 01 40 00 f0 01 04 01",  // SS as above: 320 x 240, N_G=1
        "b1 24 c1 a1 48 00 9f 80 77 b0 11"  // header: profile 3 (reserved bit), KEY_FRAME, sync code shifted by one bit
    )
    /// ffmpeg, first packet of the first frame: only B is set.
    static let ffmpegKeyFrame = CodecFixture.bytes(
        "08",  // B=1
        "82 49 83 42 00 13 f0 0e f6 06"  // profile 0, KEY_FRAME, 320 x 240
    )
    /// ffmpeg, a later inter frame in one packet: B=1 E=1 but P=0.
    static let ffmpegInterFrame = CodecFixture.bytes(
        "0c",  // B=1 E=1 (ffmpeg never sets P)
        "86 00 40 92 f0 f1"  // header: frame_type 1
    )
    /// Non-flexible mode with layer indices, as libwebrtc sends for L1T3.
    static let nonFlexible = CodecFixture.bytes(
        "e8",  // I=1 P=1 L=1 F=0 B=1
        "81 23",  // M=1, picture ID 0x0123
        "53",  // TID=2 U=1 SID=1 D=1
        "2a"  // TL0PICIDX 42
    )
    /// Flexible mode with two references, as libwebrtc sends for L3T3 (SVC).
    static let flexible = CodecFixture.bytes(
        "fd",  // I=1 P=1 L=1 F=1 B=1 E=1 V=0 Z=1
        "05",  // picture ID 5
        "24",  // TID=1 U=0 SID=2 D=0
        "03",  // P_DIFF 1, N=1
        "04"  // P_DIFF 2, N=0
    )
    /// Flexible mode keyframe carrying a three-layer scalability structure.
    static let svcKeyFrame = CodecFixture.bytes(
        "ba",  // I=1 P=0 L=1 F=1 B=1 E=0 V=1
        "80 00",  // picture ID 0 (15 bits)
        "00",  // TID=0 U=0 SID=0 D=0
        "58",  // SS: N_S=2 (three layers), Y=1, G=1
        "01 40 00 b4",  // layer 0: 320 x 180
        "02 80 01 68",  // layer 1: 640 x 360
        "05 00 02 d0",  // layer 2: 1280 x 720
        "02",  // N_G = 2
        "04 02",  // picture 0: TID=0 U=0 R=1, P_DIFF 2
        "38 01 02"  // picture 1: TID=1 U=1 R=2, P_DIFFs 1 and 2
    )

    @Test("GStreamer keyframe: picture ID, SS, bitstream keyframe and size")
    func gstreamerKeyFrameFields() throws {
        let descriptor = try VP9PayloadDescriptor(parsing: Self.gstreamerKeyFrame)
        #expect(descriptor.pictureID == 98 && !descriptor.hasLongPictureID)
        #expect(descriptor.isStartOfFrame && !descriptor.isEndOfFrame && !descriptor.isInterPicturePredicted)
        #expect(descriptor.temporalLayerID == nil && descriptor.spatialLayerID == nil && descriptor.tl0PictureIndex == nil)
        let structure = try #require(descriptor.scalabilityStructure)
        #expect(structure.spatialLayerCount == 1 && structure.hasResolutions && structure.pictureGroupSize == 1)
        #expect(structure.resolution(ofSpatialLayer: 0) == VideoDimensions(width: 320, height: 240))
        #expect(structure.resolution(ofSpatialLayer: 1) == nil)
        #expect(structure.size == 8 && descriptor.size == 10)
        #expect(descriptor.isKeyFrame)
        let header = try #require(descriptor.frameHeader)
        #expect(header.profile == 0 && header.isKeyFrame && !header.showsExistingFrame)
        #expect(header.keyFrameDimensions == VideoDimensions(width: 320, height: 240))
    }

    @Test("GStreamer end of keyframe and inter frame")
    func gstreamerOtherPackets() throws {
        let end = try VP9PayloadDescriptor(parsing: Self.gstreamerKeyFrameEnd)
        #expect(end.isEndOfFrame && !end.isStartOfFrame && !end.isKeyFrame && end.frameHeader == nil)
        let inter = try VP9PayloadDescriptor(parsing: Self.gstreamerInterFrame)
        #expect(inter.isInterPicturePredicted && inter.isStartOfFrame && !inter.isKeyFrame)
        #expect(inter.pictureID == 99 && inter.referenceDifferences.isEmpty)
        #expect(inter.frameHeader?.isKeyFrame == false && inter.frameHeader?.keyFrameDimensions == nil)
    }

    @Test("profile 3 header: reserved bit, 15-bit picture ID")
    func profile3() throws {
        let descriptor = try VP9PayloadDescriptor(parsing: Self.gstreamerProfile3KeyFrame)
        #expect(descriptor.pictureID == 3870 && descriptor.hasLongPictureID && descriptor.isKeyFrame)
        let header = try #require(descriptor.frameHeader)
        #expect(header.profile == 3 && header.isKeyFrame)
        #expect(header.keyFrameDimensions == VideoDimensions(width: 320, height: 240))
    }

    @Test("ffmpeg: the descriptor rule calls every frame start a keyframe; the bitstream tells")
    func ffmpegMissingPBit() throws {
        let key = try VP9PayloadDescriptor(parsing: Self.ffmpegKeyFrame)
        #expect(key.size == 1 && key.pictureID == nil && key.isKeyFrame)
        #expect(key.frameHeader?.isKeyFrame == true)
        #expect(key.frameHeader?.keyFrameDimensions == VideoDimensions(width: 320, height: 240))
        let inter = try VP9PayloadDescriptor(parsing: Self.ffmpegInterFrame)
        #expect(inter.isKeyFrame)  // P=0, B=1, no SID: libwebrtc's and mediasoup's rule says so
        #expect(inter.frameHeader?.isKeyFrame == false)  // the frame itself is inter
    }

    @Test("non-flexible mode: layer indices and TL0PICIDX")
    func nonFlexibleMode() throws {
        let descriptor = try VP9PayloadDescriptor(parsing: Self.nonFlexible)
        #expect(descriptor.pictureID == 0x0123 && descriptor.hasLongPictureID && !descriptor.isFlexibleMode)
        #expect(descriptor.temporalLayerID == 2 && descriptor.isSwitchingUpPoint)
        #expect(descriptor.spatialLayerID == 1 && descriptor.isInterLayerDependent)
        #expect(descriptor.tl0PictureIndex == 42 && descriptor.size == 5 && !descriptor.isKeyFrame)
        #expect(descriptor.frameHeader == nil)  // nothing after the descriptor
    }

    @Test("flexible mode: P_DIFFs, no TL0PICIDX, Z")
    func flexibleMode() throws {
        let descriptor = try VP9PayloadDescriptor(parsing: Self.flexible)
        #expect(descriptor.isFlexibleMode && descriptor.isNotUpperLayerReference && descriptor.isEndOfFrame)
        #expect(descriptor.temporalLayerID == 1 && descriptor.spatialLayerID == 2 && !descriptor.isInterLayerDependent)
        #expect(descriptor.tl0PictureIndex == nil)
        #expect(Array(descriptor.referenceDifferences) == [1, 2])
        #expect(descriptor.size == 5 && !descriptor.isKeyFrame)
    }

    @Test("SVC keyframe: three spatial layers and a group of two pictures")
    func svcKeyFrame() throws {
        let descriptor = try VP9PayloadDescriptor(parsing: Self.svcKeyFrame)
        #expect(descriptor.isKeyFrame && descriptor.spatialLayerID == 0 && descriptor.referenceDifferences.isEmpty)
        let structure = try #require(descriptor.scalabilityStructure)
        #expect(structure.spatialLayerCount == 3 && structure.pictureGroupSize == 2 && structure.size == 19)
        #expect(structure.resolution(ofSpatialLayer: 0) == VideoDimensions(width: 320, height: 180))
        #expect(structure.resolution(ofSpatialLayer: 1) == VideoDimensions(width: 640, height: 360))
        #expect(structure.resolution(ofSpatialLayer: 2) == VideoDimensions(width: 1280, height: 720))
        #expect(descriptor.size == 23 && descriptor.frameHeader == nil)
        // The same structure on an upper layer is not a keyframe.
        var upper = Self.svcKeyFrame
        upper[3] = 0x02  // SID=1
        #expect(try !VP9PayloadDescriptor(parsing: upper).isKeyFrame)
    }

    @Test("truncated and malformed descriptors throw, never trap")
    func badInput() {
        for fixture in [
            Self.gstreamerKeyFrame, Self.gstreamerProfile3KeyFrame, Self.nonFlexible, Self.flexible, Self.svcKeyFrame,
        ] {
            let size = (try? VP9PayloadDescriptor(parsing: fixture).size) ?? 0
            CodecFixture.expectTruncatedPrefixesThrow(fixture, headerSize: size) { bytes throws(CodecPayloadError) in
                try VP9PayloadDescriptor(parsing: bytes)
            }
        }
        #expect(throws: CodecPayloadError.malformed(.vp9TooManyReferences)) {
            // P=1 F=1 B=1, four P_DIFFs each announcing another.
            try VP9PayloadDescriptor(parsing: CodecFixture.bytes("58", "03 05 07 09"))
        }
        // A frame header cut short gives no size but still a descriptor.
        let cut = try? VP9PayloadDescriptor(parsing: CodecFixture.bytes("08", "82 49 83"))
        #expect(cut?.isKeyFrame == true && cut?.frameHeader?.isKeyFrame == true)
        #expect(cut?.frameHeader?.keyFrameDimensions == nil)
        // An encrypted payload (frame marker not 2) has no header.
        #expect((try? VP9PayloadDescriptor(parsing: CodecFixture.bytes("08", "3f ff")))?.frameHeader == nil)
    }

    @Test("rewrite picture ID and TL0PICIDX in place")
    func rewrite() throws {
        var bytes = Self.nonFlexible
        var descriptor = try VP9PayloadDescriptor(parsing: bytes)
        try descriptor.rewrite(in: &bytes, pictureID: 0x8001, tl0PictureIndex: 0xFF)
        #expect(bytes == CodecFixture.bytes("e8", "80 01", "53", "ff"))
        #expect(try VP9PayloadDescriptor(parsing: bytes) == descriptor)

        var short = Self.gstreamerInterFrame
        var shortDescriptor = try VP9PayloadDescriptor(parsing: short)
        try shortDescriptor.rewrite(in: &short, pictureID: 200, tl0PictureIndex: 3)
        #expect(short[1] == 200 & 0x7F && shortDescriptor.tl0PictureIndex == nil)
        #expect(Array(short.dropFirst(2)) == Array(Self.gstreamerInterFrame.dropFirst(2)))

        var other = Self.flexible
        #expect(throws: CodecPayloadError.descriptorMismatch) {
            try descriptor.rewrite(in: &other, pictureID: 1, tl0PictureIndex: 1)
        }
    }
}
