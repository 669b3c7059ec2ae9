// VP9 RTP payload descriptor, RFC 9628 section 4.2 (formerly
// draft-ietf-payload-vp9), in flexible and non-flexible mode.

/// The VP9 payload descriptor at the start of an RTP payload (RFC 9628 4.2).
///
/// Flexible mode (F = 1):
/// ```
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// M:   | EXTENDED PID  | (RECOMMENDED)
///      +-+-+-+-+-+-+-+-+
/// L:   | TID |U| SID |D| (Conditionally RECOMMENDED)
///      +-+-+-+-+-+-+-+-+                             -\
/// P,F: | P_DIFF      |N| (Conditionally REQUIRED)    - up to 3 times
///      +-+-+-+-+-+-+-+-+                             -/
/// V:   | SS            |
///      | ..            |
///      +-+-+-+-+-+-+-+-+
/// ```
/// Non-flexible mode (F = 0): the layer indices byte, when present, is followed
/// by TL0PICIDX and there are no P_DIFFs:
/// ```
/// L:   | TID |U| SID |D| (Conditionally RECOMMENDED)
///      +-+-+-+-+-+-+-+-+
///      |   TL0PICIDX   | (Conditionally REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// ```
///
/// Parsing reads the borrowed bytes and allocates nothing.
public struct VP9PayloadDescriptor: Hashable, Sendable {
    /// P: the picture uses inter-picture prediction.
    public var isInterPicturePredicted: Bool
    /// F: flexible mode (references as P_DIFFs) rather than non-flexible mode
    /// (a predefined group of frames, TL0PICIDX).
    public var isFlexibleMode: Bool
    /// B: the packet starts a frame (of one spatial layer).
    public var isStartOfFrame: Bool
    /// E: the packet ends a frame (of one spatial layer).
    public var isEndOfFrame: Bool
    /// Z: the frame is not used as a reference by upper spatial layers.
    public var isNotUpperLayerReference: Bool
    /// I: the picture ID, 7 or 15 bits wide (see `hasLongPictureID`).
    public var pictureID: UInt16?
    /// M: the picture ID field is 15 bits (two bytes) rather than 7.
    public var hasLongPictureID: Bool
    /// L: TID, the temporal layer index (0–7).
    public var temporalLayerID: UInt8?
    /// L: U, a switching-up point: from this frame on, higher temporal layers
    /// use no earlier frame of a temporal layer at or above TID.
    public var isSwitchingUpPoint: Bool
    /// L: SID, the spatial layer index (0–7).
    public var spatialLayerID: UInt8?
    /// L: D, the frame depends on the spatial layer below it.
    public var isInterLayerDependent: Bool
    /// TL0PICIDX (non-flexible mode with L set).
    public var tl0PictureIndex: UInt8?
    /// The reference picture differences P_DIFF (flexible mode with P set).
    public var referenceDifferences: VP9ReferenceDifferences
    /// V: the scalability structure, usually on the first packet of a keyframe.
    public var scalabilityStructure: VP9ScalabilityStructure?
    /// The descriptor's size in bytes: the VP9 payload starts at this offset.
    public var size: Int
    /// The packet starts a keyframe, as libwebrtc and mediasoup decide:
    /// P = 0, B = 1 and SID = 0 (a missing L byte counts as SID 0).
    ///
    /// Some packetizers (ffmpeg's, still marked experimental) never set P; for
    /// those, `frameHeader?.isKeyFrame` tells from the VP9 bitstream itself.
    public var isKeyFrame: Bool
    /// The start of the VP9 uncompressed header when B = 1 and the bytes after
    /// the descriptor hold one (nil otherwise, or when the payload is encrypted
    /// past the descriptor and the frame marker does not match).
    public var frameHeader: VP9FrameHeader?

    /// Parses the descriptor at the start of an RTP payload.
    ///
    /// - Throws: `CodecPayloadError.truncated` when the payload ends inside a
    ///   field its flags announce (an empty payload included).
    public init(parsing payload: UnsafeRawBufferPointer) throws(CodecPayloadError) {
        let count = payload.count
        guard count >= 1 else { throw .truncated(needed: 1, had: 0) }
        let flags = payload[0]
        isInterPicturePredicted = flags & 0x40 != 0
        isFlexibleMode = flags & 0x10 != 0
        isStartOfFrame = flags & 0x08 != 0
        isEndOfFrame = flags & 0x04 != 0
        isNotUpperLayerReference = flags & 0x01 != 0
        pictureID = nil
        hasLongPictureID = false
        temporalLayerID = nil
        isSwitchingUpPoint = false
        spatialLayerID = nil
        isInterLayerDependent = false
        tl0PictureIndex = nil
        referenceDifferences = VP9ReferenceDifferences()
        scalabilityStructure = nil
        frameHeader = nil

        var offset = 1
        if flags & 0x80 != 0 {  // I
            guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
            let high = payload[offset]
            if high & 0x80 != 0 {  // M: 15-bit picture ID
                guard count > offset + 1 else { throw .truncated(needed: offset + 2, had: count) }
                pictureID = UInt16(high & 0x7F) << 8 | UInt16(payload[offset + 1])
                hasLongPictureID = true
                offset += 2
            } else {
                pictureID = UInt16(high)
                offset += 1
            }
        }
        if flags & 0x20 != 0 {  // L
            guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
            let layers = payload[offset]
            temporalLayerID = layers >> 5
            isSwitchingUpPoint = layers & 0x10 != 0
            spatialLayerID = (layers >> 1) & 0x07
            isInterLayerDependent = layers & 0x01 != 0
            offset += 1
            if !isFlexibleMode {
                guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
                tl0PictureIndex = payload[offset]
                offset += 1
            }
        }
        if isFlexibleMode && isInterPicturePredicted {
            // One to three P_DIFF bytes, each with N set when another follows.
            while true {
                guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
                let byte = payload[offset]
                offset += 1
                guard referenceDifferences.count < VP9ReferenceDifferences.capacity else {
                    throw .malformed(.vp9TooManyReferences)
                }
                referenceDifferences.append(byte >> 1)
                if byte & 0x01 == 0 { break }
            }
        }
        if flags & 0x02 != 0 {  // V
            let structure = try VP9ScalabilityStructure(parsing: payload, at: offset)
            scalabilityStructure = structure
            offset += structure.size
        }
        size = offset

        isKeyFrame = !isInterPicturePredicted && isStartOfFrame && (spatialLayerID ?? 0) == 0
        if isStartOfFrame {
            frameHeader = VP9FrameHeader(parsing: payload, at: offset)
        }
    }

    /// Parses the descriptor at the start of `payload` (bytes borrowed, not copied).
    public init(parsing payload: [UInt8]) throws(CodecPayloadError) {
        self = try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try Self(parsing: raw) }
    }

    /// Parses the descriptor at the start of `payload` (bytes borrowed, not copied).
    public init(parsing payload: ArraySlice<UInt8>) throws(CodecPayloadError) {
        self = try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try Self(parsing: raw) }
    }
}
