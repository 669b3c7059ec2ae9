@testable import DTLS
import Mediasoup

/// Everything one endpoint put out, sorted by kind.
struct EndpointLog {
    var states: [DtlsState] = []
    var keys: [DtlsSrtpKeys] = []
    var applicationData: [[UInt8]] = []
    var datagrams: [[UInt8]] = []
}

/// A client and a server, each with its own generated identity and the
/// other's fingerprint, and the wire between them: datagrams are queued and
/// delivered in order by ``pump()``, through an optional loss filter.
final class DtlsPair {
    let clientIdentity: DtlsIdentity
    let serverIdentity: DtlsIdentity
    let client: DtlsEndpoint
    let server: DtlsEndpoint
    var clientLog = EndpointLog()
    var serverLog = EndpointLog()
    /// Datagrams sent and not yet delivered.
    var toServer: [[UInt8]] = []
    var toClient: [[UInt8]] = []
    /// Returns true to lose a datagram on its way to the server.
    var loseToServer: ([UInt8]) -> Bool = { _ in false }
    /// Returns true to lose a datagram on its way to the client.
    var loseToClient: ([UInt8]) -> Bool = { _ in false }
    var now: UInt64 = 1_000

    /// - Parameters:
    ///   - clientExpects: the fingerprint the client checks; the server's sha-256 when nil.
    ///   - serverExpects: the fingerprint the server checks; the client's sha-256 when nil.
    init(
        clientSuites: [SrtpCryptoSuite] = SrtpCryptoSuite.dtlsSrtpPreference,
        serverSuites: [SrtpCryptoSuite] = SrtpCryptoSuite.dtlsSrtpPreference,
        clientExpects: DtlsFingerprint? = nil, serverExpects: DtlsFingerprint? = nil,
        serverKnowsFingerprint: Bool = true, clientMtu: Int = 1350, serverMtu: Int = 1350
    ) throws {
        clientIdentity = try DtlsIdentity.generateSelfSigned(commonName: "client")
        serverIdentity = try DtlsIdentity.generateSelfSigned(commonName: "server")
        client = try DtlsEndpoint(
            identity: clientIdentity, role: .client,
            remoteFingerprint: clientExpects ?? serverIdentity.fingerprint(.sha256), srtpSuites: clientSuites,
            mtu: clientMtu)
        server = try DtlsEndpoint(
            identity: serverIdentity, role: .server,
            remoteFingerprint: serverKnowsFingerprint ? (serverExpects ?? clientIdentity.fingerprint(.sha256)) : nil,
            srtpSuites: serverSuites, mtu: serverMtu)
    }

    /// Starts both endpoints (server first) and pumps until the wire is quiet.
    func handshake() {
        server.start(now: now)
        client.start(now: now)
        pump()
    }

    /// Collects both endpoints' outputs and delivers queued datagrams until none is left.
    func pump(maximumRounds: Int = 100) {
        for _ in 0..<maximumRounds {
            drain()
            guard !toServer.isEmpty || !toClient.isEmpty else { return }
            let forServer = toServer
            let forClient = toClient
            toServer.removeAll()
            toClient.removeAll()
            for datagram in forServer where !loseToServer(datagram) { server.receive(datagram, now: now) }
            for datagram in forClient where !loseToClient(datagram) { client.receive(datagram, now: now) }
        }
    }

    /// Moves every pending output into the logs and the wire queues.
    func drain() {
        Self.drain(client, into: &clientLog, wire: &toServer)
        Self.drain(server, into: &serverLog, wire: &toClient)
    }

    private static func drain(_ endpoint: DtlsEndpoint, into log: inout EndpointLog, wire: inout [[UInt8]]) {
        while let output = endpoint.pollOutput() {
            switch output {
            case .send(let datagram):
                log.datagrams.append(datagram)
                wire.append(datagram)
            case .stateChanged(let state): log.states.append(state)
            case .connected(let keys): log.keys.append(keys)
            case .applicationData(let data): log.applicationData.append(data)
            }
        }
    }
}

/// A deterministic generator (SplitMix64) for reproducible random inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

/// The records of `datagram`, each as its bytes.
func records(of datagram: [UInt8]) -> [[UInt8]] {
    datagram.withUnsafeBytes { bytes in
        var records: [[UInt8]] = []
        var offset = 0
        while let end = DtlsRecordFraming.recordEnd(in: bytes, at: offset) {
            records.append(Array(bytes[offset..<end]))
            offset = end
        }
        return records
    }
}
