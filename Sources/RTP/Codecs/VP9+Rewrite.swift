// In-place rewriting of the VP9 picture ID and TL0PICIDX (RFC 9628 4.2), so a
// receiver sees them continuous when an SFU switches layers (the array form and
// the fuzz entry: PictureIDRewriting.swift).

extension VP9PayloadDescriptor: PictureIDRewritable {
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
                pictureID = PictureIDField.write(newPictureID, long: long, into: payload, at: 1)
            }
            offset += long ? 2 : 1
        }
        // TL0PICIDX follows the layer indices byte in non-flexible mode.
        if tl0PictureIndex != nil, let newTL0 {
            payload[offset + 1] = newTL0
            tl0PictureIndex = newTL0
        }
    }
}
