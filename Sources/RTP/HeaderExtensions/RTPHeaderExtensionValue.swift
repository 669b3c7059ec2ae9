// The value of one RTP header extension element (what follows the RFC 8285
// element header), with the codec quartet: parse from borrowed bytes,
// `serializedSize`, `serialize(into:)`, and an allocating `bytes`.

/// The typed value of a header extension element.
public protocol RTPHeaderExtensionValue: Sendable, Equatable {
    /// The extension's URI, as in SDP `a=extmap` and mediasoup's `headerExtensions`.
    static var uri: String { get }

    /// Parses the element's value bytes (without the element header).
    init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError)

    /// The count of bytes `serialize(into:)` writes.
    var serializedSize: Int { get }

    /// Writes the value at the start of `buffer` and returns the count written.
    ///
    /// - Precondition: `buffer.count >= serializedSize`.
    func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

extension RTPHeaderExtensionValue {
    /// Parses a value held in an array slice, such as ``RTPPacket/headerExtension(id:)`` returns.
    public init(parsing value: ArraySlice<UInt8>) throws(RTPParseError) {
        self = try withBytes(of: value) { (raw) throws(RTPParseError) in try Self(parsing: raw) }
    }

    /// Parses a value held in an array.
    public init(parsing value: [UInt8]) throws(RTPParseError) {
        self = try withBytes(of: value) { (raw) throws(RTPParseError) in try Self(parsing: raw) }
    }

    /// The serialized value.
    public var bytes: [UInt8] {
        makeBytes(size: serializedSize) { serialize(into: $0) }
    }
}

extension UnsafeMutableRawBufferPointer {
    /// Checks a serializer's destination.
    @inline(__always)
    func require(_ size: Int, _ what: @autoclosure () -> String) {
        precondition(count >= size, what())
    }
}
