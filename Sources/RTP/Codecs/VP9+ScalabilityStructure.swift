// The VP9 scalability structure (SS, RFC 9628 4.2.1) and the fixed-capacity
// list of P_DIFF reference differences (RFC 9628 4.2), both stored inline.

/// The reference picture differences (P_DIFF) of a flexible-mode VP9 packet:
/// up to three, stored inline.
public struct VP9ReferenceDifferences: RandomAccessCollection, Hashable, Sendable {
    /// At most three references per picture (RFC 9628 4.2).
    public static let capacity = 3

    private var storage = SIMD4<UInt8>()
    /// The number of P_DIFFs (0–3).
    public private(set) var count = 0

    /// An empty list.
    public init() {}

    mutating func append(_ difference: UInt8) {
        storage[count] = difference
        count += 1
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The `index`th P_DIFF: how many pictures back the reference is (7 bits).
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "VP9ReferenceDifferences: index out of range")
        return storage[index]
    }
}

/// The scalability structure (SS) of a VP9 payload descriptor (RFC 9628 4.2.1).
///
/// ```
///      +-+-+-+-+-+-+-+-+
/// V:   | N_S |Y|G|-|-|-|
///      +-+-+-+-+-+-+-+-+              -\
/// Y:   |     WIDTH     | (OPTIONAL)    .
///      +               +               .
///      |               | (OPTIONAL)    .
///      +-+-+-+-+-+-+-+-+               . - N_S + 1 times
///      |     HEIGHT    | (OPTIONAL)    .
///      +               +               .
///      |               | (OPTIONAL)    .
///      +-+-+-+-+-+-+-+-+              -/
/// G:   |      N_G      | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+                           -\
/// N_G: |  T  |U| R |-|-| (OPTIONAL)                 .
///      +-+-+-+-+-+-+-+-+              -\            . - N_G times
///      |    P_DIFF     | (OPTIONAL)    . - R times  .
///      +-+-+-+-+-+-+-+-+              -/            -/
/// ```
///
/// The pictures of the group are checked for length, not kept.
public struct VP9ScalabilityStructure: Hashable, Sendable {
    /// N_S + 1: the number of spatial layers in the stream (1–8).
    public var spatialLayerCount: Int
    /// Y: each spatial layer's resolution is given.
    public var hasResolutions: Bool
    /// G: N_G, the number of pictures in the group of frames (0–255), when
    /// the group is described.
    public var pictureGroupSize: Int?
    /// The structure's size in bytes.
    public var size: Int
    /// Width << 16 | height per spatial layer, when Y is set.
    private var packedResolutions = SIMD8<UInt32>()

    /// The resolution of spatial layer `layer` (0 ..< `spatialLayerCount`),
    /// when the structure gives resolutions.
    public func resolution(ofSpatialLayer layer: Int) -> VideoDimensions? {
        guard hasResolutions, layer >= 0, layer < spatialLayerCount else { return nil }
        let packed = packedResolutions[layer]
        return VideoDimensions(width: Int(packed >> 16), height: Int(packed & 0xFFFF))
    }

    /// Parses the structure that starts at `offset` in `payload`.
    init(parsing payload: UnsafeRawBufferPointer, at start: Int) throws(CodecPayloadError) {
        let count = payload.count
        guard count > start else { throw .truncated(needed: start + 1, had: count) }
        let header = payload[start]
        spatialLayerCount = Int(header >> 5) + 1
        hasResolutions = header & 0x10 != 0
        let hasGroup = header & 0x08 != 0
        var offset = start + 1
        if hasResolutions {
            let end = offset + 4 * spatialLayerCount
            guard count >= end else { throw .truncated(needed: end, had: count) }
            for layer in 0..<spatialLayerCount {
                let width = UInt32(payload[offset]) << 8 | UInt32(payload[offset + 1])
                let height = UInt32(payload[offset + 2]) << 8 | UInt32(payload[offset + 3])
                packedResolutions[layer] = width << 16 | height
                offset += 4
            }
        }
        pictureGroupSize = nil
        if hasGroup {
            guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
            let pictures = Int(payload[offset])
            offset += 1
            for _ in 0..<pictures {
                guard count > offset else { throw .truncated(needed: offset + 1, had: count) }
                let references = Int((payload[offset] >> 2) & 0x03)
                offset += 1 + references
                guard count >= offset else { throw .truncated(needed: offset, had: count) }
            }
            pictureGroupSize = pictures
        }
        size = offset - start
    }
}
