import AcceptanceSuite
import DTLS
import Foundation
import Mediasoup
import MediasoupLocal

// mafalda-bench webrtc-handshake [--count N]: the time a WebRtcTransport
// takes from the first ICE check to DTLS connected, on loopback, p50 and p99
// over N transports (default 50). The bench is the browser: a UDP socket
// sends a nominating Binding request (USE-CANDIDATE) and, once answered,
// runs a DTLS client (our DtlsEndpoint on OpenSSL) against the worker,
// which is the DTLS server (connect() said the remote is a client). The
// clock stops when the endpoint has verified the worker's fingerprint and
// exported the SRTP keys.

/// Runs the handshake benchmark and prints its figures.
func runWebRtcHandshakeBenchmark(_ arguments: [String]) async throws {
    var count = 50
    if let index = arguments.firstIndex(of: "--count"), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    {
        count = max(1, value)
    }
    let mediasoup = LocalMediasoup()
    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: .warn))
    defer { worker.close() }
    let router = try await worker.createRouter(RouterOptions())
    let identity = try DtlsIdentity.generateSelfSigned()
    var milliseconds: [Double] = []
    var suites: [String: Int] = [:]
    for _ in 0..<count {
        let transport = try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")]))
        try await transport.connect(
            dtlsParameters: DtlsParameters(role: .client, fingerprints: [identity.fingerprint(.sha256)]))
        let result = try HandshakeClient.run(against: transport, identity: identity)
        milliseconds.append(result.milliseconds)
        suites[result.suite, default: 0] += 1
        transport.close()
    }
    milliseconds.sort()
    func percentile(_ fraction: Double) -> Double {
        milliseconds[min(milliseconds.count - 1, Int((Double(milliseconds.count - 1) * fraction).rounded()))]
    }
    print("webrtc-handshake: \(count) WebRtcTransports on loopback, first ICE check to DTLS connected")
    print(String(format: "  p50 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(0.5), percentile(0.99), milliseconds.last ?? 0))
    print("  SRTP suites negotiated: \(suites.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))")
}

/// One handshake from a fresh UDP socket: ICE check, then DTLS as the client
/// (WebRtcPeerHandshake of the acceptance suite's support, over UDP).
enum HandshakeClient {
    typealias Failure = WebRtcPeerHandshake.Failure

    /// Runs the ICE check and the DTLS handshake against `transport`'s first
    /// candidate, from `localPort` on 127.0.0.1 (any port if nil), offering
    /// `srtpSuites`; the socket is closed when this returns.
    static func run(
        against transport: any WebRtcTransport, identity: DtlsIdentity, localPort: UInt16? = nil,
        srtpSuites: [SrtpCryptoSuite] = SrtpCryptoSuite.dtlsSrtpPreference
    ) throws -> WebRtcPeerHandshake.Result {
        guard let candidate = transport.iceCandidates.first else {
            throw Failure(description: "the transport has no candidate")
        }
        let socket = try PeerUdpSocket(to: candidate.port, from: localPort)
        defer { socket.close() }
        return try WebRtcPeerHandshake.run(against: transport, identity: identity, over: socket, srtpSuites: srtpSuites)
    }
}

extension WebRtcPeerHandshake.Result {
    /// The SRTP suite negotiated.
    var suite: String { keys?.cryptoSuite.rawValue ?? "" }
}
