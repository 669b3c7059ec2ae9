/// Where a UDP datagram sits in one captured frame: its endpoints and the range of its payload.
/// Decoding borrows the frame and copies nothing; ``PcapReader`` builds ``PcapPacket`` on top.
public struct PcapUDPDatagram: Sendable, Hashable {
    /// The sender's IP address and UDP port.
    public var source: PcapEndpoint
    /// The receiver's IP address and UDP port.
    public var destination: PcapEndpoint
    /// The UDP payload's byte range within the frame.
    public var payload: Range<Int>

    /// A datagram from its parts.
    public init(source: PcapEndpoint, destination: PcapEndpoint, payload: Range<Int>) {
        self.source = source
        self.destination = destination
        self.payload = payload
    }

    /// Decodes the link-layer, IP and UDP headers of `frame`, one captured record of a capture
    /// whose link type is `linkType`. Throws why the frame holds no whole, unfragmented UDP
    /// datagram; never traps, whatever the bytes.
    public init(parsing frame: UnsafeRawBufferPointer, linkType: PcapLinkType) throws(PcapSkipReason) {
        let bytes = FrameBytes(base: frame)
        let (offset, announced) = try LinkLayer.network(in: bytes, linkType: linkType)
        guard let first = bytes.u8(offset) else { throw .truncated }
        switch (first >> 4, announced) {
        case (4, .ipv4), (4, .either): self = try Self.ipv4(bytes, at: offset)
        case (6, .ipv6), (6, .either): self = try Self.ipv6(bytes, at: offset)
        case (_, .either): throw .notIP
        default: throw .malformed
        }
    }

    /// IPv4 (RFC 791 3.1). Total Length bounds the datagram (Ethernet may pad short frames):
    ///
    ///      0                   1                   2                   3
    ///      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |Version|  IHL  |Type of Service|          Total Length         |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |         Identification        |Flags|      Fragment Offset    |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |  Time to Live |    Protocol   |         Header Checksum       |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                       Source Address                          |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                    Destination Address                        |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                    Options (IHL > 5)                          |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    private static func ipv4(_ bytes: FrameBytes, at offset: Int) throws(PcapSkipReason) -> Self {
        guard let first = bytes.u8(offset), let totalLength = bytes.u16(offset + 2),
              let fragment = bytes.u16(offset + 6), let proto = bytes.u8(offset + 9),
              let source = bytes.u32(offset + 12), let destination = bytes.u32(offset + 16)
        else { throw .truncated }
        let headerLength = Int(first & 0x0F) * 4
        guard headerLength >= 20, Int(totalLength) >= headerLength else { throw .malformed }
        guard bytes.count - offset >= Int(totalLength) else { throw .truncated }
        // More Fragments set, or a non-zero offset: a piece of a larger datagram.
        guard fragment & 0x3FFF == 0 else { throw .fragment }
        guard proto == 17 else { throw .notUDP }
        return try udp(
            bytes, at: offset + headerLength, end: offset + Int(totalLength),
            source: .ipv4(source), destination: .ipv4(destination)
        )
    }

    /// IPv6 (RFC 8200 3), then its extension headers (RFC 8200 4) up to UDP. Hop-by-Hop (0),
    /// Routing (43), Destination Options (60) and AH (51) are stepped over; a Fragment header
    /// (44) makes the datagram a fragment.
    ///
    ///      0                   1                   2                   3
    ///      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |Version| Traffic Class |           Flow Label                  |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |         Payload Length        |  Next Header  |   Hop Limit   |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                  Source Address (16 bytes)                    |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                Destination Address (16 bytes)                 |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    private static func ipv6(_ bytes: FrameBytes, at offset: Int) throws(PcapSkipReason) -> Self {
        guard let payloadLength = bytes.u16(offset + 4), var next = bytes.u8(offset + 6),
              let sourceHigh = bytes.u64(offset + 8), let sourceLow = bytes.u64(offset + 16),
              let destinationHigh = bytes.u64(offset + 24), let destinationLow = bytes.u64(offset + 32)
        else { throw .truncated }
        let end = offset + 40 + Int(payloadLength)
        guard bytes.count >= end else { throw .truncated }
        var header = offset + 40
        while next != 17 {
            switch next {
            case 0, 43, 60, 51:
                guard let following = bytes.u8(header), let length = bytes.u8(header + 1), header + 2 <= end
                else { throw .malformed }
                // AH counts 4-byte words less 2; the others count 8-byte units less 1.
                let size = next == 51 ? (Int(length) + 2) * 4 : (Int(length) + 1) * 8
                guard header + size <= end else { throw .malformed }
                next = following
                header += size
            case 44: throw .fragment
            default: throw .notUDP
            }
        }
        return try udp(
            bytes, at: header, end: end,
            source: .ipv6(sourceHigh, sourceLow), destination: .ipv6(destinationHigh, destinationLow)
        )
    }

    /// UDP (RFC 768). The length covers header and data; it must fit the IP payload.
    ///
    ///      0      7 8     15 16    23 24    31
    ///     +--------+--------+--------+--------+
    ///     |     Source      |   Destination   |
    ///     |      Port       |      Port       |
    ///     +--------+--------+--------+--------+
    ///     |     Length      |    Checksum     |
    ///     +--------+--------+--------+--------+
    ///     |          data octets ...
    ///     +---------------- ...
    private static func udp(
        _ bytes: FrameBytes, at offset: Int, end: Int, source: PcapAddress, destination: PcapAddress
    ) throws(PcapSkipReason) -> Self {
        guard offset + 8 <= end, let sourcePort = bytes.u16(offset), let destinationPort = bytes.u16(offset + 2),
              let length = bytes.u16(offset + 4)
        else { throw .malformed }
        guard length >= 8, offset + Int(length) <= end else { throw .malformed }
        return Self(
            source: PcapEndpoint(address: source, port: sourcePort),
            destination: PcapEndpoint(address: destination, port: destinationPort),
            payload: (offset + 8)..<(offset + Int(length))
        )
    }

    /// The fuzz entry: decodes `data` as a frame of every supported link type and checks that a
    /// decoded payload lies inside the frame. Called by the fuzz target and by the seed tests.
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        for linkType in PcapLinkType.supported {
            guard let datagram = try? PcapUDPDatagram(parsing: data, linkType: linkType) else { continue }
            precondition(datagram.payload.lowerBound >= 0 && datagram.payload.upperBound <= data.count)
        }
    }
}
