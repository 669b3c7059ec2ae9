import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupProtocol
import RemoteMediasoupServer
import Synchronization
import Testing

@testable import RemoteMediasoupClient

// The client against a real server over the in-memory ROPE connection.
extension RemoteClientTests {
    @Test func snapshotAfterReconnectionIsReconciled() async throws {
        let server = RemoteMediasoupServer(mediasoup: LocalMediasoup())
        defer { server.close() }
        let connection = RopeInMemoryConnection(service: server, requestTimeout: requestPatience)
        let client = RemoteMediasoupClient(connection: connection)
        try client.open()
        let mediasoup = try #require(client.mediasoup as? RemoteMediasoup)
        let worker = try await mediasoup.createWorker()
        defer { worker.close() }
        let kept = try await worker.createRouter(RouterOptions(appData: ["version": 1]))
        let vanishing = try await worker.createRouter()
        let vanishingTransport = try await vanishing.createDirectTransport()

        // Another client of the same server changes things while this one is away.
        let other = RemoteMediasoupClient(connection: RopeInMemoryConnection(service: server, requestTimeout: requestPatience))
        try other.open()
        let otherWorker = try #require((other.mediasoup as? RemoteMediasoup)?.workers.first)
        #expect(otherWorker.routersForTesting.map(\.id) == [kept.id, vanishing.id])

        let log = RemoteClientEventLog()
        client.clientEvents.on { event in
            if case .websocketClose(let wasClean) = event { log.record("websocketClose(\(wasClean))") } else { log.record(event.name) }
        }
        vanishingTransport.events.on { if case .routerClose = $0 { log.record("transport routerclose") } }
        vanishingTransport.observer.on { if case .close = $0 { log.record("transport close") } }
        vanishing.events.on { if case .workerClose = $0 { log.record("router workerclose") } }
        vanishing.observer.on { if case .close = $0 { log.record("router close") } }
        worker.observer.on { if case .newRouter(let router) = $0 { log.record("newrouter \(router.id)") } }

        connection.drop()
        #expect(client.readyState == .connecting)
        #expect(client.mediasoup === mediasoup)

        try #require(otherWorker.routersForTesting.first { $0.id == vanishing.id }).close()
        try #require(otherWorker.routersForTesting.first { $0.id == kept.id }).appData = ["version": 2]
        let appeared = try await otherWorker.createRouter()
        _ = try await otherWorker.dump()  // the server has handled everything sent before

        connection.open()

        #expect(client.readyState == .connected)
        #expect(client.mediasoup === mediasoup)
        #expect(
            log.values == [
                "websocketClose(false)", "disconnected", "websocketOpen",
                "transport routerclose", "transport close", "router workerclose", "router close",
                "newrouter \(appeared.id)", "connected",
            ])
        #expect(vanishing.closed && vanishingTransport.closed)
        #expect(!kept.closed)
        #expect(kept.appData == ["version": 2])
        #expect(worker.routersForTesting.map(\.id) == [kept.id, appeared.id])
        let appearedHere = try #require(worker.routersForTesting.last)
        #expect(try await appearedHere.dump().id == appeared.id)
        try other.destroy()
    }

    @Test func requestInFlightFailsAtOnceWhenTheConnectionDrops() async throws {
        let service = StallingService(objects: [FakeSnapshots.worker("w1")])
        defer { service.releaseAll() }
        let connection = RopeInMemoryConnection(service: service, requestTimeout: requestPatience)
        let client = RemoteMediasoupClient(connection: connection)
        try client.open()
        let worker = try #require((client.mediasoup as? RemoteMediasoup)?.workers.first)

        let dump = Task { try await worker.dump() }
        await service.waitForRequest()
        let dropped = ContinuousClock.now
        connection.drop()

        let error = await #expect(throws: InvalidStateError.self) { _ = try await dump.value }
        #expect(error?.message.contains("connection lost") == true)
        #expect(ContinuousClock.now - dropped < .seconds(5))
    }
}

/// A ROPE service that sends a fixed snapshot and never answers, until released.
private final class StallingService: RopeService {
    private let objects: [ObjectSnapshot]
    private let pending = Mutex<[CheckedContinuation<JSONValue, any Error>]>([])
    private let arrived = AsyncStream<Void>.makeStream()

    init(objects: [ObjectSnapshot]) {
        self.objects = objects
    }

    func sessionOpened(_ session: RopeSession) {
        let snapshot = ServerSnapshot(version: mediasoupVersion, workerBin: "mediasoup-worker", objects: objects)
        session.notify(RemoteNotification.snapshot, (try? snapshot.jsonValue()) ?? .null)
    }

    func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            pending.withLock { $0.append(continuation) }
            arrived.continuation.yield()
        }
    }

    func sessionClosed(_ session: RopeSession) {}

    /// Returns once a request has arrived.
    func waitForRequest() async {
        for await _ in arrived.stream { return }
    }

    /// Answers every stalled request with null.
    func releaseAll() {
        for continuation in pending.withLock({ list in defer { list = [] }; return list }) {
            continuation.resume(returning: .null)
        }
    }
}
