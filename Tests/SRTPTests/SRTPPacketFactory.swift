/// Random but well-formed RTP packets and RTCP compound packets for the
/// comparison tests: CSRCs, one- and two-byte header extensions, padding,
/// empty and full-size payloads; SR or RR first, then SDES, BYE and feedback.
struct SRTPPacketFactory {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func below(_ bound: Int) -> Int {
        Int(random.next() % UInt64(max(1, bound)))
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    mutating func rtp(ssrc: UInt32, sequence: UInt16) -> [UInt8] {
        let csrcCount = below(4) == 0 ? below(16) : 0
        let hasExtension = below(3) == 0
        let padding = below(5) == 0 ? 1 + below(16) : 0
        var packet: [UInt8] = [
            0x80 | (padding > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | UInt8(csrcCount),
            UInt8(truncatingIfNeeded: random.next()) & 0xFF,
            UInt8(sequence >> 8), UInt8(sequence & 0xFF),
        ]
        packet += bytes(4)  // timestamp
        packet += withUnsafeBytes(of: ssrc.bigEndian, Array.init)
        packet += bytes(4 * csrcCount)
        if hasExtension {
            let words = below(6)
            packet += below(2) == 0 ? [0xBE, 0xDE] : [0x10, 0x00]  // RFC 8285 one-byte or two-byte
            packet += [UInt8(words >> 8), UInt8(words & 0xFF)]
            packet += bytes(4 * words)
        }
        let payload: Int
        switch below(10) {
        case 0: payload = 0
        case 1: payload = 1200
        default: payload = below(1300)
        }
        packet += bytes(payload)
        if padding > 0 {
            packet += [UInt8](repeating: 0, count: padding - 1) + [UInt8(padding)]
        }
        return packet
    }

    mutating func rtcpCompound(ssrc: UInt32) -> [UInt8] {
        let ssrcBytes = withUnsafeBytes(of: ssrc.bigEndian, Array.init)
        var compound: [UInt8] = []
        // SR (sender info + report blocks) or RR (report blocks).
        let isSender = below(2) == 0
        let reports = below(4)
        let words = (isSender ? 6 : 1) + 6 * reports
        compound += [0x80 | UInt8(reports), isSender ? 200 : 201, UInt8(words >> 8), UInt8(words & 0xFF)]
        compound += ssrcBytes
        compound += bytes(4 * (words - 1))
        for _ in 0..<below(4) {
            let type: UInt8 = [202, 203, 205, 206][below(4)]
            let extra = below(8)
            compound += [0x81, type, UInt8((1 + extra) >> 8), UInt8((1 + extra) & 0xFF)]
            compound += ssrcBytes
            compound += bytes(4 * extra)
        }
        return compound
    }
}
