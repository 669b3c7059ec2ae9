import Testing

@testable import RTP

@Suite("Demultiplexing (RFC 7983, RFC 5761)")
struct PacketDemuxTests {
    @Test(arguments: [
        // datagram, kind
        (hex("00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00"), PacketKind.stun),  // binding request
        (hex("01 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00"), .stun),  // binding success
        (hex("00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"), .unknown),  // no magic cookie
        (hex("00 01 00 00 21 12 a4 42"), .unknown),  // shorter than a STUN header
        (hex("16 fe fd 00 00 00 00 00 00 00 00 00 10"), .dtls),  // handshake record
        (hex("17 fe fd 00 00"), .unknown),  // shorter than a DTLS record header
        (hex("80 60 00 01 00 00 00 00 00 00 00 01"), .rtp),  // PT 96
        (hex("80 e0 00 01 00 00 00 00 00 00 00 01"), .rtp),  // marker + PT 96: second byte 224
        (hex("80 bf 00 01 00 00 00 00 00 00 00 01"), .rtp),  // marker + PT 63: second byte 191
        (hex("80 c8 00 06"), .rtcp),  // SR
        (hex("81 cd 00 03"), .rtcp),  // RTPFB
        (hex("80 df 00 01"), .rtcp),  // 223, the last RTCP value
        (hex("80 c0 00 01"), .rtcp),  // 192, the first
        (hex("80 60 00 01"), .unknown),  // RTP shorter than its fixed header
        (hex("80"), .unknown),
        (hex("40 00 00 00 00 00 00 00 00 00 00 00"), .unknown),  // TURN channel range
        (hex("10 00 00 00 00 00 00 00 00 00 00 00"), .unknown),  // ZRTP range
        ([], .unknown),
    ])
    func classifies(datagram: [UInt8], kind: PacketKind) {
        #expect(PacketDemux.classify(datagram) == kind)
    }
}
