import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupProtocol
import RemoteMediasoupServer
import Synchronization
import Testing

/// The remote server over the local engine (real worker processes), seen by
/// clients through in-memory ROPE connections: real JSON-RPC frames and the
/// session runner, no sockets.
@Suite(.timeLimit(.minutes(1)))
struct RemoteServerTests {
    let mediasoup = LocalMediasoup()

    /// Runs `body` with a server that is closed after it, closing the workers created through it.
    func withServer(
        _ options: RemoteMediasoupServerOptions = .init(),
        getStats: (@Sendable () async throws -> MediasoupStats?)? = nil,
        _ body: (RemoteMediasoupServer) async throws -> Void
    ) async throws {
        let server = RemoteMediasoupServer(mediasoup: mediasoup, getStats: getStats, options: options)
        defer { server.close() }
        try await body(server)
    }

    /// A worker and a router with the test codecs, created by `client`.
    func workerAndRouter(_ client: RemoteServerTestClient) async throws -> (ObjectSnapshot, ObjectSnapshot) {
        let worker = try await client.create(RemoteProcedure.createWorker.method, params())
        let router = try await client.create(
            "Worker.createRouter",
            params(target: worker.id, ["options": try param(RouterOptions(mediaCodecs: RemoteServerMedia.mediaCodecs))]))
        return (worker, router)
    }

    func webRtcTransport(_ client: RemoteServerTestClient, router: String) async throws -> ObjectSnapshot {
        try await client.create(
            "Router.createWebRtcTransport",
            params(target: router, ["options": try param(RemoteServerMedia.webRtcTransportOptions)]))
    }

    // MARK: Snapshot

    @Test func aSessionFirstGetsTheWholeState() async throws {
        try await withServer { server in
            let first = RemoteServerTestClient(server)
            let empty = try #require(first.snapshots.first)
            #expect(first.notificationMethods == [RemoteNotification.snapshot])
            #expect(empty.objects.isEmpty)
            #expect(empty.version == mediasoupVersion)
            #expect(empty.workerBin == mediasoup.workerBin)

            let (worker, router) = try await workerAndRouter(first)
            let transport = try await webRtcTransport(first, router: router.id)

            let late = RemoteServerTestClient(server)
            let snapshot = try #require(late.snapshots.first)
            #expect(late.notificationMethods == [RemoteNotification.snapshot])
            #expect(snapshot.objects.map(\.id) == [worker.id, router.id, transport.id])
            #expect(snapshot.objects.map(\.class) == [.worker, .router, .transport])
            #expect(snapshot.objects.map(\.parent) == [nil, worker.id, router.id])
            #expect(snapshot.objects.allSatisfy { !$0.closed })
            #expect(
                try snapshot.objects[1].property("rtpCapabilities", as: RtpCapabilities.self)
                    == ORTC.generateRouterRtpCapabilities(mediaCodecs: RemoteServerMedia.mediaCodecs))
            #expect(try snapshot.objects[2].property("type", as: String.self) == "webrtc")
        }
    }

    @Test func createWorkerAnswersItsSnapshotAndAnnouncesItToEverySession() async throws {
        try await withServer { server in
            let creator = RemoteServerTestClient(server)
            let watcher = RemoteServerTestClient(server)
            let worker = try await creator.create(
                RemoteProcedure.createWorker.method,
                params(["settings": try param(WorkerSettings(logLevel: .warn, appData: ["name": "w1"]))]))

            #expect(worker.class == .worker)
            #expect(worker.parent == nil)
            #expect(worker.appData == ["name": "w1"])
            #expect(try worker.property("pid", as: Int.self) > 0)
            #expect(try worker.property("died", as: Bool.self) == false)
            #expect(try worker.property("subprocessClosed", as: Bool.self) == false)

            let announced = try #require(watcher.events.first)
            #expect(watcher.events.count == 1)
            #expect(announced.target == nil)
            #expect(announced.class == .mediasoup)
            #expect(announced.event == "newworker")
            #expect(announced.observer)
            #expect(announced.state == nil)
            #expect(try ObjectSnapshot(jsonValue: announced.data) == worker)
            // The creator saw the event before the answer.
            #expect(creator.events.map(\.event) == ["newworker"])
        }
    }

    @Test func sessionsConnectingDuringChangesSeeEachObjectExactlyOnce() async throws {
        try await withServer { server in
            let creator = RemoteServerTestClient(server)
            let (_, router) = try await workerAndRouter(creator)
            let transport = try await creator.create("Router.createDirectTransport", params(target: router.id))
            let createdCount = Mutex(0)
            let creating = Task {
                var ids: [String] = []
                for _ in 0..<40 {
                    ids.append(try await creator.create("Transport.produceData", params(target: transport.id)).id)
                    createdCount.withLock { $0 += 1 }
                }
                return ids
            }
            var sessions: [RemoteServerTestClient] = []
            for index in 0..<12 {
                if index == 6 {
                    // The second half connects once changes are under way (on a loaded machine the first
                    // half can all connect before the first data producer exists).
                    for _ in 0..<5000 where createdCount.withLock({ $0 }) == 0 {
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
                sessions.append(RemoteServerTestClient(server))
                try await Task.sleep(for: .milliseconds(2))
            }
            let created = try await creating.value
            // Each one saw every data producer once: in its snapshot, or announced after it.
            for session in sessions {
                let inSnapshot = (session.snapshots.first?.objects ?? []).filter { $0.class == .dataProducer }
                let announced = session.events.filter { $0.event == "newdataproducer" }.compactMap {
                    try? ObjectSnapshot(jsonValue: $0.data)
                }
                #expect((inSnapshot + announced).map(\.id) == created)
            }
            #expect(sessions.contains { $0.snapshots.first?.objects.contains { $0.class == .dataProducer } == true })
        }
    }

    // MARK: Procedures and events

    @Test func routerTransportProducerConsumerFlow() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let watcher = RemoteServerTestClient(server)
            let (worker, router) = try await workerAndRouter(client)
            let sendTransport = try await webRtcTransport(client, router: router.id)
            let recvTransport = try await webRtcTransport(client, router: router.id)
            #expect(sendTransport.parent == router.id)
            #expect(try sendTransport.property("iceRole", as: IceRole.self) == .controlled)
            #expect(try !sendTransport.property("iceCandidates", as: [IceCandidate].self).isEmpty)
            #expect(try sendTransport.property("iceState", as: IceState.self) == .new)

            let producer = try await client.create(
                "Transport.produce",
                params(target: sendTransport.id, ["options": try param(RemoteServerMedia.audioProducer)]))
            #expect(producer.class == .producer)
            #expect(producer.parent == sendTransport.id)
            #expect(try producer.property("kind", as: MediaKind.self) == .audio)
            #expect(try producer.property("paused", as: Bool.self) == false)

            let rtpCapabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: RemoteServerMedia.mediaCodecs)
            let consumer = try await client.create(
                "Transport.consume",
                params(
                    target: recvTransport.id,
                    ["options": try param(ConsumerOptions(producerId: producer.id, rtpCapabilities: rtpCapabilities))]))
            #expect(consumer.parent == recvTransport.id)
            #expect(try consumer.property("producerId", as: String.self) == producer.id)
            #expect(try consumer.property("type", as: ConsumerType.self) == .simple)

            // Every creation reached the other session as its parent's `new…` observer event.
            // The new object was registered first: its snapshot names its parent.
            let announcements = watcher.events.map { event in
                let data = try? ObjectSnapshot(jsonValue: event.data)
                return [event.target, event.event, data?.id, data?.parent]
            }
            #expect(
                announcements == [
                    [nil, "newworker", worker.id, nil],
                    [worker.id, "newrouter", router.id, worker.id],
                    [router.id, "newtransport", sendTransport.id, router.id],
                    [router.id, "newtransport", recvTransport.id, router.id],
                    [sendTransport.id, "newproducer", producer.id, sendTransport.id],
                    [recvTransport.id, "newconsumer", consumer.id, recvTransport.id],
                ])
            #expect(watcher.events.allSatisfy { $0.observer })

            // A state change travels with the event that caused it.
            #expect(try await client.call("Producer.pause", params(target: producer.id)) == .null)
            let paused = try #require(watcher.events(of: producer.id).last)
            #expect(paused.event == "pause")
            #expect(try paused.state?.property("paused", as: Bool.self) == true)
            let producerPause = try #require(watcher.events(of: consumer.id).first { $0.event == "producerpause" })
            #expect(!producerPause.observer)
            #expect(try producerPause.state?.property("producerPaused", as: Bool.self) == true)

            let dump = try ProducerDump(jsonValue: try await client.call("Producer.dump", params(target: producer.id)))
            #expect(dump.id == producer.id)
            #expect(dump.paused)
        }
    }

    @Test func dataMessagesTravelAsBase64() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let (_, router) = try await workerAndRouter(client)
            let transport = try await client.create("Router.createDirectTransport", params(target: router.id))
            #expect(try transport.property("type", as: String.self) == "direct")
            let dataProducer = try await client.create("Transport.produceData", params(target: transport.id))
            let dataConsumer = try await client.create(
                "Transport.consumeData",
                params(target: transport.id, ["options": try param(DataConsumerOptions(dataProducerId: dataProducer.id))]))

            _ = try await client.call(
                "DataProducer.send",
                params(target: dataProducer.id, ["message": try param(RemoteDataMessage(.string("hello")))]))
            let message = try await client.event("message", of: dataConsumer.id)
            let data = try RemoteMessageEventData(jsonValue: message.data)
            #expect(try data.bytes() == Array("hello".utf8))
            #expect(data.ppid == 51)
            #expect(message.data["message"] == "aGVsbG8=")
        }
    }

    @Test func anEngineErrorKeepsItsKind() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let (_, router) = try await workerAndRouter(client)
            let transport = try await webRtcTransport(client, router: router.id)
            await #expect(throws: UnsupportedError.self) {
                _ = try await client.call(
                    "Transport.produce",
                    params(target: transport.id, ["options": try param(RemoteServerMedia.unsupportedProducer)]))
            }
            // The session goes on.
            let dump = try TransportDump(jsonValue: try await client.call("Transport.dump", params(target: transport.id)))
            #expect(dump.id == transport.id)
        }
    }

    // MARK: Closing

    @Test func closingARouterBroadcastsItsCascadeOncePerObject() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let watcher = RemoteServerTestClient(server)
            let (worker, router) = try await workerAndRouter(client)
            let transport = try await webRtcTransport(client, router: router.id)
            let producer = try await client.create(
                "Transport.produce",
                params(target: transport.id, ["options": try param(RemoteServerMedia.audioProducer)]))
            let observer = try await client.create("Router.createAudioLevelObserver", params(target: router.id))
            #expect(try observer.property("type", as: String.self) == "audiolevel")

            #expect(try await client.call("Router.close", params(target: router.id)) == .null)

            let closes = watcher.events.filter { $0.event == "close" }
            #expect(Set(closes.compactMap(\.target)) == [router.id, transport.id, producer.id, observer.id])
            #expect(closes.count == 4)
            #expect(closes.allSatisfy { $0.observer && $0.state?.closed == true })
            // Each object left the registry after its close event went out: the state still names its parent.
            #expect(closes.allSatisfy { $0.state?.parent != nil })
            #expect(closes.last?.target == router.id)
            let causes = watcher.events.filter { !$0.observer }.map { [$0.target, $0.event] }
            #expect(
                Set(causes) == [
                    [transport.id, "routerclose"], [producer.id, "transportclose"], [observer.id, "routerclose"],
                ])

            // The closed objects are gone: not in a new snapshot, not a target any more.
            let late = RemoteServerTestClient(server)
            #expect(late.snapshots.first?.objects.map(\.id) == [worker.id])
            await #expect(throws: InvalidStateError.self) {
                _ = try await client.call("Producer.dump", params(target: producer.id))
            }
        }
    }

    @Test func aReconnectingSessionGetsTheCurrentSnapshot() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let other = RemoteServerTestClient(server)
            let (worker, router) = try await workerAndRouter(client)

            client.connection.drop()
            _ = try await other.call("Router.close", params(target: router.id))
            let transportRouter = try await other.create(
                "Worker.createRouter", params(target: worker.id, ["options": try param(RouterOptions())]))
            client.connection.open()

            #expect(client.snapshots.count == 2)
            #expect(client.snapshots.last?.objects.map(\.id) == [worker.id, transportRouter.id])
            // Nothing that happened while it was away came as an event.
            #expect(!client.events.contains { $0.target == router.id && $0.event == "close" })
            let dump = try WorkerDump(jsonValue: try await client.call("Worker.dump", params(target: worker.id)))
            #expect(dump.routerIds == [transportRouter.id])
        }
    }

    @Test func closeClosesTheWorkersCreatedThroughTheServer() async throws {
        let server = RemoteMediasoupServer(mediasoup: mediasoup)
        let client = RemoteServerTestClient(server)
        let ownId = try await client.create(RemoteProcedure.createWorker.method, params()).id
        let foreign = try await mediasoup.createWorker()
        defer { foreign.close() }
        let own = try #require(
            (client.events.first { $0.event == "newworker" && (try? ObjectSnapshot(jsonValue: $0.data).id) == ownId })
        )
        #expect(own.class == .mediasoup)

        server.close()
        #expect(server.closed)
        #expect(!foreign.closed)
        #expect(!client.connection.isOpen)
        let closedWorkers = client.events.filter { $0.event == "close" }.compactMap(\.target)
        #expect(closedWorkers == [ownId])
    }
}
