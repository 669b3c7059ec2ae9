/// Why bytes were rejected as an RTCP packet or compound packet.
public enum RTCPParseError: Error, Sendable, Equatable {
    /// The bytes end before what the packet announces: `needed` bytes were
    /// required (by the header's length field, a count, or an item length),
    /// `had` were there.
    case truncated(needed: Int, had: Int)
    /// The version field is not 2.
    case badVersion(UInt8)
    /// The P bit is set but the padding count is 0 or larger than the packet's body.
    case badPadding
    /// The packet is not of the type the parser reads (`format` is the header's
    /// count/FMT field).
    case wrongType(packetType: UInt8, format: UInt8)
    /// An SDES chunk has no terminating null item before the packet ends.
    case badSDES
    /// An application-layer feedback packet without the "REMB" identifier.
    case badREMB
    /// A transport-cc feedback with no packet status, or a reserved status symbol.
    case badTransportFeedback
}
