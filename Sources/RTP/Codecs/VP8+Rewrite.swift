// In-place rewriting of the VP8 picture ID and TL0PICIDX (RFC 7741 4.2), what
// an SFU does to keep both continuous for a receiver when it switches between
// simulcast streams or drops temporal layers (the array form and the fuzz entry:
// PictureIDRewriting.swift).

extension VP8PayloadDescriptor: PictureIDRewritable {
    /// Writes a new picture ID and TL0PICIDX into the descriptor at the start
    /// of `payload`, in place, and updates `self` to match.
    ///
    /// Each field keeps its width: a 7-bit picture ID takes `pictureID & 0x7F`,
    /// a 15-bit one `pictureID & 0x7FFF`, so the caller counts modulo that
    /// width (`hasLongPictureID`). A value given for a field the packet does not
    /// carry is ignored, as is `nil`.
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
        let hasTL0 = tl0PictureIndex != nil
        guard hasPictureID || hasTL0 else { return }
        // Both fields exist only in an extended descriptor: X, then I and L.
        let expectedI: UInt8 = hasPictureID ? 0x80 : 0
        let expectedL: UInt8 = hasTL0 ? 0x40 : 0
        guard payload[0] & 0x80 != 0, payload[1] & 0xC0 == expectedI | expectedL else {
            throw .descriptorMismatch
        }
        var offset = 2
        if hasPictureID {
            let long = payload[2] & 0x80 != 0
            guard long == hasLongPictureID else { throw .descriptorMismatch }
            if let newPictureID {
                pictureID = PictureIDField.write(newPictureID, long: long, into: payload, at: 2)
            }
            offset += long ? 2 : 1
        }
        if hasTL0, let newTL0 {
            payload[offset] = newTL0
            tl0PictureIndex = newTL0
        }
    }
}
