// RFC 7983 §7: one UDP or TCP-framed port carries STUN, DTLS, RTP and RTCP;
// the first byte tells them apart.
//
//                  +----------------+
//                  |        [0..3] -+--> STUN
//                  |      [16..19] -+--> ZRTP           (unknown here)
//      packet -->  |      [20..63] -+--> DTLS
//                  |      [64..79] -+--> TURN channel   (unknown here)
//                  |    [128..191] -+--> RTP / RTCP
//                  +----------------+
//
// RFC 5761 §4: with RTP and RTCP on one port, the second byte of an RTCP packet
// is its packet type; RTCP types 192–223 fall where an RTP byte would hold the
// marker bit and payload types 64–95, which RTP must then not use.

/// What a datagram carries.
public enum PacketKind: Sendable, Hashable {
    /// A STUN message (first byte 0–3, magic cookie 0x2112A442, 20-byte header).
    case stun
    /// A DTLS record (first byte 20–63, 13-byte record header).
    case dtls
    /// An RTP (or SRTP) packet (first byte 128–191, 12-byte header).
    case rtp
    /// An RTCP (or SRTCP) packet (first byte 128–191, second 192–223, 4-byte header).
    case rtcp
    /// Anything else, or too short for its kind.
    case unknown
}

/// Demultiplexing of datagrams that share a port (RFC 7983, RFC 5761).
public enum PacketDemux {
    /// The kind of `datagram`, from its first bytes and its length.
    public static func classify(_ datagram: UnsafeRawBufferPointer) -> PacketKind {
        guard let first = datagram.first else { return .unknown }
        switch first {
        case 0...3:
            guard datagram.count >= 20, datagram.u32(4) == 0x2112_A442 else { return .unknown }
            return .stun
        case 20...63:
            return datagram.count >= 13 ? .dtls : .unknown
        case 128...191:
            guard datagram.count >= 2 else { return .unknown }
            if (192...223).contains(datagram.u8(1)) {
                return datagram.count >= 4 ? .rtcp : .unknown
            }
            return datagram.count >= 12 ? .rtp : .unknown
        default:
            return .unknown
        }
    }

    /// The kind of the datagram held in `datagram`.
    public static func classify(_ datagram: [UInt8]) -> PacketKind {
        datagram.withUnsafeBytes { classify($0) }
    }
}
