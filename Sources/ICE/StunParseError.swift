/// Why bytes were rejected as a STUN message (RFC 8489 §6, §14).
public enum StunParseError: Error, Sendable, Equatable {
    /// Fewer bytes than the 20-byte header: `needed` were required, `had` given.
    case truncated(needed: Int, had: Int)
    /// Not STUN: the two most significant bits are not zero, or the magic
    /// cookie is not 0x2112A442.
    case notStun
    /// The header's length field (`field`) is not a multiple of 4 or does not
    /// equal the bytes after the header (`had`).
    case badLength(field: Int, had: Int)
    /// An attribute of type `type` whose value (`length` bytes) overruns the
    /// message, or whose length or content is wrong for its type.
    case badAttribute(type: UInt16, length: Int)
    /// An attribute follows FINGERPRINT, which must be the last (§14.7).
    case attributeAfterFingerprint
    /// The FINGERPRINT value is not the CRC-32 of the message before it,
    /// xor 0x5354554E (§14.7).
    case badFingerprint
}
