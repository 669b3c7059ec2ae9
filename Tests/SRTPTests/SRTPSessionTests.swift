import Testing
@testable import SRTP

/// Behaviour of sessions on all four suites: in-place round trips, the
/// distinct failures (tamper, replay, wrong key, wrong direction), and short or
/// garbled input that must be refused without a trap.
@Suite struct SRTPSessionTests {
    static let suites = SRTPCryptoSuite.allCases

    static func key(_ suite: SRTPCryptoSuite, seed: UInt8 = 0x31) -> [UInt8] {
        (0..<suite.masterKeyLength).map { UInt8(truncatingIfNeeded: Int(seed) &+ $0 &* 7) }
    }

    static func pair(_ suite: SRTPCryptoSuite) throws -> (outbound: SRTPSession, inbound: SRTPSession) {
        (
            try SRTPSession(suite: suite, direction: .outbound, masterKey: key(suite)),
            try SRTPSession(suite: suite, direction: .inbound, masterKey: key(suite))
        )
    }

    /// A 1,200-byte RTP packet: V=2, PT=96, the given sequence, SSRC 0x01020304.
    static func rtpPacket(sequence: UInt16, ssrc: UInt32 = 0x0102_0304, length: Int = 1200) -> [UInt8] {
        var packet: [UInt8] = [0x80, 0x60, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0x10, 0x00]
        packet += withUnsafeBytes(of: ssrc.bigEndian, Array.init)
        packet += (12..<length).map { UInt8(truncatingIfNeeded: $0) }
        return packet
    }

    /// An RTCP receiver report (RC=1, length 7 words) from SSRC 0x01020304.
    static let rtcpPacket: [UInt8] = [
        0x81, 0xC9, 0x00, 0x07, 0x01, 0x02, 0x03, 0x04,  // header, sender SSRC
        0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x00, 0x00, 0x00,  // report block: SSRC, lost
        0x00, 0x00, 0x12, 0x34, 0x00, 0x00, 0x00, 0x10,  // highest sequence, jitter
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // LSR, DLSR
    ]

    @Test(arguments: suites) func roundTripsInPlaceWithinTheTrailer(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        #expect(outbound.maxTrailerLength == suite.maxTrailerLength)
        for (isRTCP, packet) in [(false, Self.rtpPacket(sequence: 7)), (true, Self.rtcpPacket)] {
            let canary: UInt8 = 0xEE
            var buffer = packet + [UInt8](repeating: canary, count: outbound.maxTrailerLength + 32)
            try buffer.withUnsafeMutableBytes { raw in
                let protected = try isRTCP
                    ? outbound.protectRTCP(raw, length: packet.count)
                    : outbound.protectRTP(raw, length: packet.count)
                #expect(protected > packet.count && protected <= packet.count + outbound.maxTrailerLength)
                // Protect wrote nothing past the new length.
                #expect(raw[protected...].allSatisfy { $0 == canary })
                let encrypted = isRTCP ? 8 : 12  // what follows the clear header
                #expect(!raw[encrypted..<packet.count].elementsEqual(packet[encrypted...]))
                let plain = try isRTCP
                    ? inbound.unprotectRTCP(raw, length: protected)
                    : inbound.unprotectRTP(raw, length: protected)
                #expect(plain == packet.count)
                #expect(raw[..<plain].elementsEqual(packet))
            }
        }
    }

    @Test(arguments: suites) func manyPacketsAndStreams(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        // Two SSRCs interleaved, through a sequence wrap, with one reordered pair.
        var sequences: [UInt16] = Array(65_530...65_535) + Array(0...5)
        sequences.swapAt(3, 4)
        for sequence in sequences {
            for ssrc: UInt32 in [0xAAAA_0001, 0xBBBB_0002] {
                let packet = Self.rtpPacket(sequence: sequence, ssrc: ssrc, length: 100)
                #expect(try inbound.unprotectRTP(outbound.protectRTP(packet)) == packet)
            }
        }
    }

    @Test(arguments: suites) func tamperedPacketFailsAuthentication(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        let protected = try outbound.protectRTP(Self.rtpPacket(sequence: 1, length: 200))
        // A flipped bit in the header, the payload and the tag.
        for index in [1, 100, protected.count - 1] {
            var tampered = protected
            tampered[index] ^= 0x01
            #expect(throws: SRTPError.authenticationFailed) { try inbound.unprotectRTP(tampered) }
        }
        let protectedRTCP = try outbound.protectRTCP(Self.rtcpPacket)
        var tampered = protectedRTCP
        tampered[6] ^= 0x80
        #expect(throws: SRTPError.authenticationFailed) { try inbound.unprotectRTCP(tampered) }
        // The untouched packets still verify afterwards.
        #expect(try inbound.unprotectRTP(protected) == Self.rtpPacket(sequence: 1, length: 200))
        #expect(try inbound.unprotectRTCP(protectedRTCP) == Self.rtcpPacket)
    }

    @Test(arguments: suites) func replayedPacketIsRefused(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        let first = try outbound.protectRTP(Self.rtpPacket(sequence: 10))
        #expect(try inbound.unprotectRTP(first).count == 1200)
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(first) }
        // Far behind the 1,024-packet window: "too old" is a replay too.
        let old = try outbound.protectRTP(Self.rtpPacket(sequence: 11))
        _ = try inbound.unprotectRTP(outbound.protectRTP(Self.rtpPacket(sequence: 11 + 2000)))
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(old) }

        let report = try outbound.protectRTCP(Self.rtcpPacket)
        _ = try inbound.unprotectRTCP(report)
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTCP(report) }
    }

    @Test func removingAStreamForgetsItsReplayWindow() throws {
        let (outbound, inbound) = try Self.pair(.aeadAes128Gcm)
        let packet = try outbound.protectRTP(Self.rtpPacket(sequence: 42))
        _ = try inbound.unprotectRTP(packet)
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(packet) }
        inbound.removeStream(ssrc: 0x0102_0304)
        #expect(try inbound.unprotectRTP(packet).count == 1200)
        inbound.removeStream(ssrc: 0xDEAD_BEEF)  // unknown: no effect, no error
    }

    @Test(arguments: suites) func outboundMayRepeatASequenceNumber(_ suite: SRTPCryptoSuite) throws {
        // Retransmission without RTX re-sends the same packet (allow_repeat_tx).
        let (outbound, _) = try Self.pair(suite)
        let packet = Self.rtpPacket(sequence: 5)
        #expect(try outbound.protectRTP(packet) == outbound.protectRTP(packet))
    }

    @Test(arguments: suites) func wrongKeyFails(_ suite: SRTPCryptoSuite) throws {
        let outbound = try SRTPSession(suite: suite, direction: .outbound, masterKey: Self.key(suite))
        let stranger = try SRTPSession(suite: suite, direction: .inbound, masterKey: Self.key(suite, seed: 0x99))
        #expect(throws: SRTPError.authenticationFailed) {
            try stranger.unprotectRTP(outbound.protectRTP(Self.rtpPacket(sequence: 1)))
        }
        #expect(throws: SRTPError.authenticationFailed) {
            try stranger.unprotectRTCP(outbound.protectRTCP(Self.rtcpPacket))
        }
    }

    @Test func wrongSuiteFails() throws {
        let outbound = try SRTPSession(
            suite: .aesCm128HmacSha1_80, direction: .outbound, masterKey: Self.key(.aesCm128HmacSha1_80))
        let inbound = try SRTPSession(
            suite: .aesCm128HmacSha1_32, direction: .inbound, masterKey: Self.key(.aesCm128HmacSha1_32))
        #expect(throws: SRTPError.authenticationFailed) {
            try inbound.unprotectRTP(outbound.protectRTP(Self.rtpPacket(sequence: 1)))
        }
    }

    @Test func directionIsEnforced() throws {
        let (outbound, inbound) = try Self.pair(.aesCm128HmacSha1_80)
        #expect(throws: SRTPError.wrongDirection) { try inbound.protectRTP(Self.rtpPacket(sequence: 1)) }
        #expect(throws: SRTPError.wrongDirection) { try inbound.protectRTCP(Self.rtcpPacket) }
        #expect(throws: SRTPError.wrongDirection) { try outbound.unprotectRTP(Self.rtpPacket(sequence: 1)) }
        #expect(throws: SRTPError.wrongDirection) { try outbound.unprotectRTCP(Self.rtcpPacket) }
    }

    @Test(arguments: suites) func keyLengthAndBase64(_ suite: SRTPCryptoSuite) throws {
        for wrong in [0, suite.masterKeyLength - 1, suite.masterKeyLength + 1] {
            #expect(throws: SRTPError.invalidKeyLength(expected: suite.masterKeyLength, actual: wrong)) {
                try SRTPSession(suite: suite, direction: .inbound, masterKey: [UInt8](repeating: 1, count: wrong))
            }
        }
        #expect(throws: SRTPError.invalidBase64) {
            try SRTPSession(suite: suite, direction: .inbound, keyBase64: "not base64!")
        }
        // The same key as bytes and as Base64 makes compatible sessions.
        let keyBase64 = Self.base64(Self.key(suite))
        let outbound = try SRTPSession(suite: suite, direction: .outbound, keyBase64: keyBase64)
        let inbound = try SRTPSession(suite: suite, direction: .inbound, masterKey: Self.key(suite))
        let packet = Self.rtpPacket(sequence: 3)
        #expect(try inbound.unprotectRTP(outbound.protectRTP(packet)) == packet)
    }

    @Test func bufferTooSmallForTheTrailer() throws {
        let (outbound, _) = try Self.pair(.aeadAes256Gcm)
        var buffer = Self.rtpPacket(sequence: 1, length: 100) + [UInt8](repeating: 0, count: 19)
        buffer.withUnsafeMutableBytes { raw in
            #expect(throws: SRTPError.bufferTooSmall(needed: 120, available: 119)) {
                try outbound.protectRTP(raw, length: 100)
            }
            #expect(throws: SRTPError.bufferTooSmall(needed: 120, available: 119)) {
                try outbound.protectRTCP(raw, length: 100)
            }
            #expect(throws: SRTPError.truncated(length: -1, needed: 0)) { try outbound.protectRTP(raw, length: -1) }
        }
        var huge = [UInt8](repeating: 0x80, count: 70_000)
        huge.withUnsafeMutableBytes { raw in
            let error = #expect(throws: SRTPError.self) { try outbound.protectRTP(raw, length: 65_536) }
            #expect(error == .oversized(length: 65_536, maximum: 65_535))
        }
    }

    @Test(arguments: suites) func shortInputIsRefusedWithoutATrap(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        let protectedRTP = try outbound.protectRTP(Self.rtpPacket(sequence: 9, length: 40))
        let protectedRTCP = try outbound.protectRTCP(Self.rtcpPacket)
        // Every prefix of a valid packet, and of headers that claim CSRCs or an
        // extension longer than the packet.
        let claimsMore: [[UInt8]] = [
            [0x8F, 0x60, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4] + [UInt8](repeating: 0, count: 40),  // CC=15
            [0x90, 0x60, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 0xBE, 0xDE, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 40),
        ]
        for source in [protectedRTP, protectedRTCP] + claimsMore {
            for length in 0..<source.count {
                let prefix = Array(source[..<length])
                _ = try? inbound.unprotectRTP(prefix)
                _ = try? inbound.unprotectRTCP(prefix)
                _ = try? outbound.protectRTP(prefix)
                _ = try? outbound.protectRTCP(prefix)
            }
        }
        #expect(throws: SRTPError.truncated(length: 12, needed: 12 + suite.rtpTagLength)) {
            try inbound.unprotectRTP(Array(protectedRTP[..<12]))
        }
        #expect(throws: SRTPError.truncated(length: 11, needed: 12)) {
            try outbound.protectRTP(Array(protectedRTP[..<11]))
        }
        #expect(throws: SRTPError.truncated(length: 52, needed: 72)) { try outbound.protectRTP(claimsMore[0]) }
        #expect(throws: SRTPError.truncated(length: 56, needed: 16 + 4 * 0xFFFF)) {
            try outbound.protectRTP(claimsMore[1])
        }
        #expect(throws: SRTPError.truncated(length: 7, needed: 8)) { try outbound.protectRTCP([0x80, 0xC9, 0, 1, 1, 2, 3]) }
        #expect(throws: SRTPError.truncated(length: 8, needed: 12 + suite.rtcpTagLength)) {
            try inbound.unprotectRTCP(Array(Self.rtcpPacket[..<8]))
        }
        // The session still works after all of that.
        #expect(try inbound.unprotectRTP(protectedRTP) == Self.rtpPacket(sequence: 9, length: 40))
    }

    @Test func fuzzSeedsNeverTrap() {
        var generator = SplitMix64(seed: 0x5EED)
        var seeds: [[UInt8]] = [[], [0x80], Self.rtcpPacket, Self.rtpPacket(sequence: 1, length: 60)]
        for _ in 0..<500 {
            let length = Int(generator.next() % 120)
            var seed = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !seed.isEmpty { seed[0] = 0x80 | (seed[0] & 0x3F) }  // mostly V=2, so past the first checks
            seeds.append(seed)
        }
        for seed in seeds { SRTPSession.fuzz(seed) }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = Array(bytes[start..<min(start + 3, bytes.count)]) + [0, 0]
            let value = Int(chunk[0]) << 16 | Int(chunk[1]) << 8 | Int(chunk[2])
            let characters = bytes.count - start >= 3 ? 4 : bytes.count - start + 1
            for index in 0..<4 {
                text.append(index < characters ? alphabet[(value >> (18 - 6 * index)) & 0x3F] : "=")
            }
        }
        return text
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_B9E9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
