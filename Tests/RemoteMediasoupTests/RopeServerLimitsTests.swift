#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
@testable import ROPE
import AcceptanceTargets
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
        let held = try (0..<2).map { _ in try RawROPEClient(host: "127.0.0.1", port: server.port) }
        // Accepted connections are admitted on several event loops: let the two settle first.
        _ = try await eventually { server.gate.counts.open >= 2 }
        let third = try RawROPEClient(host: "127.0.0.1", port: server.port)
        #expect(third.closedByServer(within: 3000, draining: false), "a third connection from one address stays open")
        #expect(!held[0].closedByServer(within: 100, draining: false))

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
        let silent = try RawROPEClient(host: "127.0.0.1", port: server.port)
        #expect(silent.closedByServer(within: 5000, draining: false), "a silent connection outlived the handshake deadline")
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
        let client = try RawROPEClient(host: "127.0.0.1", port: server.port)
        #expect(try await client.upgrade(token: "t") == 101)
        // It reads (so it is no slow reader) but never answers a ping.
        #expect(client.closedByServer(within: 5000), "a peer that answers no ping stayed connected")
    }

    @Test func aClientThatStopsReadingIsDroppedWhenItsQueuePassesTheBound() async throws {
        let server = try await RopeWebSocketServer.start(
            service: FloodService(), configuration: .init(token: "t", maxQueuedBytesPerClient: 1 << 20))
        defer { Task { await server.close() } }
        let client = try RawROPEClient(host: "127.0.0.1", port: server.port, receiveBuffer: 4096)
        #expect(try await client.upgrade(token: "t") == 101)
        try client.sendText(#"{"jsonrpc":"2.0","id":1,"method":"Flood.notify","params":{}}"#)
        try await Task.sleep(for: .milliseconds(500))
        #expect(server.gate.counts.slowReaders == 1)
        #expect(client.closedByServer(within: 5000), "the slow reader was not dropped")
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
        let deadline = ContinuousClock.now + patience
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
        let client = try RawROPEClient(host: "127.0.0.1", port: server.port)
        #expect(try await client.upgrade(token: "t") == 101)
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
