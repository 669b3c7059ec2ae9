import SRTPReference
import Testing

@testable import SRTP

/// The module's own transforms against libsrtp2 (the system's, through
/// `SRTPReference`), packet by packet, for every suite: the same keys and
/// packets give the same bytes; what one protects the other unprotects; and
/// both take the same decisions on replays, reordering, rollovers, old and
/// tampered packets.
@Suite struct SRTPLibsrtpComparisonTests {
    static let suites = SRTPCryptoSuite.allCases

    /// What a call gave: the packet, or the error.
    enum Outcome: Equatable, CustomStringConvertible {
        case packet([UInt8])
        case failed(SRTPError)

        init(_ body: () throws(SRTPError) -> [UInt8]) {
            do throws(SRTPError) {
                self = .packet(try body())
            } catch {
                self = .failed(error)
            }
        }

        var packet: [UInt8]? {
            if case .packet(let bytes) = self { return bytes }
            return nil
        }

        var description: String {
            switch self {
            case .packet(let bytes): "packet of \(bytes.count) bytes"
            case .failed(let error): "failed: \(error)"
            }
        }
    }

    static func key(_ suite: SRTPCryptoSuite, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<suite.masterKeyLength).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// Four sessions of one key: ours and libsrtp's, each way.
    struct Sessions {
        let ours: (outbound: SRTPSession, inbound: SRTPSession)
        let libsrtp: (outbound: LibsrtpSession, inbound: LibsrtpSession)

        init(_ suite: SRTPCryptoSuite, seed: UInt64, window: Int = SRTPSession.defaultReplayWindowSize) throws {
            let key = SRTPLibsrtpComparisonTests.key(suite, seed: seed)
            ours = (
                try SRTPSession(suite: suite, direction: .outbound, masterKey: key, replayWindowSize: window),
                try SRTPSession(suite: suite, direction: .inbound, masterKey: key, replayWindowSize: window)
            )
            libsrtp = (
                try LibsrtpSession(suite: suite, direction: .outbound, masterKey: key, windowSize: window),
                try LibsrtpSession(suite: suite, direction: .inbound, masterKey: key, windowSize: window)
            )
        }
    }

    /// Thousands of random RTP packets on three SSRCs (one starting just
    /// before the sequence number wraps), with jumps, big jumps (rollovers,
    /// and ones past half the sequence space), retransmissions, and RTCP
    /// compound packets in between: both protect to the same bytes, each
    /// unprotects the other's, and both end with the same rollover counters.
    @Test(arguments: suites) func sameBytesBothWays(_ suite: SRTPCryptoSuite) throws {
        let sessions = try Sessions(suite, seed: 0x5EED_0000 + UInt64(suite.masterKeyLength))
        var factory = SRTPPacketFactory(seed: 0xC0FFEE ^ UInt64(suite.rtpTagLength))
        let ssrcs: [UInt32] = [0x1111_1111, 0xCAFE_BABE, 0x0000_0001]
        var sequences: [UInt16] = [65_535 - 300, UInt16(truncatingIfNeeded: factory.random.next()), 0]
        var rtpCount = 0
        var rtcpCount = 0
        var refused = 0
        for step in 0..<4000 {
            let stream = factory.below(3)
            var sequence = sequences[stream]
            switch factory.below(100) {
            case 0: sequence &+= UInt16(10_000 + factory.below(30_000))  // a big jump (maybe past 2^15)
            case 1...5: sequence &-= UInt16(factory.below(40))  // a retransmission (or too old)
            case 6...15: sequence &+= UInt16(2 + factory.below(50))  // lost packets
            default: sequence &+= 1
            }
            if sequence &- sequences[stream] < 0x8000 { sequences[stream] = sequence }
            let plain = factory.rtp(ssrc: ssrcs[stream], sequence: sequence)
            let ours = Outcome { () throws(SRTPError) in try sessions.ours.outbound.protectRTP(plain) }
            let theirs = Outcome { () throws(SRTPError) in try sessions.libsrtp.outbound.protectRTP(plain) }
            try #require(ours == theirs, "step \(step): protect of sequence \(sequence): ours \(ours), libsrtp \(theirs)")
            guard let protected = ours.packet else {
                refused += 1
                continue
            }
            rtpCount += 1
            let oursIn = Outcome { () throws(SRTPError) in try sessions.ours.inbound.unprotectRTP(protected) }
            let theirsIn = Outcome { () throws(SRTPError) in try sessions.libsrtp.inbound.unprotectRTP(protected) }
            try #require(oursIn == theirsIn, "step \(step): unprotect of sequence \(sequence): ours \(oursIn), libsrtp \(theirsIn)")
            if let unprotected = oursIn.packet { try #require(unprotected == plain) }

            if step % 7 == 0 {
                let rtcp = factory.rtcpCompound(ssrc: ssrcs[factory.below(3)])
                let oursRTCP = try sessions.ours.outbound.protectRTCP(rtcp)
                try #require(oursRTCP == (try sessions.libsrtp.outbound.protectRTCP(rtcp)), "step \(step): SRTCP bytes")
                try #require(try sessions.libsrtp.inbound.unprotectRTCP(oursRTCP) == rtcp)
                try #require(try sessions.ours.inbound.unprotectRTCP(oursRTCP) == rtcp)
                rtcpCount += 1
            }
        }
        for ssrc in ssrcs {
            #expect(sessions.ours.outbound.rolloverCounter(ssrc: ssrc) == sessions.libsrtp.outbound.rolloverCounter(ssrc: ssrc))
            #expect(sessions.ours.inbound.rolloverCounter(ssrc: ssrc) == sessions.libsrtp.inbound.rolloverCounter(ssrc: ssrc))
        }
        // The run did roll over, and did refuse some (too old to protect, or replayed).
        #expect(ssrcs.contains { (sessions.ours.outbound.rolloverCounter(ssrc: $0) ?? 0) >= 2 })
        #expect(rtpCount > 3000 && rtcpCount > 500 && refused > 0)
    }

    /// libsrtp protects, we unprotect, and the other way round, on separate
    /// session pairs (so neither side's packets passed the other's protect).
    @Test(arguments: suites) func eachUnprotectsTheOther(_ suite: SRTPCryptoSuite) throws {
        let sessions = try Sessions(suite, seed: 77)
        var factory = SRTPPacketFactory(seed: 78)
        for sequence in UInt16(65_000)...UInt16(65_535) {
            let plain = factory.rtp(ssrc: 0xA1B2_C3D4, sequence: sequence)
            #expect(try sessions.ours.inbound.unprotectRTP(sessions.libsrtp.outbound.protectRTP(plain)) == plain)
            let rtcp = factory.rtcpCompound(ssrc: 0xA1B2_C3D4)
            #expect(try sessions.ours.inbound.unprotectRTCP(sessions.libsrtp.outbound.protectRTCP(rtcp)) == rtcp)
        }
        let reverse = try Sessions(suite, seed: 77)
        for sequence in UInt16(0)...UInt16(600) {
            let wrapped = sequence &+ 65_300  // through the wrap: ROC 0 then 1
            let plain = factory.rtp(ssrc: 0x0BAD_F00D, sequence: wrapped)
            #expect(try reverse.libsrtp.inbound.unprotectRTP(reverse.ours.outbound.protectRTP(plain)) == plain)
            let rtcp = factory.rtcpCompound(ssrc: 0x0BAD_F00D)
            #expect(try reverse.libsrtp.inbound.unprotectRTCP(reverse.ours.outbound.protectRTCP(rtcp)) == rtcp)
        }
        #expect(reverse.ours.outbound.rolloverCounter(ssrc: 0x0BAD_F00D) == 1)
        #expect(reverse.libsrtp.inbound.rolloverCounter(ssrc: 0x0BAD_F00D) == 1)
    }

    /// The receiving side under a hostile network: packets reordered within
    /// and beyond the window, duplicated, very old, tampered, through a
    /// sequence wrap. Both accept and refuse the same packets for the same
    /// reasons, with libsrtp's default window (128) and mediasoup's (1,024).
    @Test(arguments: suites, [128, 1024]) func sameReplayDecisions(_ suite: SRTPCryptoSuite, window: Int) throws {
        let sessions = try Sessions(suite, seed: 991, window: window)
        var factory = SRTPPacketFactory(seed: 992 + UInt64(window))
        var sent: [(plain: [UInt8], protected: [UInt8])] = []
        for offset in 0..<3000 {
            let sequence = UInt16(truncatingIfNeeded: 64_000 + offset)
            let plain = factory.rtp(ssrc: 0x5151_5151, sequence: sequence)
            sent.append((plain, try sessions.ours.outbound.protectRTP(plain)))
        }
        // Delivery order: mostly in order, with local reordering, duplicates,
        // packets from far behind, and a few tampered ones.
        var deliveries: [(index: Int, tampered: Bool)] = []
        var next = 0
        while next < sent.count {
            switch factory.below(20) {
            case 0: deliveries.append((max(0, next - 1 - factory.below(window + 200)), false))  // old or duplicate
            case 1: deliveries.append((next - (next > 0 ? 1 : 0), false))  // immediate duplicate
            case 2: deliveries.append((next, true))  // tampered
            case 3...5:
                let swap = min(sent.count - 1, next + 1 + factory.below(40))  // a late packet
                deliveries.append((swap, false))
                deliveries.append((next, false))
                next += 1
            default:
                deliveries.append((next, false))
                next += 1
            }
        }
        var accepted = 0
        var replayed = 0
        var forged = 0
        for (step, delivery) in deliveries.enumerated() {
            var packet = sent[delivery.index].protected
            if delivery.tampered { packet[12 + factory.below(packet.count - 12)] ^= 0x40 }
            let ours = Outcome { () throws(SRTPError) in try sessions.ours.inbound.unprotectRTP(packet) }
            let theirs = Outcome { () throws(SRTPError) in try sessions.libsrtp.inbound.unprotectRTP(packet) }
            if delivery.tampered, case .failed(.truncated) = ours, case .failed(.library) = theirs {
                // The flipped bit made the CSRC count or extension length overrun
                // the packet: we say truncated, libsrtp bad_param or parse_err.
                forged += 1
                continue
            }
            try #require(ours == theirs, "delivery \(step) (packet \(delivery.index)): ours \(ours), libsrtp \(theirs)")
            switch ours {
            case .packet(let plain):
                try #require(plain == sent[delivery.index].plain)
                accepted += 1
            case .failed(.replayed): replayed += 1
            case .failed(.authenticationFailed): forged += 1
            case .failed(let error): Issue.record("unexpected \(error)")
            }
        }
        #expect(accepted >= 2900 && replayed > 100 && forged > 50)
    }

    /// SRTCP on the receiving side: indices reordered, duplicated, from
    /// behind the 128-index window, tampered: the same decisions.
    @Test(arguments: suites) func sameSRTCPReplayDecisions(_ suite: SRTPCryptoSuite) throws {
        let sessions = try Sessions(suite, seed: 4242)
        var factory = SRTPPacketFactory(seed: 4343)
        var sent: [(plain: [UInt8], protected: [UInt8])] = []
        for _ in 0..<1500 {
            let plain = factory.rtcpCompound(ssrc: 0x7777_0001)
            sent.append((plain, try sessions.libsrtp.outbound.protectRTCP(plain)))
        }
        var results: [String: Int] = [:]
        var position = 0
        for step in 0..<3000 {
            let index: Int
            switch factory.below(10) {
            case 0: index = max(0, position - factory.below(300))  // behind, maybe beyond the window
            case 1: index = min(sent.count - 1, position + factory.below(20))  // ahead: the window moves
            case 2, 3: index = position  // a duplicate
            default:
                position = min(sent.count - 1, position + 1)
                index = position
            }
            var packet = sent[index].protected
            if factory.below(30) == 0 { packet[8 + factory.below(packet.count - 8)] ^= 0x01 }
            let ours = Outcome { () throws(SRTPError) in try sessions.ours.inbound.unprotectRTCP(packet) }
            let theirs = Outcome { () throws(SRTPError) in try sessions.libsrtp.inbound.unprotectRTCP(packet) }
            // A tampered E flag or index bit: libsrtp may answer cant_check on AES-CM
            // (E flag cleared); we answer authenticationFailed. Both refuse.
            if case .failed(.library) = theirs, case .failed(.authenticationFailed) = ours { continue }
            try #require(ours == theirs, "step \(step) (packet \(index)): ours \(ours), libsrtp \(theirs)")
            if let plain = ours.packet { try #require(plain == sent[index].plain) }
            results["\(ours.packet == nil ? "\(ours)" : "accepted")", default: 0] += 1
        }
        #expect(results["accepted", default: 0] > 1000)
        #expect(results["failed: \(SRTPError.replayed)", default: 0] > 500)
    }

    /// SRTCP with the E flag clear, from a libsrtp sender that only
    /// authenticates SRTCP: we accept it on every suite (RFC 3711 §3.4, RFC
    /// 7714 §9.3), as libsrtp does on GCM; libsrtp refuses it on AES-CM
    /// because its receiving policy asked for encryption.
    @Test(arguments: suites) func unencryptedSRTCP(_ suite: SRTPCryptoSuite) throws {
        let key = Self.key(suite, seed: 31)
        let sender = try LibsrtpSession(suite: suite, direction: .outbound, masterKey: key, encryptsRTCP: false)
        let ours = try SRTPSession(suite: suite, direction: .inbound, masterKey: key)
        let libsrtp = try LibsrtpSession(suite: suite, direction: .inbound, masterKey: key)
        var factory = SRTPPacketFactory(seed: 32)
        for _ in 0..<20 {
            let rtcp = factory.rtcpCompound(ssrc: 0x4D61_7273)
            let protected = try sender.protectRTCP(rtcp)
            #expect(protected[..<rtcp.count] == rtcp[...])  // in the clear
            let trailer = suite.isAEAD ? protected.count - 4 : rtcp.count
            #expect(protected[trailer] & 0x80 == 0)  // E flag clear
            #expect(try ours.unprotectRTCP(protected) == rtcp)
            if suite.isAEAD {
                #expect(try libsrtp.unprotectRTCP(protected) == rtcp)
            } else {
                #expect(throws: SRTPError.self) { try libsrtp.unprotectRTCP(protected) }
            }
            // Setting the E flag breaks the tag: no downgrade either way.
            var flagged = protected
            flagged[trailer] |= 0x80
            let fresh = try SRTPSession(suite: suite, direction: .inbound, masterKey: key)
            #expect(throws: SRTPError.authenticationFailed) { try fresh.unprotectRTCP(flagged) }
        }
    }

    /// Outbound decisions: a sequence number repeated (retransmission) is
    /// protected again to the same bytes; one further behind than the window
    /// is refused by both.
    @Test(arguments: suites) func sameOutboundDecisions(_ suite: SRTPCryptoSuite) throws {
        let sessions = try Sessions(suite, seed: 5)
        var factory = SRTPPacketFactory(seed: 6)
        var history: [[UInt8]] = []
        for sequence in UInt16(1)...UInt16(2000) {
            history.append(factory.rtp(ssrc: 42, sequence: sequence))
            _ = try sessions.ours.outbound.protectRTP(history.last!)
            _ = try sessions.libsrtp.outbound.protectRTP(history.last!)
        }
        for back in [0, 1, 500, 1023, 1024, 1025, 1999] {
            let plain = history[history.count - 1 - back]
            let ours = Outcome { () throws(SRTPError) in try sessions.ours.outbound.protectRTP(plain) }
            let theirs = Outcome { () throws(SRTPError) in try sessions.libsrtp.outbound.protectRTP(plain) }
            #expect(ours == theirs, "\(back) behind")
            #expect((ours.packet != nil) == (back < 1024), "\(back) behind")
        }
    }

    /// Garbage and truncated input: both refuse it (the reasons may differ:
    /// libsrtp says bad_param where we say truncated), and nothing traps.
    @Test(arguments: suites) func bothRefuseGarbage(_ suite: SRTPCryptoSuite) throws {
        let sessions = try Sessions(suite, seed: 8)
        var factory = SRTPPacketFactory(seed: 9)
        let valid = try sessions.ours.outbound.protectRTP(factory.rtp(ssrc: 3, sequence: 3))
        let validRTCP = try sessions.ours.outbound.protectRTCP(factory.rtcpCompound(ssrc: 3))
        var inputs: [[UInt8]] = (0..<valid.count).map { Array(valid[..<$0]) }
        inputs += (0..<validRTCP.count).map { Array(validRTCP[..<$0]) }
        for _ in 0..<300 {
            var garbage = factory.bytes(factory.below(200))
            if !garbage.isEmpty { garbage[0] = 0x80 | garbage[0] & 0x3F }
            inputs.append(garbage)
        }
        for input in inputs {
            let ours = Outcome { () throws(SRTPError) in try sessions.ours.inbound.unprotectRTP(input) }
            let theirs = Outcome { () throws(SRTPError) in try sessions.libsrtp.inbound.unprotectRTP(input) }
            #expect((ours.packet == nil) == (theirs.packet == nil), "\(input.count) bytes: ours \(ours), libsrtp \(theirs)")
            let oursRTCP = Outcome { () throws(SRTPError) in try sessions.ours.inbound.unprotectRTCP(input) }
            let theirsRTCP = Outcome { () throws(SRTPError) in try sessions.libsrtp.inbound.unprotectRTCP(input) }
            #expect((oursRTCP.packet == nil) == (theirsRTCP.packet == nil), "\(input.count) bytes: ours \(oursRTCP), libsrtp \(theirsRTCP)")
        }
        // Still in service.
        #expect(try sessions.ours.inbound.unprotectRTP(valid).count == valid.count - suite.rtpTagLength)
    }
}
