// What the codec payload parsers (VP8, VP9, H.264, Opus) share: their typed
// error, the helpers that lend an array's bytes to them without copying, and
// the picture size type. Nothing here allocates.

/// Why a codec payload parser rejected its input.
///
/// Parsers never trap on input: a payload is either inspected or rejected with
/// one of these cases. A forwarder drops (and counts) what it cannot inspect.
public enum CodecPayloadError: Error, Hashable, Sendable {
    /// The payload ended inside a field its header announces: the field ends at
    /// byte `needed` of the payload, which has `had` bytes.
    case truncated(needed: Int, had: Int)
    /// A field holds a value the payload format forbids.
    case malformed(CodecPayloadViolation)
    /// A rewrite was asked on a buffer whose descriptor flags differ from the
    /// parsed descriptor's (the buffer is not the payload that was parsed).
    case descriptorMismatch
    /// The MIME type names a codec these parsers do not inspect.
    case unsupportedMimeType
}

/// A rule of a payload format that a payload breaks.
public enum CodecPayloadViolation: Hashable, Sendable {
    /// H.264: NAL unit type 0, 30 or 31 (RFC 6184 Table 1: reserved or undefined).
    case reservedNALUnitType(UInt8)
    /// H.264: an aggregation unit of size 0 (RFC 6184 5.7: the size counts the
    /// NAL unit header, so it is at least 1).
    case emptyAggregationUnit
    /// H.264: an FU header with both the start and end bits (RFC 6184 5.8).
    case fragmentStartAndEnd
    /// H.264: an FU or aggregation unit whose NAL unit type is not 1–23
    /// (aggregations and fragments cannot be fragmented or aggregated).
    case invalidNestedType(UInt8)
    /// H.264: an MTAP16 or MTAP24 packet (types 26, 27: interleaved mode,
    /// which WebRTC never negotiates).
    case unsupportedPacketization(UInt8)
    /// VP9: more than three P_DIFF fields (RFC 9628 4.2).
    case vp9TooManyReferences
    /// Opus: a code 3 packet with a frame count M of 0 (RFC 6716 3.2.5, R5).
    case opusZeroFrameCount
    /// Opus: a packet longer than 120 ms (RFC 6716 3.4, R5).
    case opusDurationOver120ms
    /// Opus: frame lengths that do not add up to the packet (RFC 6716 3.4, R2–R7).
    case opusFrameLengths
}

extension CodecPayloadError {
    /// Runs `body` on the bytes of an array without copying them.
    @inline(__always)
    static func borrowing<T>(
        _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(CodecPayloadError) -> T
    ) throws(CodecPayloadError) -> T {
        try bytes.withUnsafeBytes { raw in Result { () throws(CodecPayloadError) in try body(raw) } }.get()
    }

    /// Runs `body` on the bytes of an array slice without copying them.
    @inline(__always)
    static func borrowing<T>(
        _ bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) throws(CodecPayloadError) -> T
    ) throws(CodecPayloadError) -> T {
        try bytes.withUnsafeBytes { raw in Result { () throws(CodecPayloadError) in try body(raw) } }.get()
    }

    /// Runs `body` on the mutable bytes of an array (copy-on-write applies once).
    @inline(__always)
    static func borrowingMutable<T>(
        _ bytes: inout [UInt8], _ body: (UnsafeMutableRawBufferPointer) throws(CodecPayloadError) -> T
    ) throws(CodecPayloadError) -> T {
        try bytes.withUnsafeMutableBytes { raw in Result { () throws(CodecPayloadError) in try body(raw) } }.get()
    }
}

/// Width and height of a video picture, in pixels.
public struct VideoDimensions: Hashable, Sendable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates dimensions of `width` × `height` pixels.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}
