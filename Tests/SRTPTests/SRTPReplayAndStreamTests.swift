import Testing

@testable import SRTP

/// Replay protection, the packet index estimate and the bounded stream table,
/// through sessions and on their own.
@Suite struct SRTPReplayAndStreamTests {
    static func pair(_ suite: SRTPCryptoSuite, window: Int = 1024, maxStreams: Int = SRTPSession.defaultMaxStreams)
        throws -> (outbound: SRTPSession, inbound: SRTPSession)
    {
        let key = SRTPSessionTests.key(suite)
        return (
            try SRTPSession(suite: suite, direction: .outbound, masterKey: key, replayWindowSize: window, maxStreams: maxStreams),
            try SRTPSession(suite: suite, direction: .inbound, masterKey: key, replayWindowSize: window, maxStreams: maxStreams)
        )
    }

    // MARK: Replay

    @Test(arguments: SRTPCryptoSuite.allCases, [64, 128, 1024])
    func replayedOldAndReordered(_ suite: SRTPCryptoSuite, window: Int) throws {
        let (outbound, inbound) = try Self.pair(suite, window: window)
        #expect(inbound.replayWindowSize == window)
        let packets = try (0..<UInt16(window + 10)).map { try outbound.protectRTP(SRTPSessionTests.rtpPacket(sequence: $0, length: 60)) }
        // Newest first: every one of the window's packets behind it is accepted (reordered).
        let newest = window + 9
        _ = try inbound.unprotectRTP(packets[newest])
        for back in 1..<window {
            #expect(try inbound.unprotectRTP(packets[newest - back]).count == 60, "\(back) behind")
        }
        // Each of them again: replayed.
        for back in [0, 1, window / 2, window - 1] {
            #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(packets[newest - back]) }
        }
        // Exactly the window behind, and further: too old, refused as a replay.
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(packets[newest - window]) }
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(packets[0]) }
    }

    @Test(arguments: SRTPCryptoSuite.allCases) func srtcpReplayWindow(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        let reports = try (0..<300).map { _ in try outbound.protectRTCP(SRTPSessionTests.rtcpPacket) }
        // Index 200 (reports[199]) first; 73...199 lie in the 128-index window behind it.
        _ = try inbound.unprotectRTCP(reports[199])
        #expect(try inbound.unprotectRTCP(reports[150]) == SRTPSessionTests.rtcpPacket)
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTCP(reports[150]) }
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTCP(reports[199]) }
        #expect(try inbound.unprotectRTCP(reports[72]) == SRTPSessionTests.rtcpPacket)  // index 73: the window's first
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTCP(reports[71]) }  // index 72: behind it
        #expect(try inbound.unprotectRTCP(reports[299]) == SRTPSessionTests.rtcpPacket)  // moves the window
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTCP(reports[150]) }
    }

    @Test func srtcpIndexCountsPerSSRCAndCarriesTheEFlag() throws {
        let (outbound, _) = try Self.pair(.aesCm128HmacSha1_80)
        var other = SRTPSessionTests.rtcpPacket
        other[4...7] = [9, 9, 9, 9]
        for expected: UInt32 in 1...3 {
            let protected = try outbound.protectRTCP(SRTPSessionTests.rtcpPacket)
            let trailer = protected[SRTPSessionTests.rtcpPacket.count..<SRTPSessionTests.rtcpPacket.count + 4]
            #expect(Array(trailer) == withUnsafeBytes(of: (0x8000_0000 | expected).bigEndian, Array.init))
        }
        let first = try outbound.protectRTCP(other)
        #expect(Array(first[other.count..<other.count + 4]) == [0x80, 0, 0, 1])
    }

    @Test func windowSizeIsRoundedAndBounded() throws {
        let key = SRTPSessionTests.key(.aeadAes128Gcm)
        for (asked, used) in [(0, 64), (64, 64), (100, 128), (128, 128), (1000, 1024), (100_000, 32_768)] {
            let session = try SRTPSession(suite: .aeadAes128Gcm, direction: .inbound, masterKey: key, replayWindowSize: asked)
            #expect(session.replayWindowSize == used, "\(asked)")
        }
    }

    // MARK: Index estimate (RFC 3711 §3.3.1, Appendix A, libsrtp's rules)

    @Test func indexEstimate() {
        func estimate(_ sequence: UInt16, _ highest: UInt64) -> (UInt64, Int) {
            let result = SRTPPacketIndex.estimate(sequence: sequence, highest: highest)
            return (result.index, result.delta)
        }
        // The first half cycle: ROC 0, the sequence number is the index.
        #expect(estimate(5, 0) == (5, 5))
        #expect(estimate(65_530, 100) == (65_530, 65_430))
        #expect(estimate(3, 0x8000) == (3, 3 - 0x8000))
        // Past it, the wrap forward and back.
        #expect(estimate(2, 65_535) == (0x1_0002, 3))
        #expect(estimate(65_535, 0x1_0002) == (65_535, -3))
        #expect(estimate(0x8000, 0x1_0000) == (0x1_8000, 0x8000))
        #expect(estimate(0x8001, 0x1_0000) == (0x8001, 0x8001 - 0x1_0000))
        #expect(estimate(0, 0x2_FFFF) == (0x3_0000, 1))
        let index = SRTPPacketIndex.estimate(sequence: 7, highest: 0x5_FFF0)
        #expect(index.rolloverCounter == 6 && index.delta == 0x17)
    }

    // MARK: Rollover through sessions

    @Test(arguments: SRTPCryptoSuite.allCases) func rolloverKeepsCountingAcrossManyWraps(_ suite: SRTPCryptoSuite) throws {
        let (outbound, inbound) = try Self.pair(suite)
        var sequence: UInt16 = 65_000
        for _ in 0..<40 {
            // Steps of 10,000: six or seven packets per cycle, never more than 2^15 apart.
            let packet = SRTPSessionTests.rtpPacket(sequence: sequence, length: 40)
            #expect(try inbound.unprotectRTP(outbound.protectRTP(packet)) == packet)
            sequence &+= 10_000
        }
        #expect(outbound.rolloverCounter(ssrc: 0x0102_0304) == inbound.rolloverCounter(ssrc: 0x0102_0304))
        #expect((outbound.rolloverCounter(ssrc: 0x0102_0304) ?? 0) >= 6)
    }

    // MARK: The stream table

    @Test func streamTableMatchesADictionary() {
        let table = SRTPStreamTable(maxStreams: 10_000, windowSize: 128)
        var model: [UInt32: UInt64] = [:]
        var random = SplitMix64(seed: 12)
        for step in 0..<20_000 {
            // A small SSRC space, so that inserts, finds and removes collide.
            let ssrc = UInt32(truncatingIfNeeded: random.next() % 700) &* 0x0101_0000
            switch random.next() % 3 {
            case 0:
                if table.find(ssrc) == nil {
                    let slot = table.insert(ssrc)
                    table.stream(at: slot).pointee.rtpHighest = UInt64(step)
                    model[ssrc] = UInt64(step)
                }
            case 1:
                table.remove(ssrc)
                model[ssrc] = nil
            default:
                #expect(table.find(ssrc).map { table.stream(at: $0).pointee.rtpHighest } == model[ssrc])
            }
        }
        #expect(table.count == model.count)
        for (ssrc, value) in model {
            #expect(table.find(ssrc).map { table.stream(at: $0).pointee.rtpHighest } == value)
        }
    }

    @Test func streamTableEvictsTheLeastRecentlyUsed() throws {
        let table = SRTPStreamTable(maxStreams: 4, windowSize: 64)
        for ssrc: UInt32 in 1...4 { table.touch(table.insert(ssrc)) }
        table.touch(try #require(table.find(1)))  // 2 is now the oldest
        table.touch(table.insert(5))
        #expect(table.count == 4)
        #expect(table.find(2) == nil)
        for ssrc: UInt32 in [1, 3, 4, 5] { #expect(table.find(ssrc) != nil) }
    }

    @Test func sessionKeepsAtMostMaxStreams() throws {
        let (outbound, inbound) = try Self.pair(.aesCm128HmacSha1_80, maxStreams: 8)
        for ssrc: UInt32 in 1...50 {
            let packet = SRTPSessionTests.rtpPacket(sequence: 1, ssrc: ssrc, length: 30)
            #expect(try inbound.unprotectRTP(outbound.protectRTP(packet)) == packet)
        }
        #expect(outbound.streamCount == 8 && inbound.streamCount == 8 && inbound.maxStreams == 8)
        // The most recent ones are kept (their replay windows too).
        let again = try SRTPSession(
            suite: .aesCm128HmacSha1_80, direction: .outbound, masterKey: SRTPSessionTests.key(.aesCm128HmacSha1_80))
        let replay = try again.protectRTP(SRTPSessionTests.rtpPacket(sequence: 1, ssrc: 50, length: 30))
        #expect(throws: SRTPError.replayed) { try inbound.unprotectRTP(replay) }
        for ssrc: UInt32 in 1...50 { inbound.removeStream(ssrc: ssrc) }
        #expect(inbound.streamCount == 0)
    }

    @Test func failedPacketsAddNoStream() throws {
        let (outbound, inbound) = try Self.pair(.aeadAes256Gcm)
        var forged = try outbound.protectRTP(SRTPSessionTests.rtpPacket(sequence: 1, ssrc: 0xABCD_EF01))
        forged[forged.count - 1] ^= 1
        for _ in 0..<10 { _ = try? inbound.unprotectRTP(forged) }
        var forgedRTCP = try outbound.protectRTCP(SRTPSessionTests.rtcpPacket)
        forgedRTCP[9] ^= 1
        _ = try? inbound.unprotectRTCP(forgedRTCP)
        #expect(inbound.streamCount == 0)
    }
}
