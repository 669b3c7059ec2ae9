// RFC 8285 header extension elements.
//
// One-byte form (§4.2), profile 0xBEDE: a 4-bit id, a 4-bit length minus one,
// then 1–16 bytes. Zero bytes between elements are padding; id 15 stops
// processing of the rest of the block.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |       0xBE    |    0xDE       |           length=3            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        ...data   |    0 (pad)    |    0 (pad)    |  ID   | L=3   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                          data                                 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Two-byte form (§4.3), profile 0x100X: an 8-bit id, an 8-bit length, then
// 0–255 bytes; zero bytes between elements are padding.
//
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |       0x10    |    0x00       |           length=3            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      ID       |     L=0       |     ID        |     L=1       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |       data    |    0 (pad)    |       ID      |      L=4      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                          data                                 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// One header extension element, located in the buffer it was read from.
public struct RTPHeaderExtensionElement: Sendable, Equatable, Hashable {
    /// The element's local id (1–14 in one-byte form, 1–255 in two-byte form).
    public let id: UInt8
    /// Where its value lies in the packet buffer.
    public let valueRange: Range<Int>
}

/// The elements of an RFC 8285 header extension block, in order, read in place.
///
/// Padding bytes are skipped; in one-byte form id 15 ends the iteration
/// (RFC 8285 §4.2). An element that runs past the block ends it too and sets
/// ``isMalformed``: the elements before it are still yielded.
///
/// - Important: it borrows the buffer given to
///   ``RTPHeaderFields/extensionElements(in:)``; use it only while that buffer lives.
public struct RTPHeaderExtensionElements: Sequence, IteratorProtocol {
    enum Form {
        case oneByte
        case twoByte
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    private let end: Int
    private let form: Form?

    /// Whether iteration stopped at an element that runs past the block.
    public private(set) var isMalformed = false

    init(bytes: UnsafeRawBufferPointer, range: Range<Int>, form: Form?) {
        self.bytes = bytes
        self.end = Swift.min(range.upperBound, bytes.count)
        self.offset = Swift.min(Swift.max(range.lowerBound, 0), end)
        self.form = form
    }

    init(bytes: UnsafeRawBufferPointer, range: Range<Int>, profile: RTPExtensionProfile) {
        let form: Form? =
            switch profile {
            case .oneByte: .oneByte
            case .twoByte: .twoByte
            case .other: nil
            }
        self.init(bytes: bytes, range: range, form: form)
    }

    /// The next element, or nil at the end of the block.
    public mutating func next() -> RTPHeaderExtensionElement? {
        guard let form else { return nil }
        while offset < end {
            let first = bytes.u8(offset)
            if first == 0 {
                offset += 1  // a padding byte
                continue
            }
            let id: UInt8
            let start: Int
            let length: Int
            switch form {
            case .oneByte:
                id = first >> 4
                if id == 0 {
                    // id 0 is reserved for padding: skip the byte, whatever its length nibble.
                    offset += 1
                    continue
                }
                if id == 15 {
                    offset = end  // RFC 8285 §4.2: stop processing the block.
                    return nil
                }
                length = Int(first & 0x0F) + 1
                start = offset + 1
            case .twoByte:
                guard offset + 2 <= end else { return stopMalformed() }
                id = first
                length = Int(bytes.u8(offset + 1))
                start = offset + 2
            }
            guard start + length <= end else { return stopMalformed() }
            offset = start + length
            return RTPHeaderExtensionElement(id: id, valueRange: start..<(start + length))
        }
        return nil
    }

    private mutating func stopMalformed() -> RTPHeaderExtensionElement? {
        isMalformed = true
        offset = end
        return nil
    }
}
