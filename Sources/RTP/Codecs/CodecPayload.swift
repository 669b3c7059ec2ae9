// One call for the forwarding code: given a codec (from its MIME type) and an
// RTP payload, what a selective forwarder needs to know about the packet.

/// What a forwarder needs to know about one RTP payload, whatever the codec.
public struct PayloadInfo: Hashable, Sendable {
    /// The packet starts a keyframe (per codec: VP8 P bit, VP9 P/B/SID,
    /// H.264 SPS or first IDR slice; never for audio).
    public var isKeyFrame: Bool
    /// The spatial layer index carried in the payload (VP9 SID), if any.
    /// Simulcast layers are told by SSRC or RID, not by the payload.
    public var spatialLayer: Int?
    /// The temporal layer index carried in the payload (VP8 or VP9 TID), if any.
    public var temporalLayer: Int?
    /// A point where a receiver can switch up to `temporalLayer` (VP8 Y, VP9 U).
    public var isLayerSync: Bool
    /// The picture ID (VP8, VP9), if present.
    public var pictureID: UInt16?
    /// TL0PICIDX (VP8, non-flexible VP9), if present.
    public var tl0PictureIndex: UInt8?
    /// Opus: the packet is DTX or comfort noise (no frame data).
    public var isDTX: Bool
    /// The picture size, when this packet tells it (a VP8 or VP9 keyframe
    /// header, an H.264 SPS).
    public var dimensions: VideoDimensions?

    /// Creates the facts of a payload; every field but `isKeyFrame` defaults
    /// to absent.
    public init(
        isKeyFrame: Bool = false, spatialLayer: Int? = nil, temporalLayer: Int? = nil, isLayerSync: Bool = false,
        pictureID: UInt16? = nil, tl0PictureIndex: UInt8? = nil, isDTX: Bool = false,
        dimensions: VideoDimensions? = nil
    ) {
        self.isKeyFrame = isKeyFrame
        self.spatialLayer = spatialLayer
        self.temporalLayer = temporalLayer
        self.isLayerSync = isLayerSync
        self.pictureID = pictureID
        self.tl0PictureIndex = tl0PictureIndex
        self.isDTX = isDTX
        self.dimensions = dimensions
    }
}

/// The entry point of payload inspection: one call per packet.
public enum CodecPayload {
    /// The codecs whose payloads can be inspected.
    public enum Codec: Hashable, Sendable {
        /// `video/VP8`, RFC 7741.
        case vp8
        /// `video/VP9`, RFC 9628.
        case vp9
        /// `video/H264`, RFC 6184.
        case h264
        /// `audio/opus`, RFC 7587.
        case opus
        /// `audio/multiopus`: only the first stream's TOC is read.
        case multiopus

        /// The codec of a MIME type, compared without regard to ASCII case
        /// (`video/vp8`, `VIDEO/VP8`…); nil for any other codec. Resolve it
        /// once per stream, not per packet.
        public init?(mimeType: String) {
            if Self.matches(mimeType, "video/vp8") {
                self = .vp8
            } else if Self.matches(mimeType, "video/vp9") {
                self = .vp9
            } else if Self.matches(mimeType, "video/h264") {
                self = .h264
            } else if Self.matches(mimeType, "audio/opus") {
                self = .opus
            } else if Self.matches(mimeType, "audio/multiopus") {
                self = .multiopus
            } else {
                return nil
            }
        }

        /// ASCII case-insensitive equality with a lowercase literal.
        private static func matches(_ candidate: String, _ lowercase: StaticString) -> Bool {
            let target = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
            guard candidate.utf8.count == target.count else { return false }
            for (byte, expected) in zip(candidate.utf8, target) {
                let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if folded != expected { return false }
            }
            return true
        }
    }

    /// Inspects an RTP payload of `codec`.
    ///
    /// - Throws: the codec parser's `CodecPayloadError`.
    public static func inspect(_ payload: UnsafeRawBufferPointer, codec: Codec) throws(CodecPayloadError) -> PayloadInfo {
        switch codec {
        case .vp8:
            let descriptor = try VP8PayloadDescriptor(parsing: payload)
            return PayloadInfo(
                isKeyFrame: descriptor.isKeyFrame, temporalLayer: descriptor.temporalLayerID.map(Int.init),
                isLayerSync: descriptor.temporalLayerID != nil && descriptor.isLayerSync,
                pictureID: descriptor.pictureID, tl0PictureIndex: descriptor.tl0PictureIndex,
                dimensions: descriptor.keyFrameDimensions)
        case .vp9:
            let descriptor = try VP9PayloadDescriptor(parsing: payload)
            let dimensions =
                descriptor.isKeyFrame
                ? descriptor.frameHeader?.keyFrameDimensions
                    ?? descriptor.scalabilityStructure?.resolution(ofSpatialLayer: 0)
                : nil
            return PayloadInfo(
                isKeyFrame: descriptor.isKeyFrame, spatialLayer: descriptor.spatialLayerID.map(Int.init),
                temporalLayer: descriptor.temporalLayerID.map(Int.init), isLayerSync: descriptor.isSwitchingUpPoint,
                pictureID: descriptor.pictureID, tl0PictureIndex: descriptor.tl0PictureIndex, dimensions: dimensions)
        case .h264:
            let parsed = try H264Payload(parsing: payload)
            return PayloadInfo(isKeyFrame: parsed.isKeyFrame, dimensions: parsed.spsDimensions)
        case .opus:
            return PayloadInfo(isDTX: try OpusPayload(parsing: payload).isDTX)
        case .multiopus:
            return PayloadInfo(isDTX: try OpusPayload(parsing: payload, checksFrameLengths: false).isDTX)
        }
    }

    /// Inspects an RTP payload of the codec named by `mimeType`.
    ///
    /// - Throws: `unsupportedMimeType` for a codec other than VP8, VP9, H.264,
    ///   Opus and multiopus; else the codec parser's `CodecPayloadError`.
    public static func inspect(_ payload: UnsafeRawBufferPointer, mimeType: String) throws(CodecPayloadError) -> PayloadInfo {
        guard let codec = Codec(mimeType: mimeType) else { throw .unsupportedMimeType }
        return try inspect(payload, codec: codec)
    }

    /// Inspects an RTP payload held in an array (bytes borrowed, not copied).
    public static func inspect(_ payload: [UInt8], mimeType: String) throws(CodecPayloadError) -> PayloadInfo {
        try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try inspect(raw, mimeType: mimeType) }
    }

    /// Inspects an RTP payload held in an array slice (bytes borrowed, not copied).
    public static func inspect(_ payload: ArraySlice<UInt8>, mimeType: String) throws(CodecPayloadError) -> PayloadInfo {
        try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try inspect(raw, mimeType: mimeType) }
    }

    /// Fuzz entry: the same bytes through every codec parser and their own
    /// fuzz checks; none may trap.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        for codec in [Codec.vp8, .vp9, .h264, .opus, .multiopus] { _ = try? inspect(data, codec: codec) }
        VP8PayloadDescriptor.fuzz(data)
        VP9PayloadDescriptor.fuzz(data)
        H264Payload.fuzz(data)
        OpusPayload.fuzz(data)
    }
}
