// In-place rewriting of the VP9 picture ID and TL0PICIDX (RFC 9628 4.2), so a
// receiver sees them continuous when an SFU switches layers; and the fuzz entry.

extension VP9PayloadDescriptor {
    /// Writes a new picture ID and TL0PICIDX into the descriptor at the start
    /// of `payload`, in place, and updates `self` to match.
    ///
    /// Each field keeps its width: a 7-bit picture ID takes `pictureID & 0x7F`,
    /// a 15-bit one `pictureID & 0x7FFF` (`hasLongPictureID`). A value given for
    /// a field the packet does not carry is ignored, as is `nil`.
    ///
    /// - Important: `payload` must hold the bytes this descriptor was parsed
    ///   from (or a copy of them); the flags are checked again, the rest is not.
    /// - Throws: `truncated` if `payload` is shorter than the descriptor,
    ///   `descriptorMismatch` if its flags differ from the parsed ones.
    public mutating func rewrite(
        in payload: UnsafeMutableRawBufferPointer, pictureID newPictureID: UInt16?, tl0PictureIndex newTL0: UInt8?
    ) throws(CodecPayloadError) {
        guard payload.count >= size else { throw .truncated(needed: size, had: payload.count) }
        let hasPictureID = pictureID != nil
        let hasLayers = temporalLayerID != nil
        guard hasPictureID || tl0PictureIndex != nil else { return }
        let flags = payload[0]
        guard (flags & 0x80 != 0) == hasPictureID, (flags & 0x20 != 0) == hasLayers,
            (flags & 0x10 != 0) == isFlexibleMode
        else { throw .descriptorMismatch }
        var offset = 1
        if hasPictureID {
            let long = payload[1] & 0x80 != 0
            guard long == hasLongPictureID else { throw .descriptorMismatch }
            if let newPictureID {
                if long {
                    let value = newPictureID & 0x7FFF
                    payload[1] = 0x80 | UInt8(value >> 8)
                    payload[2] = UInt8(truncatingIfNeeded: value)
                    pictureID = value
                } else {
                    let value = newPictureID & 0x7F
                    payload[1] = UInt8(value)
                    pictureID = value
                }
            }
            offset += long ? 2 : 1
        }
        // TL0PICIDX follows the layer indices byte in non-flexible mode.
        if tl0PictureIndex != nil, let newTL0 {
            payload[offset + 1] = newTL0
            tl0PictureIndex = newTL0
        }
    }

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

    /// Fuzz entry: parses arbitrary bytes; when they parse, rewriting with the
    /// parsed values must leave every byte as it was, and rewriting with other
    /// values must parse back to those values.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard var descriptor = try? VP9PayloadDescriptor(parsing: data) else { return }
        var bytes = [UInt8](data)
        try? descriptor.rewrite(in: &bytes, pictureID: descriptor.pictureID, tl0PictureIndex: descriptor.tl0PictureIndex)
        precondition(bytes.elementsEqual(data), "VP9: rewriting with the parsed values changed the bytes")
        let newPictureID = (descriptor.pictureID ?? 0) &+ 1
        let newTL0 = (descriptor.tl0PictureIndex ?? 0) &+ 1
        try? descriptor.rewrite(in: &bytes, pictureID: newPictureID, tl0PictureIndex: newTL0)
        let reparsed = try? VP9PayloadDescriptor(parsing: bytes)
        precondition(reparsed == descriptor, "VP9: a rewritten descriptor does not parse back to its values")
        if let structure = descriptor.scalabilityStructure {
            for layer in 0..<structure.spatialLayerCount { _ = structure.resolution(ofSpatialLayer: layer) }
        }
        _ = Array(descriptor.referenceDifferences)
    }
}
