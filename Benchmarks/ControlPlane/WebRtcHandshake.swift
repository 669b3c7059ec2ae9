#if canImport(Glibc)
import Glibc
#endif
import DTLS
import Foundation
import ICE
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

/// One handshake from a fresh UDP socket: ICE check, then DTLS as the client.
enum HandshakeClient {
    struct Result {
        let milliseconds: Double
        let suite: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(against transport: any WebRtcTransport, identity: DtlsIdentity) throws -> Result {
        guard let candidate = transport.iceCandidates.first,
            let remoteFingerprint = transport.dtlsParameters.fingerprints.first(where: { $0.algorithm == .sha256 })
        else {
            throw Failure(description: "the transport has no candidate or no sha-256 fingerprint")
        }
        let socket = try BenchUdpSocket(to: candidate.port)
        defer { socket.close() }
        let clock = ContinuousClock()
        let start = clock.now
        var generator = SystemRandomNumberGenerator()
        let check = StunMessage(
            type: StunMessageType(.request), transactionID: .random(using: &generator),
            attributes: [
                .username("\(transport.iceParameters.usernameFragment):bench"), .priority(1_853_824_767),
                .iceControlling(UInt64.random(in: 0...UInt64.max, using: &generator)), .useCandidate,
            ],
            messageIntegrity: .key(Array(transport.iceParameters.password.utf8)))
        socket.send(check.bytes)
        let dtls = try DtlsEndpoint(identity: identity, role: .client, remoteFingerprint: remoteFingerprint)
        var answered = false
        var suite = ""
        func now() -> UInt64 {
            let elapsed = clock.now - start
            return UInt64(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        while clock.now - start < .seconds(5) {
            while let output = dtls.pollOutput() {
                switch output {
                case .send(let datagram): socket.send(datagram)
                case .connected(let keys): suite = keys.cryptoSuite.rawValue
                case .stateChanged(.connected):
                    let elapsed = clock.now - start
                    return Result(
                        milliseconds: Double(elapsed.components.seconds) * 1000
                            + Double(elapsed.components.attoseconds) / 1e15,
                        suite: suite)
                case .stateChanged(.failed), .stateChanged(.closed):
                    throw Failure(description: "DTLS ended: \(dtls.endReason.map { "\($0)" } ?? "?")")
                default: break
                }
            }
            let timeout = dtls.nextTimeout.map { $0 > now() ? Int32($0 - now()) : 0 } ?? 50
            guard let datagram = socket.receive(timeoutMilliseconds: min(timeout, 50)) else {
                dtls.handleTimeout(now: now())
                continue
            }
            if datagram.first.map({ $0 < 4 }) == true {
                // The Binding success response: ICE is completed, the worker runs DTLS as the server.
                if !answered {
                    answered = true
                    dtls.start(now: now())
                }
            } else {
                dtls.receive(datagram, now: now())
            }
        }
        throw Failure(description: answered ? "no DTLS connection within 5 s" : "no ICE answer within 5 s")
    }
}

/// A blocking UDP socket on 127.0.0.1, connected to one port.
final class BenchUdpSocket {
    private let descriptor: Int32

    init(to port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw HandshakeClient.Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw HandshakeClient.Failure(description: "connect() failed")
        }
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
    }

    func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, max(timeoutMilliseconds, 0)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer.prefix(count)) : nil
    }

    func close() {
        Glibc.close(descriptor)
    }
}
