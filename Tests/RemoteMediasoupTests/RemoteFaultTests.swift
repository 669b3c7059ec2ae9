import AcceptanceTargets
import Foundation
import Mediasoup
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import ROPE
import RemoteMediasoupClient
import Synchronization
import Testing
import WebSocketKit

/// Faults between a remote client and a `remote-mediasoup-server` process
/// on loopback: the server crashing and coming back, the socket dropping
/// mid-request, and misbehaving clients that must not disturb the others.
@Suite(.serialized, .timeLimit(.minutes(2))) struct RemoteFaultTests {
    /// Polls `condition` every 10 ms for at most `seconds`.
    private func eventually(
        _ seconds: Int = 10, _ what: String, _ condition: @Sendable () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw InvalidStateError("not reached in \(seconds) s: \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private func isAlive(_ pid: Int) -> Bool { kill(pid_t(pid), 0) == 0 }

    @Test func theClientReconnectsAndReconcilesAfterTheServerIsKilledAndRestarted() async throws {
        let first = try await RemoteServerProcess.start()
        let client = try await RemoteMediasoupClient.connected(
            to: first.url, token: first.token,
            connectionOptions: RopeClientOptions(reconnectDelay: (.milliseconds(50), .milliseconds(200))))
        defer { try? client.destroy() }
        let mediasoup = try #require(client.mediasoup)
        let worker = try await mediasoup.createWorker()
        let router = try await worker.createRouter()
        let workerPid = worker.pid
        let recorded = Mutex<[String]>([])
        worker.events.on { event in
            if case .died = event { recorded.withLock { $0.append("worker died") } }
        }
        worker.observer.on { event in
            if case .close = event { recorded.withLock { $0.append("worker observer close") } }
        }
        router.events.on { event in
            if case .workerClose = event { recorded.withLock { $0.append("router workerclose") } }
        }
        let clientEvents = Mutex<[String]>([])
        client.clientEvents.on { event in clientEvents.withLock { $0.append(event.name) } }

        await first.stop(kill: true)
        try await eventually(5, "disconnected") { clientEvents.withLock { $0.contains("disconnected") } }
        #expect(client.readyState != .connected)
        await #expect(throws: InvalidStateError.self) { _ = try await worker.dump() }
        try await eventually(10, "the crashed server's worker exits") { !isAlive(workerPid) }

        let second = try await RemoteServerProcess.start(port: first.port, token: first.token)
        defer { Task { await second.stop() } }
        try await eventually(10, "connected again") { client.readyState == .connected }
        try await eventually(5, "vanished objects closed") { recorded.withLock { $0.count == 3 } }
        #expect(recorded.withLock { $0 } == ["worker died", "router workerclose", "worker observer close"]
            || recorded.withLock { Set($0) } == ["worker died", "router workerclose", "worker observer close"])
        #expect(worker.closed && worker.died && router.closed)
        #expect(client.mediasoup === mediasoup, "the same mediasoup object across the reconnection")

        let newWorker = try await mediasoup.createWorker()
        #expect(try await newWorker.dump().routerIds.isEmpty)
        newWorker.close()
        await second.stop()
    }

    @Test func aRequestInFlightWhenTheSocketDropsFailsAtOnce() async throws {
        let server = try await RemoteServerProcess.start()
        let client = try await RemoteMediasoupClient.connected(
            to: server.url, token: server.token, connectionOptions: RopeClientOptions(reconnect: false))
        defer { try? client.destroy() }
        let worker = try await #require(client.mediasoup).createWorker()

        kill(server.pid, SIGSTOP)  // the request is sent but never answered…
        let started = ContinuousClock.now
        async let dump: WorkerDump = worker.dump()
        try await Task.sleep(for: .milliseconds(200))
        kill(server.pid, SIGKILL)  // …until the socket drops
        kill(server.pid, SIGCONT)
        do {
            _ = try await dump
            Issue.record("the request survived its connection")
        } catch let error as InvalidStateError {
            #expect(error.message.contains("connection lost"), "\(error)")
        }
        #expect(ContinuousClock.now - started < .seconds(5), "failed at once, not after the request timeout")
        await server.stop()
    }

    @Test func misbehavingClientsGetErrorsWhileOthersAreServed() async throws {
        let server = try await RemoteServerProcess.start(extraArguments: ["--max-frame-size", "65536"])
        defer { Task { await server.stop() } }
        let good = try await RemoteMediasoupClient.connected(to: server.url, token: server.token)
        defer { try? good.destroy() }
        let worker = try await #require(good.mediasoup).createWorker()
        defer { worker.close() }

        // Missing and wrong tokens: HTTP 401, a clear error, no session.
        for token in [nil, "wrong"] as [String?] {
            let refused = RopeWebSocketConnection(url: server.url, options: .init(token: token, reconnect: false))
            let errors = Mutex<[any Error]>([])
            refused.events.on { event in if case .error(let error) = event { errors.withLock { $0.append(error) } } }
            refused.open()
            try await eventually(5, "refusal") { !errors.withLock { $0.isEmpty } }
            let error = try #require(errors.withLock { $0.first } as? RopeConnectionError)
            #expect(error.reason == .unauthorized)
        }

        // A raw client sends what no well-behaved client sends.
        let raw = try await RawWebSocket.connect(url: server.url, token: server.token)
        _ = try await raw.next()  // the snapshot
        try await raw.send("{not json")
        #expect(try await raw.next()["error"]?["code"] == -32700)
        try await raw.send(#"{"jsonrpc":"2.0","id":1,"method":"Router.fly","params":{"target":"x"}}"#)
        #expect(try await raw.next()["error"]?["code"] == -32601)
        try await raw.send(#"{"jsonrpc":"2.0","id":2,"method":"Router.dump","params":{"target":"no-such-router"}}"#)
        let unknownTarget = try await raw.next()
        #expect(unknownTarget["error"]?["code"] == -32004)
        #expect(unknownTarget["error"]?["data"]?["kind"] == "InvalidStateError")
        try await raw.send(#"{"jsonrpc":"2.0","id":3,"method":"Mediasoup.createWorker","params":{"settings":{"rtcMinPort":"low"}}}"#)
        let badParams = try await raw.next()
        #expect(badParams["error"]?["data"]?["kind"] == "TypeError")
        try await raw.send(String(repeating: "x", count: 100_000))
        try await raw.waitClosed()
        #expect(raw.closeCode == .messageTooLarge)

        // The well-behaved client was served all along.
        #expect(try await worker.dump().pid == worker.pid)
        let router = try await worker.createRouter()
        #expect(!router.closed)
    }
}

/// A bare WebSocket client that sends raw frames and reads answers in order.
final class RawWebSocket: Sendable {
    private final class Inbox: Sendable {
        let messages = Mutex<[String]>([])
    }

    private let socket: WebSocket
    private let inbox: Inbox

    private init(socket: WebSocket, inbox: Inbox) {
        self.socket = socket
        self.inbox = inbox
    }

    var closeCode: WebSocketErrorCode? { socket.closeCode }

    static func connect(url: String, token: String) async throws -> RawWebSocket {
        let box = Mutex<WebSocket?>(nil)
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(token)")
        let inbox = Inbox()
        try await WebSocket.connect(to: url, headers: headers, on: MultiThreadedEventLoopGroup.singleton) { ws in
            ws.onText { _, text in inbox.messages.withLock { $0.append(text) } }
            box.withLock { $0 = ws }
        }.get()
        // The upgrade completes before websocket-kit hands over the socket.
        _ = try await eventually { box.withLock { $0 } != nil }
        guard let socket = box.withLock({ $0 }) else { throw MediasoupError("no WebSocket") }
        return RawWebSocket(socket: socket, inbox: inbox)
    }

    func send(_ text: String) async throws {
        try await socket.send(text)
    }

    /// The next message, parsed (waits at most ``patience``).
    func next() async throws -> JSONValue {
        var text: String?
        _ = try await eventually {
            text = inbox.messages.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            return text != nil
        }
        guard let text else { throw MediasoupError("no message within \(patience)") }
        return try JSONValue(json: text)
    }

    func waitClosed() async throws {
        try await socket.onClose.get()
    }
}
