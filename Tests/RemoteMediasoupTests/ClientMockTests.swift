import Mediasoup
import MediasoupLocal
import RemoteMediasoupClientMock
import RemoteMediasoupProtocol
import Synchronization
import Testing

/// Records a mock's client events and manager events, in one order.
private final class EventLog: Sendable {
    private let entries = Mutex<[String]>([])

    init(_ mock: RemoteMediasoupClientMock) {
        mock.clientEvents.on { [weak self] event in self?.append(event.name) }
        mock.events.on { [weak self] event in
            guard case .mediasoup(let mediasoup) = event else { return }
            self?.append(mediasoup == nil ? "mediasoup(nil)" : "mediasoup")
        }
    }

    private func append(_ name: String) {
        entries.withLock { $0.append(name) }
    }

    var names: [String] { entries.withLock { $0 } }
}

private func connected(_ mock: RemoteMediasoupClientMock, after open: () throws -> Void) async throws {
    let events = mock.clientEvents.stream()
    try open()
    for await case .connected in events { return }
}

@Suite struct ClientMockTests {
    @Test func opensOnLaterTurnsInTheClientsOrder() async throws {
        let mock = RemoteMediasoupClientMock()
        let log = EventLog(mock)
        #expect(mock.readyState == .closed)
        #expect(mock.mediasoup == nil)

        try await connected(mock) {
            try mock.open(url: "ws://mock.invalid")
            // Nothing is emitted within the call, and the mock is already open.
            #expect(log.names.isEmpty)
            #expect(mock.readyState == .open)
            #expect(mock.mediasoup == nil)
        }
        #expect(log.names == ["open", "websocketOpen", "mediasoup", "connected"])
        #expect(mock.readyState == .connected)
        #expect(mock.mediasoup is LocalMediasoup)
        #expect(mock.url == "ws://mock.invalid")
        try mock.destroy()
    }

    @Test func closeEmitsMediasoupNilThenCloseAndNoDisconnection() async throws {
        let mock = RemoteMediasoupClientMock()
        try await connected(mock) { try mock.open(url: "ws://mock.invalid") }
        let log = EventLog(mock)

        mock.close()
        #expect(log.names == ["mediasoup(nil)", "close"])
        #expect(mock.readyState == .closed)
        #expect(mock.mediasoup == nil)

        mock.close()
        #expect(log.names == ["mediasoup(nil)", "close"])
        try mock.destroy()
    }

    @Test func reopensToTheLastURL() async throws {
        let mock = RemoteMediasoupClientMock()
        #expect(throws: TypeError.self) { try mock.open() }
        try await connected(mock) { try mock.open(url: "ws://first.invalid") }
        #expect(throws: InvalidStateError.self) { try mock.open(url: "ws://second.invalid") }
        mock.close()
        try await connected(mock) { try mock.open() }
        #expect(mock.url == "ws://first.invalid")
        #expect(mock.readyState == .connected)
        try mock.destroy()
    }

    @Test func aURLAtInitOpensAtOnce() async throws {
        let mock = RemoteMediasoupClientMock(url: "ws://mock.invalid")
        let events = mock.clientEvents.stream()
        #expect(mock.readyState == .open || mock.readyState == .connected)
        #expect(mock.url == "ws://mock.invalid")
        if mock.readyState != .connected {
            for await case .connected in events { break }
        }
        #expect(mock.mediasoup != nil)
        try mock.destroy()
    }

    @Test func closingWhileOpeningCancelsTheRestOfTheOpening() async throws {
        let mock = RemoteMediasoupClientMock()
        let log = EventLog(mock)
        try mock.open(url: "ws://mock.invalid")
        mock.close()
        #expect(log.names == ["close"])
        // A later open completes alone: the first one's turns do nothing.
        try await connected(mock) { try mock.open() }
        #expect(log.names == ["close", "open", "websocketOpen", "mediasoup", "connected"])
        try mock.destroy()
    }

    @Test func getStatsWhileConnectedTracksWorkersAndIsNilWhenClosed() async throws {
        let mock = RemoteMediasoupClientMock()
        #expect(try await mock.getStats() == nil)
        try await connected(mock) { try mock.open(url: "ws://mock.invalid") }
        let mediasoup = try #require(mock.mediasoup)
        let worker = try await mediasoup.createWorker()
        defer { worker.close() }

        let stats = try #require(try await mock.getStats())
        #expect((stats.pidusages?[String(worker.pid)]?.memory ?? 0) > 0)

        mock.close()
        #expect(try await mock.getStats() == nil)
        try mock.destroy()
    }

    @Test func destroyIsFinal() async throws {
        let mock = RemoteMediasoupClientMock()
        try await connected(mock) { try mock.open(url: "ws://mock.invalid") }
        let log = EventLog(mock)
        #expect(!mock.destroyed)

        try mock.destroy()
        #expect(mock.destroyed)
        #expect(log.names == ["mediasoup(nil)", "close"])
        #expect(mock.readyState == .closed)
        #expect(mock.mediasoup == nil)
        #expect(throws: InvalidStateError.self) { try mock.destroy() }
        #expect(throws: InvalidStateError.self) { try mock.open() }
        await #expect(throws: InvalidStateError.self) { try await mock.getStats() }
    }
}
