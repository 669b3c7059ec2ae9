// VP8 RTP payload descriptor, RFC 7741 section 4.2, and the first bytes of the
// VP8 payload header (RFC 7741 4.3, RFC 6386 9.1) for keyframes.

/// The VP8 payload descriptor at the start of an RTP payload (RFC 7741 4.2).
///
/// ```
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (present when M = 1: a 15-bit picture ID)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// ```
///
/// After the descriptor, the first packet of a frame (S = 1, PID = 0) starts
/// with the VP8 payload header, whose P bit is 0 for a keyframe; a keyframe
/// header then holds the start code 9d 01 2a and the 14-bit width and height
/// (RFC 6386 9.1):
///
/// ```
///      +-+-+-+-+-+-+-+-+
///      |Size0|H| VER |P|   frame tag, 3 bytes, little-endian
///      +-+-+-+-+-+-+-+-+
///      |     Size1     |
///      +-+-+-+-+-+-+-+-+
///      |     Size2     |
///      +-+-+-+-+-+-+-+-+
///      | 9d | 01 | 2a  |   start code (keyframes only)
///      |scale|  width  |   2 bytes little-endian: 2-bit scale, 14-bit width
///      |scale| height  |   2 bytes little-endian: 2-bit scale, 14-bit height
/// ```
///
/// Parsing reads the borrowed bytes and allocates nothing.
public struct VP8PayloadDescriptor: Hashable, Sendable {
    /// N: the frame can be discarded without affecting any other frame.
    public var isNonReference: Bool
    /// S: the packet starts a VP8 partition.
    public var isStartOfPartition: Bool
    /// PID: the partition index, 0–7.
    public var partitionIndex: UInt8
    /// I: the picture ID, 7 or 15 bits wide (see `hasLongPictureID`).
    public var pictureID: UInt16?
    /// M: the picture ID field is 15 bits (two bytes) rather than 7.
    public var hasLongPictureID: Bool
    /// L: TL0PICIDX, the running index of the temporal base layer frames.
    public var tl0PictureIndex: UInt8?
    /// T: TID, the temporal layer index (0–3).
    public var temporalLayerID: UInt8?
    /// Y: the frame depends only on the base layer (valid when T is set).
    public var isLayerSync: Bool
    /// K: KEYIDX, the running index of keyframes (0–31).
    public var keyIndex: UInt8?
    /// The descriptor's size in bytes: the VP8 payload starts at this offset.
    public var size: Int
    /// The packet is the first of a keyframe: S = 1, PID = 0 and the P bit of
    /// the VP8 payload header is 0.
    public var isKeyFrame: Bool
    /// A keyframe's width and height, when its first packet holds the start
    /// code and the size fields (10 bytes after the descriptor).
    public var keyFrameDimensions: VideoDimensions?

    /// S = 1 and PID = 0: the packet is the first of a frame.
    public var isStartOfFrame: Bool { isStartOfPartition && partitionIndex == 0 }

    /// Parses the descriptor at the start of an RTP payload.
    ///
    /// - Throws: `CodecPayloadError.truncated` when the payload ends inside a
    ///   field its flags announce (an empty payload included).
    public init(parsing payload: UnsafeRawBufferPointer) throws(CodecPayloadError) {
        let count = payload.count
        guard count >= 1 else { throw .truncated(needed: 1, had: 0) }
        let first = payload[0]
        let extended = first & 0x80 != 0
        isNonReference = first & 0x20 != 0
        isStartOfPartition = first & 0x10 != 0
        partitionIndex = first & 0x07
        pictureID = nil
        hasLongPictureID = false
        tl0PictureIndex = nil
        temporalLayerID = nil
        isLayerSync = false
        keyIndex = nil
        isKeyFrame = false
        keyFrameDimensions = nil

        var offset = 1
        if extended {
            guard count >= 2 else { throw .truncated(needed: 2, had: count) }
            let flags = payload[1]
            offset = 2
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
            if flags & 0x40 != 0 {  // L
                guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
                tl0PictureIndex = payload[offset]
                offset += 1
            }
            let hasT = flags & 0x20 != 0
            let hasK = flags & 0x10 != 0
            if hasT || hasK {
                guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
                let byte = payload[offset]
                if hasT {
                    temporalLayerID = byte >> 6
                    isLayerSync = byte & 0x20 != 0
                }
                if hasK { keyIndex = byte & 0x1F }
                offset += 1
            }
        }
        size = offset

        // The VP8 payload header: only the first packet of a frame has one.
        if isStartOfPartition && partitionIndex == 0 && count > offset && payload[offset] & 0x01 == 0 {
            isKeyFrame = true
            keyFrameDimensions = Self.keyFrameDimensions(payload, headerAt: offset)
        }
    }

    /// Width and height from a keyframe header at `offset`, if complete.
    private static func keyFrameDimensions(_ payload: UnsafeRawBufferPointer, headerAt offset: Int) -> VideoDimensions? {
        guard payload.count >= offset + 10,
            payload[offset + 3] == 0x9D, payload[offset + 4] == 0x01, payload[offset + 5] == 0x2A
        else { return nil }
        let width = Int(payload[offset + 6]) | Int(payload[offset + 7] & 0x3F) << 8
        let height = Int(payload[offset + 8]) | Int(payload[offset + 9] & 0x3F) << 8
        return VideoDimensions(width: width, height: height)
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
