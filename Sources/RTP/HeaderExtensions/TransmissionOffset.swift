// toffset (RFC 5450 §3): the offset, in RTP timestamp units, between the
// packet's transmission time and its RTP timestamp; a 24-bit signed integer.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=2 |              transmission offset              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// The transmission time offset of a packet (RFC 5450).
public struct TransmissionOffsetExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "urn:ietf:params:rtp-hdrext:toffset"

    /// The offset in RTP clock units, -8,388,608 to 8,388,607.
    public var offset: Int32 {
        didSet { offset = Self.clamp(offset) }
    }

    /// A value; `offset` is clamped to the 24-bit range.
    public init(offset: Int32) {
        self.offset = Self.clamp(offset)
    }

    private static func clamp(_ value: Int32) -> Int32 {
        min(max(value, -0x80_0000), 0x7F_FFFF)
    }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 3 else { throw .badExtensionValue(length: value.count) }
        self.offset = value.i24(0)
    }

    public var serializedSize: Int { 3 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(3, "buffer too small for toffset")
        buffer.put24(UInt32(bitPattern: offset) & 0xFF_FFFF, at: 0)
        return 3
    }
}
