import Mediasoup
import ROPE
import RemoteMediasoupProtocol
import Synchronization
import Testing

@testable import RemoteMediasoupClient

@Suite struct RemoteClientTests {
    // MARK: The manager

    @Test func readyStateAndEventsFollowOpenDropCloseAndDestroy() async throws {
        let connection = RemoteClientFakeConnection()
        let client = RemoteMediasoupClient(connection: connection)
        let log = RemoteClientEventLog()
        client.clientEvents.on { event in
            if case .websocketClose(let wasClean) = event { log.record("websocketClose(\(wasClean))") } else { log.record(event.name) }
        }
        client.events.on { event in
            if case .mediasoup(let mediasoup) = event { log.record(mediasoup == nil ? "mediasoup(nil)" : "mediasoup") }
        }
        #expect(client.readyState == .closed)
        #expect(client.mediasoup == nil)

        try client.open()
        #expect(log.values == ["open", "websocketOpen"])
        #expect(client.readyState == .open)
        #expect(client.mediasoup == nil)
        #expect(throws: InvalidStateError.self) { try client.open() }

        try connection.sendSnapshot([])
        #expect(log.values == ["open", "websocketOpen", "mediasoup", "connected"])
        #expect(client.readyState == .connected)
        let mediasoup = try #require(client.mediasoup)
        #expect(mediasoup.workerBin == "wss://fake/mediasoup-worker")

        // A drop keeps the mediasoup object; the reconnection announces nothing new.
        log.clear()
        connection.drop()
        #expect(log.values == ["websocketClose(false)", "disconnected"])
        #expect(client.readyState == .connecting)
        #expect(client.mediasoup === mediasoup)
        connection.open()
        try connection.sendSnapshot([])
        #expect(log.values == ["websocketClose(false)", "disconnected", "websocketOpen", "connected"])
        #expect(client.readyState == .connected)

        log.clear()
        client.close()
        #expect(log.values == ["mediasoup(nil)", "close"])
        #expect(client.readyState == .closed)
        #expect(client.mediasoup == nil)
        #expect(!connection.isOpen)
        client.close()
        #expect(log.values == ["mediasoup(nil)", "close"])

        // Opened again, it offers the same object.
        log.clear()
        try client.open()
        try connection.sendSnapshot([])
        #expect(log.values == ["open", "websocketOpen", "mediasoup", "connected"])
        #expect(client.mediasoup === mediasoup)

        log.clear()
        try client.destroy()
        #expect(log.values == ["mediasoup(nil)", "close"])
        #expect(client.destroyed)
        #expect(client.readyState == .closed)
        #expect(throws: InvalidStateError.self) { try client.open() }
        #expect(throws: InvalidStateError.self) { try client.destroy() }
        await #expect(throws: InvalidStateError.self) { _ = try await client.getStats() }
    }

    @Test func getStatsAsksTheServerOnceConnected() async throws {
        let stats = MediasoupStats(
            os: .init(availableParallelism: 2, cpus: [], freemem: 1024, totalmem: 4096, loadavg: [0.5, 0.25, 0.125], uptime: 60),
            pidusages: nil,
            process: .init(cpuUsage: .init(user: 10, system: 5), hrtime: 123, memoryUsage: ["rss": 2048], uptime: 3))
        let answer = try stats.jsonValue()
        let connection = RemoteClientFakeConnection { method, _ in method == "Manager.getStats" ? answer : .null }
        let client = RemoteMediasoupClient(connection: connection)
        #expect(try await client.getStats() == nil)
        try client.open()
        try connection.sendSnapshot([])
        #expect(try await client.getStats() == stats)
        #expect(connection.requests.map(\.method) == ["Manager.getStats"])
        #expect(connection.requests.first?.params["target"] == nil)
    }

    // MARK: Proxies and events

    @Test func snapshotBuildsOneProxyPerObject() throws {
        let fake = try connectedClient(objects: [
            FakeSnapshots.worker("w1", pid: 777, appData: ["room": "a"]),
            try FakeSnapshots.router("r1", worker: "w1"),
            FakeSnapshots.directTransport("t1", router: "r1"),
            FakeSnapshots.directTransport("t2", router: "r1"),
            // A pipe producer keeps its original's id: same id, another transport.
            try FakeSnapshots.producer("p1", transport: "t1"),
            try FakeSnapshots.producer("p1", transport: "t2"),
        ])
        let mediasoup = fake.mediasoup
        let worker = try #require(mediasoup.workers.first)
        #expect(mediasoup.workers.count == 1)
        #expect(worker.pid == 777)
        #expect(worker.appData == ["room": "a"])
        #expect(!worker.closed)
        let router = try #require(worker.routersForTesting.first)
        #expect(router.id == "r1")
        #expect(router.transportsForTesting.map(\.id) == ["t1", "t2"])
        let producers = try router.transportsForTesting.map { transport in
            try #require((transport as? RemoteDirectTransport)?.transportCore.all.first as? RemoteProducer)
        }
        #expect(producers.map(\.id) == ["p1", "p1"])
        #expect(producers[0] !== producers[1])
        #expect(router.canConsume(producerId: "p1", rtpCapabilities: RtpCapabilities(codecs: [])) == false)
    }

    @Test func eventNotificationUpdatesStateThenEmits() throws {
        let fake = try connectedClient(objects: [
            FakeSnapshots.worker("w1"), try FakeSnapshots.router("r1", worker: "w1"),
            FakeSnapshots.directTransport("t1", router: "r1"), try FakeSnapshots.producer("p1", transport: "t1"),
        ])
        let (connection, mediasoup) = (fake.connection, fake.mediasoup)
        let transport = try #require(mediasoup.workers.first?.routersForTesting.first?.transportsForTesting.first)
        let newConsumers = Mutex<[any Consumer]>([])
        transport.observer.on { event in
            if case .newConsumer(let consumer) = event { newConsumers.withLock { $0.append(consumer) } }
        }
        let consumerSnapshot = try FakeSnapshots.consumer("c1", producer: "p1", transport: "t1", score: 10)
        try connection.sendEvent(
            EventNotification(
                target: "t1", class: .transport, event: TransportObserverEventName.newConsumer.rawValue, observer: true,
                data: try consumerSnapshot.jsonValue(), state: FakeSnapshots.directTransport("t1", router: "r1")))
        let consumer = try #require(newConsumers.withLock { $0.first })
        #expect(newConsumers.withLock { $0.count } == 1)
        #expect(consumer.id == "c1")
        #expect(consumer.score.score == 10)

        // The listener sees the state the event came with.
        let log = RemoteClientEventLog()
        consumer.events.on { event in
            switch event {
            case .score(let score): log.record("score \(score.score) state \(consumer.score.score)")
            case .producerClose: log.record("producerclose closed \(consumer.closed)")
            default: log.record("other")
            }
        }
        consumer.observer.on { event in
            if case .close = event { log.record("observer close") }
        }
        let lowScore = try FakeSnapshots.consumer("c1", producer: "p1", transport: "t1", score: 3)
        try connection.sendEvent(
            EventNotification(
                target: "c1", class: .consumer, event: ConsumerEventName.score.rawValue, observer: false,
                data: try ConsumerScore(score: 3, producerScore: 3, producerScores: []).jsonValue(), state: lowScore))
        #expect(log.values == ["score 3 state 3"])
        #expect(consumer.score.score == 3)

        // Closed by the server: the state comes with `producerclose`, then observer `close`.
        var closedSnapshot = lowScore
        closedSnapshot.closed = true
        try connection.sendEvent(
            EventNotification(
                target: "c1", class: .consumer, event: ConsumerEventName.producerClose.rawValue, observer: false,
                state: closedSnapshot))
        try connection.sendEvent(
            EventNotification(
                target: "c1", class: .consumer, event: RemoteEventName.close, observer: true, state: closedSnapshot))
        // Events for a closed consumer are dropped.
        try connection.sendEvent(
            EventNotification(
                target: "c1", class: .consumer, event: ConsumerEventName.score.rawValue, observer: false,
                data: try ConsumerScore(score: 9, producerScore: 9, producerScores: []).jsonValue(), state: lowScore))
        #expect(log.values == ["score 3 state 3", "producerclose closed true", "observer close"])
        #expect(consumer.closed)
        #expect(consumer.score.score == 3)
    }

    @Test func closingHereCascadesAtOnceThenSendsTheRequest() async throws {
        let fake = try connectedClient(objects: [
            FakeSnapshots.worker("w1"), try FakeSnapshots.router("r1", worker: "w1"),
            FakeSnapshots.directTransport("t1", router: "r1"), try FakeSnapshots.producer("p1", transport: "t1"),
            try FakeSnapshots.consumer("c1", producer: "p1", transport: "t1"),
        ])
        let (connection, mediasoup) = (fake.connection, fake.mediasoup)
        let worker = try #require(mediasoup.workers.first)
        let router = try #require(worker.routersForTesting.first)
        let transport = try #require(router.transportsForTesting.first as? RemoteDirectTransport)
        let producer = try #require(transport.transportCore.all.first as? RemoteProducer)
        let consumer = try #require(transport.transportCore.all.last as? RemoteConsumer)

        let log = RemoteClientEventLog()
        producer.events.on { if case .transportClose = $0 { log.record("producer transportclose") } }
        producer.observer.on { if case .close = $0 { log.record("producer close") } }
        consumer.events.on { if case .transportClose = $0 { log.record("consumer transportclose") } }
        consumer.observer.on { if case .close = $0 { log.record("consumer close") } }
        transport.events.on { if case .routerClose = $0 { log.record("transport routerclose") } }
        transport.observer.on { if case .close = $0 { log.record("transport close") } }
        router.observer.on { if case .close = $0 { log.record("router close") } }

        router.close()

        let cascade = [
            "producer transportclose", "producer close", "consumer transportclose", "consumer close",
            "transport routerclose", "transport close", "router close",
        ]
        #expect(log.values == cascade)
        #expect(router.closed && transport.closed && producer.closed && consumer.closed)
        #expect(worker.routersForTesting.isEmpty)
        #expect(router.transportsForTesting.isEmpty)
        let request = try #require(connection.requests.last)
        #expect(request.method == "Router.close")
        #expect(request.params["target"] == "r1")
        #expect(request.params["parent"] == "w1")

        // The server's own cascade arrives later and changes nothing.
        var closedTransport = FakeSnapshots.directTransport("t1", router: "r1")
        closedTransport.closed = true
        try connection.sendEvent(
            EventNotification(
                target: "t1", class: .transport, event: RemoteEventName.close, observer: true, state: closedTransport))
        #expect(log.values == cascade)

        // Requests on closed proxies fail as the local engine's do.
        await #expect(throws: MediasoupError.self) { _ = try await router.dump() }
        worker.close()
        await #expect(throws: InvalidStateError.self) { _ = try await router.dump() }
        await #expect(throws: InvalidStateError.self) { _ = try await worker.dump() }
    }

    @Test func workerDiedIsNotReemittedWithoutListenWorkerDied() throws {
        let connection = RemoteClientFakeConnection()
        let client = RemoteMediasoupClient(connection: connection, options: .init(listenWorkerDied: false))
        try client.open()
        try connection.sendSnapshot([FakeSnapshots.worker("w1")])
        let worker = try #require((client.mediasoup as? RemoteMediasoup)?.workers.first)
        let log = RemoteClientEventLog()
        worker.events.on { if case .died = $0 { log.record("died") } }
        worker.observer.on { if case .close = $0 { log.record("close") } }

        var dead = FakeSnapshots.worker("w1")
        dead.closed = true
        dead.properties["died"] = true
        try connection.sendEvent(
            EventNotification(
                target: "w1", class: .worker, event: WorkerEventName.died.rawValue, observer: false,
                data: try RemoteDiedEventData(kind: .error, message: "killed").jsonValue(), state: dead))
        try connection.sendEvent(
            EventNotification(target: "w1", class: .worker, event: RemoteEventName.close, observer: true, state: dead))

        #expect(log.values == ["close"])
        #expect(worker.died)
        #expect(worker.closed)
    }

    /// A client over `RemoteClientFakeConnection`, connected with a snapshot of `objects`.
    private func connectedClient(objects: [ObjectSnapshot]) throws -> FakeConnectedClient {
        let connection = RemoteClientFakeConnection()
        let client = RemoteMediasoupClient(connection: connection)
        try client.open()
        try connection.sendSnapshot(objects)
        let mediasoup = try #require(client.mediasoup as? RemoteMediasoup)
        return FakeConnectedClient(connection: connection, client: client, mediasoup: mediasoup)
    }
}

/// A client, its fake connection and its mediasoup object (the client must
/// live for its connection's events to be handled).
private struct FakeConnectedClient {
    let connection: RemoteClientFakeConnection
    let client: RemoteMediasoupClient
    let mediasoup: RemoteMediasoup
}
