// H.264 RTP payload structures, RFC 6184 section 5: single NAL unit packets
// (5.6), single-time aggregation packets STAP-A and STAP-B (5.7.1) and
// fragmentation units FU-A and FU-B (5.8). MTAP16/MTAP24 (interleaved mode,
// never negotiated in WebRTC) are reported as unsupported.

/// How an H.264 RTP payload carries NAL units (RFC 6184 5.2, Table 1).
public enum H264Packetization: Hashable, Sendable {
    /// NAL unit types 1–23: the payload is one whole NAL unit.
    case singleNALUnit
    /// Type 24: several whole NAL units, each after a 16-bit size.
    case stapA
    /// Type 25: as STAP-A after a 16-bit decoding order number.
    case stapB
    /// Type 28: a fragment of one NAL unit.
    case fuA
    /// Type 29: as FU-A with a 16-bit decoding order number.
    case fuB
}

/// One NAL unit, or one fragment of it, inside an H.264 RTP payload.
public struct H264NALUnit: Hashable, Sendable {
    /// The NAL unit header `F|NRI|Type`; for a fragment, rebuilt from the FU
    /// indicator (F, NRI) and the FU header (type).
    public var header: UInt8
    /// Where the unit lies in the payload: for a whole unit, its bytes header
    /// included; for a fragment, the fragment bytes after the FU header (and
    /// DON), without any NAL unit header.
    public var range: Range<Int>
    /// The unit is a fragment (FU-A, FU-B) rather than a whole NAL unit.
    public var isFragment: Bool

    /// nal_unit_type: 1–23 (5 = IDR slice, 7 = SPS, 8 = PPS).
    public var type: UInt8 { header & 0x1F }
    /// nal_ref_idc: 0 means the unit is not used for reference.
    public var nalRefIdc: UInt8 { (header >> 5) & 0x03 }
}

/// The structure of an H.264 RTP payload (RFC 6184) and the keyframe facts a
/// forwarder needs.
///
/// ```
///  +---------------+   payload header, the first byte of every payload
///  |0|1|2|3|4|5|6|7|
///  +-+-+-+-+-+-+-+-+
///  |F|NRI|  Type   |   Type 1-23 single NAL unit, 24 STAP-A, 25 STAP-B,
///  +---------------+        28 FU-A, 29 FU-B
///
///  STAP-A:  [24] | size (16) | NAL unit | size (16) | NAL unit | ...
///  STAP-B:  [25] | DON (16) | size (16) | NAL unit | ...
///  FU-A:    [28] | S|E|R|Type | fragment ...
///  FU-B:    [29] | S|E|R|Type | DON (16) | fragment ...
/// ```
///
/// Keyframe rule: a packet starts a keyframe when it carries a sequence
/// parameter set (type 7), or the first slice (first_mb_in_slice = 0) of an
/// IDR picture (type 5): whole, inside a STAP, or as an FU with S = 1. An IDR
/// picture's later slices are not keyframe starts, so a consumer that switches
/// on `isKeyFrame` never starts in the middle of a picture. mediasoup's stricter
/// rule (an SPS only) is `containsSPS`.
///
/// Parsing reads the borrowed bytes and allocates nothing.
public struct H264Payload: Hashable, Sendable {
    /// The packetization of the payload.
    public var packetization: H264Packetization
    /// The NAL unit type: of the single NAL unit, of the fragmented NAL unit
    /// (FU), or of the first aggregated unit (STAP).
    public var nalUnitType: UInt8
    /// nal_ref_idc of the payload header (for a STAP, the highest of its units).
    public var nalRefIdc: UInt8
    /// The number of NAL units in the payload (1 for a single NAL unit or a
    /// fragment, the count of aggregation units for a STAP).
    public var nalUnitCount: Int
    /// FU: S, the fragment starts its NAL unit (true for whole units).
    public var isStartOfNALUnit: Bool
    /// FU: E, the fragment ends its NAL unit (true for whole units).
    public var isEndOfNALUnit: Bool
    /// A sequence parameter set (type 7), whole or starting here.
    public var containsSPS: Bool
    /// A picture parameter set (type 8), whole or starting here.
    public var containsPPS: Bool
    /// An IDR slice (type 5), whole or starting here (any slice of the picture).
    public var containsIDRSlice: Bool
    /// The packet starts a keyframe: see the type's documentation.
    public var isKeyFrame: Bool
    /// The picture size from a sequence parameter set in this packet, when one
    /// is there whole (or its first fragment holds that far) and parses.
    public var spsDimensions: VideoDimensions?

    /// Parses an H.264 RTP payload.
    ///
    /// - Throws: `truncated` for an empty payload, an empty STAP, or one that
    ///   ends inside a field or unit; `malformed` for reserved types, empty
    ///   aggregation units, an FU with both S and E, a nested type other than
    ///   1–23, or an MTAP (`.unsupportedPacketization`).
    public init(parsing payload: UnsafeRawBufferPointer) throws(CodecPayloadError) {
        var units = try H264NALUnitWalker(payload)
        packetization = units.packetization
        nalRefIdc = 0
        nalUnitType = 0
        nalUnitCount = 0
        isStartOfNALUnit = true
        isEndOfNALUnit = true
        containsSPS = false
        containsPPS = false
        containsIDRSlice = false
        isKeyFrame = false
        spsDimensions = nil
        if let fragment = units.fragment {
            isStartOfNALUnit = fragment.isStart
            isEndOfNALUnit = fragment.isEnd
        }
        while let unit = try units.next() {
            if nalUnitCount == 0 { nalUnitType = unit.type }
            nalUnitCount += 1
            nalRefIdc = max(nalRefIdc, unit.nalRefIdc)
            // A fragment after the first tells nothing about what starts here.
            guard isStartOfNALUnit else { continue }
            // The first byte of the unit's own payload (after its header).
            let bodyStart = unit.isFragment ? unit.range.lowerBound : unit.range.lowerBound + 1
            switch unit.type {
            case 7:
                containsSPS = true
                isKeyFrame = true
                if spsDimensions == nil {
                    spsDimensions = H264SequenceParameterSet.dimensions(payload, from: bodyStart, to: unit.range.upperBound)
                }
            case 8:
                containsPPS = true
            case 5:
                containsIDRSlice = true
                // first_mb_in_slice is ue(v); it is 0 exactly when the first bit is 1.
                if bodyStart < unit.range.upperBound && payload[bodyStart] & 0x80 != 0 { isKeyFrame = true }
            default:
                break
            }
        }
    }

    /// Parses an H.264 RTP payload (bytes borrowed, not copied).
    public init(parsing payload: [UInt8]) throws(CodecPayloadError) {
        self = try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try Self(parsing: raw) }
    }

    /// Parses an H.264 RTP payload (bytes borrowed, not copied).
    public init(parsing payload: ArraySlice<UInt8>) throws(CodecPayloadError) {
        self = try CodecPayloadError.borrowing(payload) { raw throws(CodecPayloadError) in try Self(parsing: raw) }
    }

    /// The NAL units (or the fragment) of `payload`, in order, without copying.
    ///
    /// Iteration stops at the first malformed unit, so it never traps; parse
    /// the payload first to know it is well formed.
    /// - Important: the sequence borrows `payload`, which must outlive it.
    public static func nalUnits(in payload: UnsafeRawBufferPointer) -> H264NALUnitSequence {
        H264NALUnitSequence(payload: payload)
    }

    /// Fuzz entry: parses arbitrary bytes; when they parse, the NAL unit
    /// sequence must yield as many units as the parse counted, each within
    /// the payload.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard let parsed = try? H264Payload(parsing: data) else { return }
        var count = 0
        for unit in nalUnits(in: data) {
            precondition(unit.range.lowerBound >= 0 && unit.range.upperBound <= data.count, "H264: unit out of bounds")
            count += 1
        }
        precondition(count == parsed.nalUnitCount, "H264: iteration and parse disagree")
    }
}
