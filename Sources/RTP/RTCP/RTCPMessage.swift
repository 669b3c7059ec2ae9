// The codec quartet shared by every RTCP message type of this module.

/// An RTCP packet type: parsed from one whole packet (common header included),
/// serialized into a caller's buffer.
public protocol RTCPMessage: Sendable, Equatable {
    /// Parses one RTCP packet: `packet` starts with the common header and holds
    /// at least the length that header announces (bytes after it are ignored).
    init(parsing packet: UnsafeRawBufferPointer) throws(RTCPParseError)

    /// The count of bytes `serialize(into:)` writes (a multiple of 4).
    var serializedSize: Int { get }

    /// Writes the packet at the start of `buffer` and returns the count written.
    ///
    /// Counts limited by the wire format are capped where the type says so
    /// (31 report blocks, chunks or sources; 255 bytes of text).
    ///
    /// - Precondition: `buffer.count >= serializedSize`, and the packet fits
    ///   the 16-bit length field (at most 262,144 bytes): anything parsed does.
    func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

extension RTCPMessage {
    /// Parses one RTCP packet held in an array.
    public init(parsing packet: [UInt8]) throws(RTCPParseError) {
        self = try withBytes(of: packet) { (raw) throws(RTCPParseError) in try Self(parsing: raw) }
    }

    /// The serialized packet.
    public var bytes: [UInt8] {
        makeBytes(size: serializedSize) { serialize(into: $0) }
    }

    /// Checks a serializer's destination.
    @inline(__always)
    func checkCapacity(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = serializedSize
        precondition(buffer.count >= size, "buffer too small for \(Self.self): \(buffer.count) < \(size)")
        return size
    }
}
