// transport-wide-cc (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2):
// a sequence number shared by every stream of the transport, which the
// transport-cc feedback (RTCP/TransportFeedback.swift) acknowledges.
//
//   0                   1                   2
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | L=1   |transport-wide sequence number |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// The transport-wide sequence number of a packet.
public struct TransportWideSequenceNumberExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"

    /// The 16-bit sequence number.
    public var sequenceNumber: UInt16

    /// The value `sequenceNumber`.
    public init(sequenceNumber: UInt16) {
        self.sequenceNumber = sequenceNumber
    }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 2 else { throw .badExtensionValue(length: value.count) }
        self.sequenceNumber = value.u16(0)
    }

    public var serializedSize: Int { 2 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(2, "buffer too small for transport-wide-cc")
        buffer.put16(sequenceNumber, at: 0)
        return 2
    }
}
