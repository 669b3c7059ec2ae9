import AcceptanceTargets
import Foundation
import Mediasoup
import ROPE
import Synchronization
import Testing

/// A small service to drive the WebSocket transport: it greets each
/// session, echoes, fails with a kind, and can hang up on its caller.
final class EchoService: RopeService {
    let sessions = Mutex<Set<RopeSession>>([])

    func sessionOpened(_ session: RopeSession) {
        sessions.withLock { _ = $0.insert(session) }
        session.notify("hello", ["session": .number(Double(session.id))])
    }

    func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
        switch method {
        case "Echo.say": return params
        case "Echo.unsupported": throw UnsupportedError("no such codec")
        case "Echo.hangUp":
            session.close()
            try await Task.sleep(for: .seconds(30))
            return .null
        default: throw RopeErrorObject(code: .methodNotFound, kind: .typeError, message: "unknown method \(method)")
        }
    }

    func sessionClosed(_ session: RopeSession) {
        sessions.withLock { _ = $0.remove(session) }
    }
}

/// Collects a connection's events for a test to wait on.
final class ConnectionRecorder: Sendable {
    let events = Mutex<[RopeConnectionEvent]>([])

    init(_ connection: any RopeClientConnection) {
        connection.events.on { event in self.events.withLock { $0.append(event) } }
    }

    var greetings: Int {
        events.withLock { $0.count { if case .notification("hello", _) = $0 { true } else { false } } }
    }

    var errors: [any Error] {
        events.withLock { $0.compactMap { if case .error(let error) = $0 { error } else { nil } } }
    }

    /// Waits until `condition` holds (at most ``patience``).
    func wait(until condition: @Sendable (ConnectionRecorder) -> Bool) async throws {
        guard try await eventually({ condition(self) }) else {
            throw InvalidStateError("condition not reached in \(patience)")
        }
    }
}

@Suite(.serialized) struct RopeWebSocketTests {
    @Test func callsAndNotificationsFlowOverLoopback() async throws {
        let service = EchoService()
        let server = try await RopeWebSocketServer.start(
            service: service, configuration: .init(token: "s3cret"))
        let connection = RopeWebSocketConnection(
            url: "ws://127.0.0.1:\(server.port)/", options: .init(token: "s3cret"))
        let recorder = ConnectionRecorder(connection)
        connection.open()
        try await recorder.wait { $0.greetings == 1 }
        let answer = try await connection.call("Echo.say", ["text": "héllo", "n": 3])
        #expect(answer == ["text": "héllo", "n": 3])
        await #expect(throws: UnsupportedError("no such codec")) {
            try await connection.call("Echo.unsupported", .null)
        }
        await #expect(throws: TypeError("unknown method Echo.nope")) {
            try await connection.call("Echo.nope", .null)
        }
        connection.close()
        await server.close()
    }

    @Test func aWrongOrMissingTokenIsRefusedClearly() async throws {
        let server = try await RopeWebSocketServer.start(
            service: EchoService(), configuration: .init(token: "s3cret"))
        for token in ["wrong", nil] {
            let connection = RopeWebSocketConnection(
                url: "ws://127.0.0.1:\(server.port)/", options: .init(token: token))
            let recorder = ConnectionRecorder(connection)
            connection.open()
            try await recorder.wait { !$0.errors.isEmpty }
            let error = try #require(recorder.errors.first as? RopeConnectionError)
            #expect(error.reason == .unauthorized)
            #expect(error.description.contains("401"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(recorder.greetings == 0)
            #expect(recorder.errors.count == 1, "a refused token is not retried")
            #expect(!connection.isOpen)
        }
        await server.close()
    }

    @Test func aDropMidRequestFailsTheRequestAtOnceAndReconnects() async throws {
        let server = try await RopeWebSocketServer.start(service: EchoService(), configuration: .init())
        let connection = RopeWebSocketConnection(url: "ws://127.0.0.1:\(server.port)/")
        let recorder = ConnectionRecorder(connection)
        connection.open()
        try await recorder.wait { $0.greetings == 1 }
        let started = ContinuousClock.now
        do {
            _ = try await connection.call("Echo.hangUp", .null)
            Issue.record("the request survived its connection")
        } catch let error as InvalidStateError {
            #expect(error.message.contains("connection lost"))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        try await recorder.wait { $0.greetings == 2 }
        #expect(try await connection.call("Echo.say", [1]) == [1])
        connection.close()
        await server.close()
    }

    @Test func anOversizedFrameClosesOnlyThatConnection() async throws {
        let service = EchoService()
        let server = try await RopeWebSocketServer.start(
            service: service, configuration: .init(maxFrameSize: 4096))
        let big = RopeWebSocketConnection(
            url: "ws://127.0.0.1:\(server.port)/", options: .init(reconnect: false))
        let other = RopeWebSocketConnection(url: "ws://127.0.0.1:\(server.port)/")
        let bigRecorder = ConnectionRecorder(big)
        let otherRecorder = ConnectionRecorder(other)
        big.open()
        other.open()
        try await bigRecorder.wait { $0.greetings == 1 }
        try await otherRecorder.wait { $0.greetings == 1 }
        await #expect(throws: InvalidStateError.self) {
            try await big.call("Echo.say", .string(String(repeating: "x", count: 10_000)))
        }
        #expect(try await other.call("Echo.say", "still here") == "still here")
        big.close()
        other.close()
        await server.close()
    }

    /// Runs `/usr/bin/openssl` with `arguments` and an empty standard input;
    /// its exit status and what it printed.
    private static func openssl(_ arguments: [String]) async throws -> ChildProcessResult {
        try await runChildProcess("/usr/bin/openssl", arguments)
    }

    /// A self-signed P-256 certificate for localhost and 127.0.0.1 in a new
    /// directory (removed by `cleanup`): its certificate and key paths.
    private static func makeCertificate() async throws -> (certificate: String, key: String, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rope-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let made = try await openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", key, "-out", certificate,
        ])
        try #require(made.status == 0, "openssl req: \(made.output)")
        return (certificate, key, directory)
    }

    @Test func tlsWithATrustedSelfSignedCertificate() async throws {
        let (certificate, key, directory) = try await Self.makeCertificate()
        defer { try? FileManager.default.removeItem(at: directory) }

        let server = try await RopeWebSocketServer.start(
            service: EchoService(),
            configuration: .init(token: "t", tls: .init(certificateChainPath: certificate, privateKeyPath: key)))
        let connection = RopeWebSocketConnection(
            url: "wss://localhost:\(server.port)/",
            options: .init(token: "t", trustedCertificatesPath: certificate))
        let recorder = ConnectionRecorder(connection)
        connection.open()
        try await recorder.wait { $0.greetings == 1 }
        #expect(try await connection.call("Echo.say", "over TLS") == "over TLS")
        connection.close()

        let untrusting = RopeWebSocketConnection(
            url: "wss://localhost:\(server.port)/", options: .init(token: "t", reconnect: false))
        let refused = ConnectionRecorder(untrusting)
        untrusting.open()
        try await refused.wait { !$0.errors.isEmpty }
        #expect(refused.greetings == 0)
        await server.close()
    }

    /// The server's TLS floor is 1.2: a client offering only TLS 1.1 (at
    /// OpenSSL's security level 0, so that the refusal is the server's, not
    /// the client's policy) is refused with a protocol-version alert, and the
    /// same client with TLS 1.2 gets through.
    @Test func tlsBelowVersionOnePointTwoIsRefused() async throws {
        let (certificate, key, directory) = try await Self.makeCertificate()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await RopeWebSocketServer.start(
            service: EchoService(),
            configuration: .init(token: "t", tls: .init(certificateChainPath: certificate, privateKeyPath: key)))

        let old = try await Self.openssl([
            "s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-brief",
        ])
        #expect(old.status != 0)
        #expect(old.output.contains("protocol version"), "\(old.output)")

        let current = try await Self.openssl(["s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_2", "-brief"])
        #expect(current.status == 0, "\(current.output)")
        #expect(current.output.contains("Protocol version: TLSv1.2"), "\(current.output)")
        await server.close()
    }
}
