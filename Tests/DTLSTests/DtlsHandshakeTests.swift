import Testing

@testable import DTLS
import Mediasoup

/// Two endpoints in memory: the handshake, the SRTP keys, the fingerprint check.
@Suite("DTLS handshake")
struct DtlsHandshakeTests {
    @Test func handshakeConnectsBothSidesWithMirroredKeys() throws {
        let pair = try DtlsPair()
        pair.handshake()
        #expect(pair.clientLog.states == [.connecting, .connected])
        #expect(pair.serverLog.states == [.connecting, .connected])
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        let clientKeys = try #require(pair.clientLog.keys.first)
        let serverKeys = try #require(pair.serverLog.keys.first)
        #expect(pair.clientLog.keys.count == 1 && pair.serverLog.keys.count == 1)
        #expect(clientKeys.cryptoSuite == .aeadAes256Gcm && serverKeys.cryptoSuite == .aeadAes256Gcm)
        #expect(clientKeys.localMasterKey == serverKeys.remoteMasterKey)
        #expect(clientKeys.remoteMasterKey == serverKeys.localMasterKey)
        #expect(clientKeys.localMasterKey != clientKeys.remoteMasterKey)
        #expect(clientKeys.localMasterKey.count == 44 && clientKeys.remoteMasterKey.count == 44)
        #expect(pair.client.srtpCryptoSuite == .aeadAes256Gcm)
        #expect(pair.client.nextTimeout == nil && pair.server.nextTimeout == nil)
        #expect(pair.client.droppedDatagrams == 0 && pair.server.droppedDatagrams == 0)
        #expect(pair.client.endReason == nil && pair.server.endReason == nil)
        // The description never shows key bytes.
        #expect(String(describing: clientKeys) == "DtlsSrtpKeys(AEAD_AES_256_GCM, 44+44 bytes)")
    }

    @Test func keysFollowTheExporterLayout() throws {
        // RFC 5764 §4.2 on a known block: client key, server key, client salt, server salt.
        let material = (0..<60).map { UInt8($0) }
        let client = try #require(
            DtlsSrtpKeys(cryptoSuite: .aesCm128HmacSha1_80, exportedMaterial: material, isClient: true))
        let server = try #require(
            DtlsSrtpKeys(cryptoSuite: .aesCm128HmacSha1_80, exportedMaterial: material, isClient: false))
        #expect(client.localMasterKey == Array(0..<16) + Array(32..<46))
        #expect(client.remoteMasterKey == Array(16..<32) + Array(46..<60))
        #expect(server.localMasterKey == client.remoteMasterKey && server.remoteMasterKey == client.localMasterKey)
        #expect(DtlsSrtpKeys(cryptoSuite: .aeadAes256Gcm, exportedMaterial: material, isClient: true) == nil)
    }

    @Test(arguments: SrtpCryptoSuite.allCases)
    func clientOfferingOneSuiteGetsIt(suite: SrtpCryptoSuite) throws {
        let pair = try DtlsPair(clientSuites: [suite])
        pair.handshake()
        let clientKeys = try #require(pair.clientLog.keys.first)
        let serverKeys = try #require(pair.serverLog.keys.first)
        #expect(clientKeys.cryptoSuite == suite && serverKeys.cryptoSuite == suite)
        #expect(clientKeys.localMasterKey.count == suite.masterKeyLength)
        #expect(clientKeys.localMasterKey == serverKeys.remoteMasterKey)
        #expect(clientKeys.remoteMasterKey == serverKeys.localMasterKey)
    }

    @Test func serverLimitsTheSuite() throws {
        let pair = try DtlsPair(serverSuites: [.aesCm128HmacSha1_32, .aeadAes128Gcm])
        pair.handshake()
        // OpenSSL's server takes its own most preferred profile among those the client offers.
        #expect(pair.clientLog.keys.first?.cryptoSuite == .aesCm128HmacSha1_32)
        #expect(pair.serverLog.keys.first?.cryptoSuite == .aesCm128HmacSha1_32)
    }

    @Test func noCommonSuiteFailsTheHandshake() throws {
        let pair = try DtlsPair(clientSuites: [.aesCm128HmacSha1_80], serverSuites: [.aeadAes256Gcm])
        pair.handshake()
        #expect(pair.client.state == .failed || pair.server.state == .failed)
        #expect(pair.clientLog.keys.isEmpty && pair.serverLog.keys.isEmpty)
    }

    @Test func remoteCertificateIsThePeersPEM() throws {
        let pair = try DtlsPair()
        #expect(pair.client.remoteCertificatePEM == nil)
        pair.handshake()
        #expect(pair.client.remoteCertificatePEM == pair.serverIdentity.certificatePEM)
        #expect(pair.server.remoteCertificatePEM == pair.clientIdentity.certificatePEM)
        #expect(pair.serverIdentity.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
    }

    @Test func wrongFingerprintFailsTheClient() throws {
        let stranger = try DtlsIdentity.generateSelfSigned()
        let pair = try DtlsPair(clientExpects: stranger.fingerprint(.sha256))
        pair.handshake()
        #expect(pair.client.state == .failed)
        #expect(pair.clientLog.states == [.connecting, .failed])
        #expect(pair.clientLog.keys.isEmpty && pair.client.remoteCertificatePEM == nil)
        guard case .fingerprintMismatch(let expected, let actual) = pair.client.endReason else {
            Issue.record("end reason \(String(describing: pair.client.endReason))")
            return
        }
        #expect(expected == stranger.fingerprint(.sha256))
        #expect(actual == pair.serverIdentity.fingerprint(.sha256).value)
        // The client sent close_notify: the server, connected first, is closed by it.
        #expect(pair.serverLog.states == [.connecting, .connected, .closed])
        #expect(pair.server.endReason == .closedByPeer)
    }

    @Test func wrongFingerprintFailsTheServer() throws {
        let stranger = try DtlsIdentity.generateSelfSigned()
        let pair = try DtlsPair(serverExpects: stranger.fingerprint(.sha1))
        pair.handshake()
        #expect(pair.serverLog.states == [.connecting, .failed])
        #expect(pair.serverLog.keys.isEmpty)
        #expect(pair.clientLog.states.last == .closed)
        // After the end, datagrams are ignored and counted.
        let dropped = pair.server.droppedDatagrams
        pair.server.receive(pair.clientLog.datagrams[0], now: pair.now)
        #expect(pair.server.droppedDatagrams == dropped + 1 && pair.server.pollOutput() == nil)
    }

    @Test(arguments: FingerprintAlgorithm.allCases)
    func everyAlgorithmAndCaseIsAccepted(algorithm: FingerprintAlgorithm) throws {
        let probe = try DtlsPair()
        let expected = probe.clientIdentity.fingerprint(algorithm)
        let lowercase = DtlsFingerprint(algorithm: algorithm, value: expected.value.lowercased())
        // A second pair cannot reuse the first's identities: build the server by hand.
        let server = try DtlsEndpoint(
            identity: probe.serverIdentity, role: .server, remoteFingerprint: lowercase)
        let client = try DtlsEndpoint(
            identity: probe.clientIdentity, role: .client,
            remoteFingerprint: probe.serverIdentity.fingerprint(algorithm))
        connect(client, server)
        #expect(server.state == .connected && client.state == .connected)
    }

    @Test func fingerprintGivenAfterTheHandshake() throws {
        let pair = try DtlsPair(serverKnowsFingerprint: false)
        pair.handshake()
        #expect(pair.server.isHandshakeComplete && pair.server.state == .connecting)
        #expect(pair.serverLog.keys.isEmpty && pair.client.state == .connected)
        pair.server.setRemoteFingerprint(pair.clientIdentity.fingerprint(.sha384))
        pair.drain()
        #expect(pair.serverLog.states == [.connecting, .connected])
        #expect(pair.serverLog.keys.first?.remoteMasterKey == pair.clientLog.keys.first?.localMasterKey)
    }

    @Test func smallMtuFragmentsTheHandshake() throws {
        let pair = try DtlsPair(clientMtu: 256, serverMtu: 256)
        pair.handshake()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        for datagram in pair.clientLog.datagrams + pair.serverLog.datagrams {
            #expect(datagram.count <= 256)
        }
    }

    @Test func recordsAreGroupedUpToTheMtu() throws {
        let pair = try DtlsPair()
        pair.server.start(now: 0)
        pair.client.start(now: 0)
        pair.drain()
        let clientHello = try #require(pair.toServer.first)
        pair.server.receive(clientHello, now: 0)
        pair.drain()
        // ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone: one record each.
        let flight = pair.toClient
        let recordCount = flight.reduce(0) { $0 + records(of: $1).count }
        #expect(recordCount == 5)
        #expect(flight.count < recordCount)
        #expect(flight.allSatisfy { $0.count <= 1350 })
    }

    @Test func initRefusesBadSettings() throws {
        let identity = try DtlsIdentity.generateSelfSigned()
        let fingerprint = identity.fingerprint(.sha256)
        #expect(throws: DtlsError.noSrtpSuites) {
            try DtlsEndpoint(identity: identity, role: .client, remoteFingerprint: fingerprint, srtpSuites: [])
        }
        #expect(throws: DtlsError.invalidMtu(100)) {
            try DtlsEndpoint(identity: identity, role: .client, remoteFingerprint: fingerprint, mtu: 100)
        }
        let endpoint = try DtlsEndpoint(
            identity: identity, role: .server, remoteFingerprint: fingerprint,
            srtpSuites: [.aesCm128HmacSha1_80, .aesCm128HmacSha1_80])
        #expect(endpoint.srtpSuites == [.aesCm128HmacSha1_80])
        #expect(DtlsEndpointRole(.auto) == nil && DtlsEndpointRole(.client) == .client)
    }
}

/// Delivers datagrams between two started-or-not endpoints until quiet.
func connect(_ client: DtlsEndpoint, _ server: DtlsEndpoint) {
    server.start(now: 0)
    client.start(now: 0)
    for _ in 0..<50 {
        var moved = false
        while let output = client.pollOutput() {
            if case .send(let datagram) = output {
                server.receive(datagram, now: 0)
                moved = true
            }
        }
        while let output = server.pollOutput() {
            if case .send(let datagram) = output {
                client.receive(datagram, now: 0)
                moved = true
            }
        }
        if !moved { return }
    }
}
