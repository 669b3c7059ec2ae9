/// Bounds-checked big- and little-endian reads from a borrowed frame: every read past the end
/// answers `nil`, so no header field can trap.
struct FrameBytes {
    let base: UnsafeRawBufferPointer

    var count: Int { base.count }

    func u8(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < base.count ? base[offset] : nil
    }

    func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= base.count - 2 else { return nil }
        return UInt16(base[offset]) << 8 | UInt16(base[offset + 1])
    }

    func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= base.count - 4 else { return nil }
        return (0..<4).reduce(0) { $0 << 8 | UInt32(base[offset + $1]) }
    }

    func u64(_ offset: Int) -> UInt64? {
        guard offset >= 0, offset <= base.count - 8 else { return nil }
        return (0..<8).reduce(0) { $0 << 8 | UInt64(base[offset + $1]) }
    }

    func u32LittleEndian(_ offset: Int) -> UInt32? {
        u32(offset).map { $0.byteSwapped }
    }
}

/// The network layer a link-layer header announces.
enum NetworkProtocol {
    case ipv4
    case ipv6
    /// The link layer does not say (raw IP): the version field decides.
    case either
}

/// Link-layer headers: where the IP datagram starts and which IP version the header announces.
enum LinkLayer {
    /// Ethernet types (IEEE 802.3).
    static let etherTypeIPv4: UInt16 = 0x0800
    static let etherTypeIPv6: UInt16 = 0x86DD

    /// Returns the offset of the IP header in `frame` and the protocol the link layer announces.
    static func network(in frame: FrameBytes, linkType: PcapLinkType) throws(PcapSkipReason) -> (Int, NetworkProtocol) {
        switch linkType {
        case .ethernet: try ethernet(frame)
        case .null, .loop: try loopback(frame)
        case .raw, .linktypeRaw: (0, .either)
        case .ipv4: (0, .ipv4)
        case .ipv6: (0, .ipv6)
        case .linuxSLL: try cooked(frame, protocolOffset: 14, headerLength: 16)
        case .linuxSLL2: try cooked(frame, protocolOffset: 0, headerLength: 20)
        default: throw .notIP  // PcapReader refuses other link types when it opens a file.
        }
    }

    /// Ethernet II (IEEE 802.3), with up to two VLAN tags (802.1Q, 802.1ad):
    ///
    ///      0                   1                   2                   3
    ///      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                  destination MAC (6 bytes)                    |
    ///     +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                               |                               |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
    ///     |                    source MAC (6 bytes)                       |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |  EtherType (0x8100: a tag)    |  [TCI, then the EtherType]    |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    static func ethernet(_ frame: FrameBytes) throws(PcapSkipReason) -> (Int, NetworkProtocol) {
        var offset = 12
        for _ in 0..<3 {
            guard let etherType = frame.u16(offset) else { throw .truncated }
            offset += 2
            switch etherType {
            case etherTypeIPv4: return (offset, .ipv4)
            case etherTypeIPv6: return (offset, .ipv6)
            case 0x8100, 0x88A8, 0x9100: offset += 2  // a VLAN tag: skip its TCI
            default: throw .notIP
            }
        }
        throw .notIP  // more than two tags
    }

    /// BSD loopback (`DLT_NULL`, `DLT_LOOP`): the socket address family, 4 bytes, in the
    /// capturing host's byte order for NULL and in network order for LOOP; both orders are
    /// accepted for both. IPv6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
    ///
    ///      0                   1                   2                   3
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///     |                     address family (AF_)                      |
    ///     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    static func loopback(_ frame: FrameBytes) throws(PcapSkipReason) -> (Int, NetworkProtocol) {
        guard let bigEndian = frame.u32(0), let littleEndian = frame.u32LittleEndian(0) else { throw .truncated }
        for family in [littleEndian, bigEndian] {
            switch family {
            case 2: return (4, .ipv4)
            case 10, 24, 28, 30: return (4, .ipv6)
            default: continue
            }
        }
        throw .notIP
    }

    /// Linux cooked captures. SLL (v1, 16 bytes) ends with the protocol; SLL2 (20 bytes) starts with it:
    ///
    ///     SLL  | packet type (2) | ARPHRD (2) | address length (2) | address (8) | protocol (2) |
    ///     SLL2 | protocol (2) | reserved (2) | interface index (4) | ARPHRD (2) | packet type (1)
    ///          | address length (1) | address (8) |
    static func cooked(
        _ frame: FrameBytes, protocolOffset: Int, headerLength: Int
    ) throws(PcapSkipReason) -> (Int, NetworkProtocol) {
        guard frame.count >= headerLength, let etherType = frame.u16(protocolOffset) else { throw .truncated }
        switch etherType {
        case etherTypeIPv4: return (headerLength, .ipv4)
        case etherTypeIPv6: return (headerLength, .ipv6)
        default: throw .notIP
        }
    }
}
