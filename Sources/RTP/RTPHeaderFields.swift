// RFC 3550 §5.1, the RTP fixed header, and RFC 8285 §4.1, the header extension
// block that follows the CSRC list:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           timestamp                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           synchronization source (SSRC) identifier            |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |            contributing source (CSRC) identifiers             |
//  |                             ....                              |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |      defined by profile       |           length              |  if X = 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  header extension (length words)              |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |                           payload ...                         |
//  |                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                               | padding ...   | padding count |  if P = 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// The "defined by profile" field of an RTP header extension block (RFC 8285 §4.2, §4.3).
public enum RTPExtensionProfile: Sendable, Equatable, Hashable {
    /// 0xBEDE: one-byte element headers (ids 1–14, values of 1–16 bytes).
    case oneByte
    /// 0x1000–0x100F: two-byte element headers (ids 1–255, values of 0–255
    /// bytes); `appBits` is the low nibble, left to the application.
    case twoByte(appBits: UInt8)
    /// Any other value: a header extension that is not RFC 8285's.
    case other(UInt16)

    /// The profile of the 16-bit field value `rawValue`.
    public init(rawValue: UInt16) {
        if rawValue == 0xBEDE {
            self = .oneByte
        } else if rawValue & 0xFFF0 == 0x1000 {
            self = .twoByte(appBits: UInt8(rawValue & 0x0F))
        } else {
            self = .other(rawValue)
        }
    }

    /// The 16-bit field value.
    public var rawValue: UInt16 {
        switch self {
        case .oneByte: 0xBEDE
        case .twoByte(let appBits): 0x1000 | UInt16(appBits & 0x0F)
        case .other(let value): value
        }
    }
}

/// The fields of an RTP header, read from borrowed bytes without allocating.
///
/// Offsets (`payloadOffset`, `extensionRange`) index the buffer that was parsed.
public struct RTPHeaderFields: Sendable, Hashable {
    /// The size of the fixed header, without CSRCs or extension.
    public static let fixedHeaderSize = 12

    /// Always 2 in a parsed header.
    public let version: UInt8
    /// The P bit: padding follows the payload.
    public let padding: Bool
    /// The X bit: a header extension block follows the CSRC list.
    public let `extension`: Bool
    /// The number of CSRC identifiers (0–15).
    public let csrcCount: UInt8
    /// The M bit.
    public let marker: Bool
    /// The payload type (0–127).
    public let payloadType: UInt8
    /// The sequence number.
    public let sequenceNumber: UInt16
    /// The media timestamp.
    public let timestamp: UInt32
    /// The synchronization source.
    public let ssrc: UInt32
    /// Where the payload starts: after the CSRC list and the header extension.
    public let payloadOffset: Int
    /// The payload's length, padding excluded.
    public let payloadLength: Int
    /// The number of padding bytes at the end of the packet (0 when P is clear).
    public let paddingLength: Int
    /// The extension block's profile, nil when X is clear.
    public let extensionProfile: RTPExtensionProfile?
    /// Where the extension block's data lies (after its 4-byte profile and
    /// length header), nil when X is clear.
    public let extensionRange: Range<Int>?

    /// Parses the header of the RTP packet `bytes` (the whole datagram).
    ///
    /// Checks the version, that the CSRC list and the header extension fit, and
    /// that a padding count is between 1 and what follows the header. It does
    /// not check the extension's elements: iterate them with
    /// ``extensionElements(in:)``, which stops at the first malformed one.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(RTPParseError) -> RTPHeaderFields {
        let count = bytes.count
        guard count >= fixedHeaderSize else {
            throw .truncated(needed: fixedHeaderSize, had: count)
        }
        let first = bytes.u8(0)
        let version = first >> 6
        guard version == 2 else { throw .badVersion(version) }
        let hasPadding = first & 0x20 != 0
        let hasExtension = first & 0x10 != 0
        let csrcCount = first & 0x0F
        let second = bytes.u8(1)

        var offset = fixedHeaderSize + Int(csrcCount) * 4
        guard count >= offset else { throw .truncated(needed: offset, had: count) }

        var profile: RTPExtensionProfile?
        var extensionRange: Range<Int>?
        if hasExtension {
            guard count >= offset + 4 else { throw .truncated(needed: offset + 4, had: count) }
            profile = RTPExtensionProfile(rawValue: bytes.u16(offset))
            let start = offset + 4
            let end = start + Int(bytes.u16(offset + 2)) * 4
            guard count >= end else { throw .truncated(needed: end, had: count) }
            extensionRange = start..<end
            offset = end
        }

        var paddingLength = 0
        if hasPadding {
            guard count > offset else { throw .badPadding }
            paddingLength = Int(bytes.u8(count - 1))
            guard paddingLength >= 1, paddingLength <= count - offset else { throw .badPadding }
        }

        return RTPHeaderFields(
            version: version,
            padding: hasPadding,
            extension: hasExtension,
            csrcCount: csrcCount,
            marker: second & 0x80 != 0,
            payloadType: second & 0x7F,
            sequenceNumber: bytes.u16(2),
            timestamp: bytes.u32(4),
            ssrc: bytes.u32(8),
            payloadOffset: offset,
            payloadLength: count - offset - paddingLength,
            paddingLength: paddingLength,
            extensionProfile: profile,
            extensionRange: extensionRange
        )
    }

    /// The CSRC at `index` (0 ..< `csrcCount`) in the parsed packet `bytes`.
    public func csrc(_ index: Int, in bytes: UnsafeRawBufferPointer) -> UInt32? {
        let offset = Self.fixedHeaderSize + index * 4
        guard index >= 0, index < Int(csrcCount), offset + 4 <= bytes.count else { return nil }
        return bytes.u32(offset)
    }

    /// The RFC 8285 elements of the header extension of the parsed packet
    /// `bytes`; empty when there is no extension or its profile is not RFC 8285's.
    public func extensionElements(in bytes: UnsafeRawBufferPointer) -> RTPHeaderExtensionElements {
        guard let extensionRange, let extensionProfile else {
            return RTPHeaderExtensionElements(bytes: bytes, range: 0..<0, form: nil)
        }
        return RTPHeaderExtensionElements(bytes: bytes, range: extensionRange, profile: extensionProfile)
    }

    /// Where the value of the first element with `id` lies in the parsed packet
    /// `bytes`, for reading it or rewriting it in place; nil when absent.
    public func extensionValueRange(id: UInt8, in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        for element in extensionElements(in: bytes) where element.id == id {
            return element.valueRange
        }
        return nil
    }
}
