// String-valued header extensions, the SDES items carried in RTP headers:
// mid (RFC 9143 §15, urn:ietf:params:rtp-hdrext:sdes:mid), rid and
// repaired-rid (RFC 8852 §3.1, §3.2). The value is the item's text, with no
// terminator:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len   | text (1–16 bytes in one-byte form, up to 255) ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// As libwebrtc does, a NUL byte ends the text (senders may zero-pad it), and
// an empty text is rejected.

/// Reads the text of a string extension: up to the first NUL, non-empty, UTF-8,
/// at most 255 bytes (no element holds more, and no more could be written back).
func parseExtensionText(_ value: UnsafeRawBufferPointer) throws(RTPParseError) -> String {
    var end = 0
    while end < value.count, value[end] != 0 { end += 1 }
    guard end > 0, end <= 255, let text = String(validating: value[0..<end], as: UTF8.self) else {
        throw .badExtensionValue(length: value.count)
    }
    return text
}

/// The text's bytes as written: at most 255 (the two-byte form's limit), cut
/// before a character that would not fit whole.
func extensionTextSize(_ text: String) -> Int {
    let utf8 = text.utf8
    guard utf8.count > 255 else { return utf8.count }
    var size = 255
    let head = Array(utf8.prefix(256))
    while size > 0, head[size] & 0xC0 == 0x80 { size -= 1 }  // a continuation byte would be split
    return size
}

func serializeExtensionText(_ text: String, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    let size = extensionTextSize(text)
    buffer.require(size, "buffer too small for the extension text")
    return buffer.put(text.utf8.prefix(size), at: 0)
}

/// The media identification (MID) of the stream, RFC 9143.
public struct MidExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "urn:ietf:params:rtp-hdrext:sdes:mid"
    /// The MID text (written truncated to 255 bytes).
    public var value: String

    /// A MID value.
    public init(_ value: String) { self.value = value }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        self.value = try parseExtensionText(value)
    }

    public var serializedSize: Int { extensionTextSize(value) }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        serializeExtensionText(value, into: buffer)
    }
}

/// The RTP stream id (RID) of a simulcast encoding, RFC 8852 §3.1.
public struct RidExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
    /// The RID text (written truncated to 255 bytes).
    public var value: String

    /// A RID value.
    public init(_ value: String) { self.value = value }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        self.value = try parseExtensionText(value)
    }

    public var serializedSize: Int { extensionTextSize(value) }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        serializeExtensionText(value, into: buffer)
    }
}

/// The RID of the stream a redundancy (RTX) stream repairs, RFC 8852 §3.2.
public struct RepairedRidExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
    /// The repaired RID text (written truncated to 255 bytes).
    public var value: String

    /// A repaired-RID value.
    public init(_ value: String) { self.value = value }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        self.value = try parseExtensionText(value)
    }

    public var serializedSize: Int { extensionTextSize(value) }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        serializeExtensionText(value, into: buffer)
    }
}
