import Testing

@testable import DTLS
import Mediasoup

/// A connected pair: application data, close_notify, and what is refused.
@Suite("DTLS connection")
struct DtlsConnectionTests {
    @Test func applicationDataPassesBothWays() throws {
        let pair = try DtlsPair()
        pair.handshake()
        try pair.client.send(applicationData: Array("hello server".utf8))
        try pair.server.send(applicationData: Array("hello client".utf8))
        try pair.server.send(applicationData: [UInt8](repeating: 0xAB, count: 1200))
        pair.pump()
        #expect(pair.serverLog.applicationData == [Array("hello server".utf8)])
        #expect(pair.clientLog.applicationData == [Array("hello client".utf8), [UInt8](repeating: 0xAB, count: 1200)])
    }

    @Test func applicationDataTwoRecordsInOneDatagram() throws {
        let pair = try DtlsPair()
        pair.handshake()
        try pair.client.send(applicationData: [1, 2, 3])
        try pair.client.send(applicationData: [4, 5])
        pair.drain()
        let joined = pair.toServer.joined()
        pair.toServer.removeAll()
        pair.server.receive(Array(joined), now: pair.now)
        pair.drain()
        #expect(pair.serverLog.applicationData == [[1, 2, 3], [4, 5]])
    }

    @Test func sendIsRefusedUnlessConnected() throws {
        let pair = try DtlsPair()
        #expect(throws: DtlsSendError.notConnected) { try pair.client.send(applicationData: [1]) }
        pair.handshake()
        #expect(throws: DtlsSendError.empty) { try pair.client.send(applicationData: []) }
        let large = [UInt8](repeating: 0, count: DtlsEndpoint.maximumApplicationDataSize + 1)
        #expect(throws: DtlsSendError.tooLarge(large.count)) { try pair.client.send(applicationData: large) }
        try pair.client.send(applicationData: [UInt8](repeating: 7, count: DtlsEndpoint.maximumApplicationDataSize))
        pair.pump()
        #expect(pair.serverLog.applicationData.first?.count == DtlsEndpoint.maximumApplicationDataSize)
        pair.client.close()
        #expect(throws: DtlsSendError.notConnected) { try pair.client.send(applicationData: [1]) }
    }

    @Test func closeSendsCloseNotify() throws {
        let pair = try DtlsPair()
        pair.handshake()
        pair.client.close()
        pair.pump()
        #expect(pair.clientLog.states == [.connecting, .connected, .closed])
        #expect(pair.serverLog.states == [.connecting, .connected, .closed])
        #expect(pair.client.endReason == .closedLocally)
        #expect(pair.server.endReason == .closedByPeer)
        // Nothing more is taken, and close() again is a no-op.
        pair.client.close()
        pair.client.handleTimeout(now: pair.now + 10_000)
        pair.drain()
        #expect(pair.clientLog.states.count == 3 && pair.client.nextTimeout == nil)
    }

    @Test func closeBeforeStartAndDuringHandshake() throws {
        let pair = try DtlsPair()
        pair.server.close()
        pair.drain()
        #expect(pair.serverLog.states == [.closed] && pair.serverLog.datagrams.isEmpty)
        pair.client.start(now: 0)
        pair.client.close()
        pair.drain()
        // During the handshake there is no close_notify to send (OpenSSL refuses a shutdown in init).
        #expect(pair.clientLog.states == [.connecting, .closed])
        #expect(pair.clientLog.datagrams.count == 1 && pair.client.nextTimeout == nil)
    }

    @Test func closeNotifyDuringTheHandshakeFails() throws {
        // A peer ending the handshake is a failure, as in mediasoup.
        let pair = try DtlsPair(serverKnowsFingerprint: false)
        pair.handshake()
        #expect(pair.server.state == .connecting && pair.client.state == .connected)
        pair.client.close()
        pair.pump()
        #expect(pair.serverLog.states == [.connecting, .failed])
        #expect(pair.server.endReason == .closedByPeer)
    }

    @Test func plaintextAlertAfterConnectedIsIgnored() throws {
        let pair = try DtlsPair()
        pair.handshake()
        // Epoch 0 is over: OpenSSL discards the record without a word.
        pair.server.receive(Self.fatalAlert(sequence: 9), now: pair.now)
        pair.drain()
        #expect(pair.server.state == .connected && pair.server.droppedDatagrams == 0)
    }

    @Test func fatalAlertDuringTheHandshakeFails() throws {
        let pair = try DtlsPair()
        pair.server.start(now: 0)
        pair.client.start(now: 0)
        pair.drain()
        let clientHello = try #require(pair.toServer.first)
        pair.server.receive(clientHello, now: 0)
        pair.server.receive(Self.fatalAlert(sequence: 5), now: 0)
        pair.drain()
        #expect(pair.serverLog.states == [.connecting, .failed])
        guard case .protocolError(let reason) = pair.server.endReason else {
            Issue.record("end reason \(String(describing: pair.server.endReason))")
            return
        }
        #expect(reason.contains("alert"))
    }

    /// A plaintext (epoch 0) fatal handshake_failure alert record with sequence number `sequence`.
    static func fatalAlert(sequence: UInt8) -> [UInt8] {
        [21, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, sequence, 0, 2, 2, 40]
    }

    @Test func receiveBeforeStartIsDropped() throws {
        let pair = try DtlsPair()
        pair.client.start(now: 0)
        pair.drain()
        let clientHello = try #require(pair.toServer.first)
        pair.server.receive(clientHello, now: 0)
        #expect(pair.server.droppedDatagrams == 1 && pair.server.state == .new)
        pair.server.start(now: 0)
        pair.pump()
        #expect(pair.server.state == .connected)
    }
}
