import Testing

#if canImport(Glibc)
import Glibc
#endif
@testable import DTLS
import Mediasoup

/// Garbage on the wire, lost flights and the fuzz entry.
@Suite("DTLS robustness")
struct DtlsRobustnessTests {
    @Test func garbageIsDroppedAndTheHandshakeStillCompletes() throws {
        let pair = try DtlsPair()
        pair.server.start(now: 0)
        pair.client.start(now: 0)
        pair.drain()
        let clientHello = try #require(pair.toServer.first)
        var random = SplitMix64(seed: 7)
        var noise = random.bytes(200)
        noise[0] = 0x80  // RTP-looking: not DTLS
        let garbage: [[UInt8]] = [
            noise,
            [],
            [22, 0xFE, 0xFD],  // shorter than a record header
            Array(clientHello.prefix(clientHello.count - 10)),  // a truncated ClientHello
            clientHello + [0],  // a trailing byte after the record
            [24, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],  // an unknown content type (heartbeat)
            [22, 0x03, 0x03] + clientHello.dropFirst(3),  // a TLS, not DTLS, version
            Self.applicationDataRecord(bodySize: 10_000) + Self.applicationDataRecord(bodySize: 10_000),  // too long
        ]
        for datagram in garbage {
            pair.server.receive(datagram, now: 0)
            pair.client.receive(datagram, now: 0)
        }
        #expect(pair.server.droppedDatagrams == garbage.count)
        #expect(pair.client.droppedDatagrams == garbage.count)
        pair.drain()
        #expect(pair.serverLog.datagrams.isEmpty)
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        // Garbage after the handshake is dropped too, and the association stays up.
        for datagram in garbage { pair.server.receive(datagram, now: 0) }
        #expect(pair.server.droppedDatagrams == 2 * garbage.count && pair.server.state == .connected)
    }

    /// A well-framed epoch-1 application_data record with a zero body of `bodySize` bytes.
    static func applicationDataRecord(bodySize: Int) -> [UInt8] {
        [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, UInt8(bodySize >> 8), UInt8(bodySize & 0xFF)]
            + [UInt8](repeating: 0, count: bodySize)
    }

    @Test func recordFraming() {
        let record: [UInt8] = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 3, 0xAA, 0xBB, 0xCC]
        record.withUnsafeBytes { bytes in
            #expect(DtlsRecordFraming.isDtls(bytes))
            #expect(DtlsRecordFraming.isWellFormed(bytes))
            #expect(DtlsRecordFraming.recordEnd(in: bytes, at: 0) == 16)
        }
        let two = record + record
        two.withUnsafeBytes { bytes in
            #expect(DtlsRecordFraming.isWellFormed(bytes))
            #expect(DtlsRecordFraming.datagrams(of: bytes, mtu: 32) == [two])
            #expect(DtlsRecordFraming.datagrams(of: bytes, mtu: 31) == [record, record])
            #expect(DtlsRecordFraming.datagrams(of: bytes, mtu: 10) == [record, record])
        }
        let stun: [UInt8] = [0x00, 0x01] + [UInt8](repeating: 0, count: 18)
        stun.withUnsafeBytes { #expect(!DtlsRecordFraming.isDtls($0)) }
        Array(record.prefix(12)).withUnsafeBytes { #expect(!DtlsRecordFraming.isDtls($0)) }
        let unframed: [UInt8] = record + [1, 2]
        unframed.withUnsafeBytes { bytes in
            #expect(!DtlsRecordFraming.isWellFormed(bytes))
            #expect(DtlsRecordFraming.datagrams(of: bytes, mtu: 1350) == [unframed])
        }
    }

    @Test func nextTimeoutFollowsOpenSSL() throws {
        let pair = try DtlsPair()
        pair.server.start(now: 5_000)
        #expect(pair.server.nextTimeout == nil)  // a server waits: no flight in the air
        pair.client.start(now: 5_000)
        let deadline = try #require(pair.client.nextTimeout)
        #expect((5_000...5_100).contains(deadline))  // the 100 ms first delay
        pair.drain()
        // Too early: OpenSSL's timer has not expired, nothing is resent.
        pair.client.handleTimeout(now: 5_001)
        pair.drain()
        #expect(pair.clientLog.datagrams.count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func lostClientHelloIsRetransmitted() throws {
        let pair = try DtlsPair()
        var lost = 0
        pair.loseToServer = { _ in
            lost += 1
            return lost == 1
        }
        pair.handshake()
        #expect(pair.client.state == .connecting && pair.clientLog.datagrams.count == 1)
        try retransmitUntilConnected(pair)
        #expect(pair.clientLog.datagrams.count >= 2)
        #expect(records(of: pair.clientLog.datagrams[1]).count == records(of: pair.clientLog.datagrams[0]).count)
    }

    @Test(.timeLimit(.minutes(1)))
    func lostServerFlightIsResentOnTheClientsRetransmission() throws {
        let pair = try DtlsPair()
        var lost = 0
        pair.loseToClient = { _ in
            lost += 1
            return lost == 1  // the server's first flight (one datagram)
        }
        pair.handshake()
        #expect(pair.client.state == .connecting && pair.server.state == .connecting)
        try retransmitUntilConnected(pair)
        #expect(pair.server.state == .connected)
    }

    @Test func fuzzEntrySurvivesSeedsAndRandomInputs() throws {
        #expect(DtlsFuzzFixtures.shared != nil)  // else the entry returns at once
        let pair = try DtlsPair()
        pair.handshake()
        var seeds: [[UInt8]] = [[], [0], [1], [2]]
        for datagram in pair.clientLog.datagrams + pair.serverLog.datagrams {
            for selector: UInt8 in 0...2 { seeds.append([selector] + datagram) }
        }
        for seed in seeds { seed.withUnsafeBytes { DtlsEndpoint.fuzz($0) } }
        var random = SplitMix64(seed: 0xD715)
        for index in 0..<3_000 {
            var input: [UInt8]
            if index % 2 == 0, let seed = seeds.randomElement(using: &random), seed.count > 1 {
                // A mutated handshake datagram: a few bytes flipped, sometimes cut.
                input = seed
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    input[Int.random(in: 1..<input.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                }
                if Bool.random(using: &random) { input = Array(input.prefix(Int.random(in: 1...input.count, using: &random))) }
            } else {
                input = random.bytes(Int.random(in: 0...300, using: &random))
                if input.count > 3, Bool.random(using: &random) {
                    input[1] = UInt8.random(in: 20...23, using: &random)
                    input[2] = 0xFE
                    input[3] = 0xFD
                }
            }
            input.withUnsafeBytes { DtlsEndpoint.fuzz($0) }
        }
    }
}

/// Sleeps real time (OpenSSL's timer runs on its own clock) and calls
/// `handleTimeout` at each deadline, delivering what comes out, until the
/// client connects or three seconds pass.
func retransmitUntilConnected(_ pair: DtlsPair) throws {
    var waited: UInt64 = 0
    while pair.client.state != .connected || pair.server.state != .connected {
        let deadline = try #require(pair.client.nextTimeout ?? pair.server.nextTimeout)
        let delay = deadline > pair.now ? deadline - pair.now : 0
        try #require(waited + delay <= 3_000, "no retransmission within 3 s")
        var pause = timespec(tv_sec: Int(delay / 1000), tv_nsec: Int(delay % 1000) * 1_000_000 + 2_000_000)
        nanosleep(&pause, nil)
        waited += delay + 2
        pair.now += delay + 2
        pair.client.handleTimeout(now: pair.now)
        pair.server.handleTimeout(now: pair.now)
        pair.pump()
    }
}
