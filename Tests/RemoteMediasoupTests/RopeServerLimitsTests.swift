#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
@testable import ROPE
import Synchronization
import Testing

/// A ROPE server's limits before and after authentication: connections in
/// total and per address, the handshake deadline, pings, a client that stops
/// reading, requests in flight.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RopeServerLimitsTests {
    /// Serves notifications on demand and requests that wait to be released.
    final class FloodService: RopeService {
        let release = Mutex<[CheckedContinuation<Void, Never>]>([])

        func sessionOpened(_ session: RopeSession) {}
        func sessionClosed(_ session: RopeSession) {}

        func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
            switch method {
            case "Flood.notify":
                // 64 MiB of notifications to a client that may not read them.
                let chunk = JSONValue.string(String(repeating: "n", count: 64 << 10))
                for _ in 0..<1024 { session.notify("flood", chunk) }
                return .null
            case "Flood.wait":
                await withCheckedContinuation { continuation in release.withLock { $0.append(continuation) } }
                return .null
            default:
                return params
            }
        }

        func releaseAll() {
            for continuation in release.withLock({ list in defer { list = [] }; return list }) { continuation.resume() }
        }
    }

    @Test func connectionsOverTheLimitsAreClosedOnAcceptAndOtherAddressesStillGetIn() async throws {
        let server = try await RopeWebSocketServer.start(
            service: FloodService(),
            configuration: .init(host: "::", token: "t", maxConnections: 4, maxConnectionsPerAddress: 2))
        defer { Task { await server.close() } }
        let held = try (0..<2).map { _ in try RawTCP(host: "127.0.0.1", port: server.port) }
        // Accepted connections are admitted on several event loops: let the two settle first.
        let deadline = ContinuousClock.now + .seconds(5)
        while server.gate.counts.open < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let third = try RawTCP(host: "127.0.0.1", port: server.port)
        #expect(third.waitForClose(milliseconds: 3000), "a third connection from one address stays open")
        #expect(!held[0].waitForClose(milliseconds: 100))

        // Another address (::1) is still served, over a real WebSocket.
        let connection = RopeWebSocketConnection(url: "ws://[::1]:\(server.port)/", options: .init(token: "t"))
        connection.open()
        defer { connection.close() }
        let answer = try await eventuallyCall(connection, "Echo.say", ["n": 1])
        #expect(answer == ["n": 1])
        #expect(server.gate.counts.refused == 1)
        #expect(server.gate.counts.open == 3)
    }

    @Test func aConnectionThatNeverUpgradesIsClosedAtTheHandshakeDeadline() async throws {
        let server = try await RopeWebSocketServer.start(
            service: FloodService(), configuration: .init(token: "t", handshakeTimeout: .milliseconds(300)))
        defer { Task { await server.close() } }
        let silent = try RawTCP(host: "127.0.0.1", port: server.port)
        #expect(silent.waitForClose(milliseconds: 5000), "a silent connection outlived the handshake deadline")
        #expect(server.gate.counts.timedOut == 1)
        // The server gives the place back once its side of the channel has closed.
        let deadline = ContinuousClock.now + .seconds(2)
        while server.gate.counts.open > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.gate.counts.open == 0)
    }

    @Test func aClientThatAnswersNoPingIsDisconnected() async throws {
        let server = try await RopeWebSocketServer.start(
            service: FloodService(), configuration: .init(token: "t", pingInterval: .milliseconds(200)))
        defer { Task { await server.close() } }
        let client = try RawTCP(host: "127.0.0.1", port: server.port)
        try client.upgrade(token: "t")
        // It reads (so it is no slow reader) but never answers a ping.
        #expect(client.waitForClose(milliseconds: 5000, draining: true), "a peer that answers no ping stayed connected")
    }

    @Test func aClientThatStopsReadingIsDroppedWhenItsQueuePassesTheBound() async throws {
        let server = try await RopeWebSocketServer.start(
            service: FloodService(), configuration: .init(token: "t", maxQueuedBytesPerClient: 1 << 20))
        defer { Task { await server.close() } }
        let client = try RawTCP(host: "127.0.0.1", port: server.port, receiveBuffer: 4096)
        try client.upgrade(token: "t")
        try client.sendText(#"{"jsonrpc":"2.0","id":1,"method":"Flood.notify","params":{}}"#)
        try await Task.sleep(for: .milliseconds(500))
        #expect(server.gate.counts.slowReaders == 1)
        #expect(client.waitForClose(milliseconds: 5000, draining: true), "the slow reader was not dropped")
    }

    @Test func requestsOverTheInFlightLimitAreRefusedAndTheOthersAnswered() async throws {
        let service = FloodService()
        let server = try await RopeWebSocketServer.start(
            service: service, configuration: .init(token: "t", maxRequestsInFlight: 4))
        defer { Task { await server.close() } }
        let connection = RopeWebSocketConnection(url: "ws://127.0.0.1:\(server.port)/", options: .init(token: "t"))
        connection.open()
        defer { connection.close() }
        _ = try await eventuallyCall(connection, "Echo.say", .null)
        let waiting = (0..<4).map { _ in Task { try await connection.call("Flood.wait", .null) } }
        try await Task.sleep(for: .milliseconds(200))
        await #expect(throws: MediasoupError.self) { _ = try await connection.call("Echo.say", ["over": true]) }
        service.releaseAll()
        for task in waiting { _ = try await task.value }
        let answer = try await connection.call("Echo.say", ["after": true])
        #expect(answer == ["after": true])
    }

    /// Calls once the connection is open (it opens asynchronously).
    private func eventuallyCall(
        _ connection: RopeWebSocketConnection, _ method: String, _ params: JSONValue
    ) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                return try await connection.call(method, params)
            } catch let error as InvalidStateError where ContinuousClock.now < deadline {
                _ = error
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

/// A TCP client socket with blocking calls, for driving a server byte by byte.
final class RawTCP: Sendable {
    let descriptor: Int32

    init(host: String, port: Int, receiveBuffer: Int32? = nil) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else {
            throw MediasoupError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
        guard descriptor >= 0 else { throw MediasoupError("socket() failed") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        guard connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(descriptor)
            throw MediasoupError("connect to \(host):\(port) failed")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw MediasoupError("send failed") }
            offset += sent
        }
    }

    /// Sends a WebSocket upgrade with a bearer token and reads the 101 answer.
    func upgrade(token: String) throws {
        try write(Array(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Authorization: Bearer \(token)\r\n\r\n").utf8))
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while !answer.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard recv(descriptor, &byte, 1, 0) == 1 else { throw MediasoupError("no upgrade answer") }
            answer.append(byte)
        }
        guard String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw MediasoupError("upgrade refused: \(String(decoding: answer, as: UTF8.self))")
        }
    }

    /// Sends one masked text frame (clients mask, RFC 6455 §5.3).
    func sendText(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        let mask: [UInt8] = [1, 2, 3, 4]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try write(frame)
    }

    /// Whether the server closes the connection within `milliseconds`; with
    /// `draining`, what arrives meanwhile is read and dropped, otherwise the
    /// first byte that arrives counts as "still open".
    func waitForClose(milliseconds: Int, draining: Bool = false) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
            if !draining { return false }
        }
        return false
    }
}

/// The pacing of one client's requests.
@Suite struct RopePacingTests {
    @Test func aBucketGivesItsCapacityAtOnceThenOneTokenPerPeriod() {
        let start = ContinuousClock.now
        var bucket = RopeTokenBucket(rate: 10, capacity: 3, now: start)
        #expect((0..<3).allSatisfy { _ in bucket.take(at: start) == nil })
        let wait = bucket.take(at: start)
        #expect(wait != nil && wait! > .milliseconds(99) && wait! <= .milliseconds(101))
        #expect(bucket.take(at: start + .milliseconds(100)) == nil)
        #expect(bucket.take(at: start + .milliseconds(100)) != nil)
        // Time saved up is capped at the capacity.
        let later = start + .seconds(60)
        #expect((0..<3).allSatisfy { _ in bucket.take(at: later) == nil })
        #expect(bucket.take(at: later) != nil)
    }

    @Test func requestsOverTheRateWaitTheirTurnAndStartInArrivalOrder() async throws {
        final class Recorder: RopeService {
            let started = Mutex<[Int]>([])
            func sessionOpened(_ session: RopeSession) {}
            func sessionClosed(_ session: RopeSession) {}
            func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
                started.withLock { $0.append(params.intValue ?? -1) }
                return .null
            }
        }
        let service = Recorder()
        let server = try await RopeWebSocketServer.start(
            service: service, configuration: .init(token: "t", maxRequestsPerSecond: 20))
        defer { Task { await server.close() } }
        let client = try RawTCP(host: "127.0.0.1", port: server.port)
        try client.upgrade(token: "t")
        let begin = ContinuousClock.now
        for index in 0..<40 {
            try client.sendText(#"{"jsonrpc":"2.0","id":\#(index),"method":"Pace.go","params":\#(index)}"#)
        }
        let deadline = begin + .seconds(10)
        while service.started.withLock({ $0.count }) < 40, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let elapsed = begin.duration(to: .now)
        // 20 at once, then 20 more at 20 a second: about a second, not less.
        #expect(elapsed >= .milliseconds(900), "40 requests at 20/s took only \(elapsed)")
        #expect(service.started.withLock { $0 } == Array(0..<40))
    }
}
