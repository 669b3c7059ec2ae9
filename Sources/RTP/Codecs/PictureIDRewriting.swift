// What the VP8 and VP9 payload descriptors share for rewriting: the picture
// ID field (7 or 15 bits, M bit first), the array form of the in-place
// rewrite, and the fuzz entry that checks it.

/// A payload descriptor whose picture ID and TL0PICIDX an SFU rewrites in place.
public protocol PictureIDRewritable: Equatable {
    var pictureID: UInt16? { get }
    var tl0PictureIndex: UInt8? { get }
    init(parsing payload: UnsafeRawBufferPointer) throws(CodecPayloadError)
    /// Writes a new picture ID and TL0PICIDX into the descriptor at the start
    /// of `payload`, in place, and updates `self` to match.
    mutating func rewrite(
        in payload: UnsafeMutableRawBufferPointer, pictureID newPictureID: UInt16?, tl0PictureIndex newTL0: UInt8?
    ) throws(CodecPayloadError)
}

extension PictureIDRewritable {
    /// Rewrites the picture ID and TL0PICIDX of the payload held in `payload`,
    /// in place (see `rewrite(in:pictureID:tl0PictureIndex:)` on a buffer).
    public mutating func rewrite(
        in payload: inout [UInt8], pictureID newPictureID: UInt16?, tl0PictureIndex newTL0: UInt8?
    ) throws(CodecPayloadError) {
        var copy = self
        try CodecPayloadError.borrowingMutable(&payload) { raw throws(CodecPayloadError) in
            try copy.rewrite(in: raw, pictureID: newPictureID, tl0PictureIndex: newTL0)
        }
        self = copy
    }

    /// Fuzz entry: parses arbitrary bytes; when they parse, rewriting the
    /// descriptor with its own values must leave every byte as it was, and
    /// rewriting with other values must parse back to those values.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard var descriptor = try? Self(parsing: data) else { return }
        var bytes = [UInt8](data)
        try? descriptor.rewrite(in: &bytes, pictureID: descriptor.pictureID, tl0PictureIndex: descriptor.tl0PictureIndex)
        precondition(bytes.elementsEqual(data), "\(Self.self): rewriting with the parsed values changed the bytes")
        let newPictureID = (descriptor.pictureID ?? 0) &+ 1
        let newTL0 = (descriptor.tl0PictureIndex ?? 0) &+ 1
        try? descriptor.rewrite(in: &bytes, pictureID: newPictureID, tl0PictureIndex: newTL0)
        let reparsed = bytes.withUnsafeBytes { try? Self(parsing: $0) }
        precondition(reparsed == descriptor, "\(Self.self): a rewritten descriptor does not parse back to its values")
    }
}

/// The picture ID field of VP8 and VP9 descriptors (RFC 7741, RFC 9628): the
/// M bit, then 7 or 15 bits.
enum PictureIDField {
    /// Writes `value` (masked to the field's width) at `offset` of `payload`,
    /// keeping the field's width (`long`: 15 bits, else 7); returns the value written.
    static func write(_ value: UInt16, long: Bool, into payload: UnsafeMutableRawBufferPointer, at offset: Int)
        -> UInt16
    {
        if long {
            let written = value & 0x7FFF
            payload[offset] = 0x80 | UInt8(written >> 8)
            payload[offset + 1] = UInt8(truncatingIfNeeded: written)
            return written
        }
        let written = value & 0x7F
        payload[offset] = UInt8(written)
        return written
    }
}
