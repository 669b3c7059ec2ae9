/// Why bytes were rejected as an RTP packet, or why a header extension could
/// not be read or written.
public enum RTPParseError: Error, Sendable, Equatable {
    /// The packet ends before the header it announces: `needed` bytes were
    /// required (fixed header, CSRC list or header extension), `had` were given.
    case truncated(needed: Int, had: Int)
    /// The version field is not 2.
    case badVersion(UInt8)
    /// The P bit is set but the padding count is 0 or larger than what follows
    /// the header (RFC 3550 §5.1).
    case badPadding
    /// The header extension is not in an RFC 8285 form that can be rewritten,
    /// or an element does not fit in it.
    case badExtension
    /// An element that no RFC 8285 form can carry: id 0, or a value longer than
    /// 255 bytes (two-byte form) — the one-byte form takes ids 1–14 with 1–16 bytes.
    case invalidExtensionElement(id: UInt8, length: Int)
    /// A header extension value has the wrong length or content for its type.
    case badExtensionValue(length: Int)
}
