// In-place rewriting of the VP8 picture ID and TL0PICIDX (RFC 7741 4.2), what
// an SFU does to keep both continuous for a receiver when it switches between
// simulcast streams or drops temporal layers; and the fuzz entry.

extension VP8PayloadDescriptor {
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
                if long {
                    let value = newPictureID & 0x7FFF
                    payload[2] = 0x80 | UInt8(value >> 8)
                    payload[3] = UInt8(truncatingIfNeeded: value)
                    pictureID = value
                } else {
                    let value = newPictureID & 0x7F
                    payload[2] = UInt8(value)
                    pictureID = value
                }
            }
            offset += long ? 2 : 1
        }
        if hasTL0, let newTL0 {
            payload[offset] = newTL0
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

    /// Fuzz entry: parses arbitrary bytes; when they parse, rewriting the
    /// descriptor with its own values must leave every byte as it was, and
    /// rewriting with other values must parse back to those values.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        guard var descriptor = try? VP8PayloadDescriptor(parsing: data) else { return }
        var bytes = [UInt8](data)
        try? descriptor.rewrite(in: &bytes, pictureID: descriptor.pictureID, tl0PictureIndex: descriptor.tl0PictureIndex)
        precondition(bytes.elementsEqual(data), "VP8: rewriting with the parsed values changed the bytes")
        let newPictureID = (descriptor.pictureID ?? 0) &+ 1
        let newTL0 = (descriptor.tl0PictureIndex ?? 0) &+ 1
        try? descriptor.rewrite(in: &bytes, pictureID: newPictureID, tl0PictureIndex: newTL0)
        let reparsed = try? VP8PayloadDescriptor(parsing: bytes)
        precondition(reparsed == descriptor, "VP8: a rewritten descriptor does not parse back to its values")
    }
}
