import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupProtocol
import RemoteMediasoupServer
import Testing

/// What the server refuses, and how: each refusal has its JSON-RPC code and
/// mediasoup kind, and the session goes on serving.
extension RemoteServerTests {
    /// The protocol error the server throws for a request (nil if it does not throw one).
    func refusal(
        _ server: RemoteMediasoupServer, _ session: RopeSession, _ method: String, _ params: JSONValue
    ) async -> RopeErrorObject? {
        do {
            _ = try await server.call(method, params: params, session: session)
            return nil
        } catch {
            return error as? RopeErrorObject
        }
    }

    @Test func unknownMethodsTargetsAndBadParamsAreRefusedWithTheirCodes() async throws {
        try await withServer { server in
            let service = SessionKeepingService(server)
            let connection = RopeInMemoryConnection(service: service, requestTimeout: requestPatience)
            connection.open()
            let session = try #require(service.lastSession)
            let worker = try ObjectSnapshot(
                jsonValue: try await connection.call(RemoteProcedure.createWorker.method, params()))

            let unknownProcedure = await refusal(server, session, "Worker.fly", params(target: worker.id))
            #expect(unknownProcedure?.code == .methodNotFound)
            #expect(unknownProcedure?.kind == .typeError)
            #expect(await refusal(server, session, "Spaceship.close", params())?.code == .methodNotFound)
            #expect(await refusal(server, session, "noDot", params())?.code == .methodNotFound)
            // A procedure of another kind of transport is no procedure of this one.
            let router = try ObjectSnapshot(
                jsonValue: try await connection.call("Worker.createRouter", params(target: worker.id)))
            let direct = try ObjectSnapshot(
                jsonValue: try await connection.call("Router.createDirectTransport", params(target: router.id)))
            let restartIce = await refusal(server, session, "Transport.restartIce", params(target: direct.id))
            #expect(restartIce?.code == .methodNotFound)
            #expect(restartIce?.message.contains("direct") == true)

            let unknownTarget = await refusal(server, session, "Router.dump", params(target: "no-such-router"))
            #expect(unknownTarget?.code == .unknownTarget)
            #expect(unknownTarget?.kind == .invalidStateError)
            // An id of another class is no target of this one.
            #expect(await refusal(server, session, "Router.dump", params(target: worker.id))?.code == .unknownTarget)

            let missingTarget = await refusal(server, session, "Router.dump", params())
            #expect(missingTarget?.code == .invalidParams)
            #expect(missingTarget?.kind == .typeError)
            #expect(missingTarget?.message == "missing params.target")

            let badOptions = await refusal(
                server, session, "Worker.createRouter", params(target: worker.id, ["options": ["mediaCodecs": "opus"]]))
            #expect(badOptions?.code == .invalidParams)
            #expect(badOptions?.kind == .typeError)
            #expect(badOptions?.message.hasPrefix("invalid params.options: ") == true)
            #expect(badOptions?.message.contains("mediaCodecs") == true)

            let badBytes = await refusal(server, session, "Transport.sendRtcp", params(target: direct.id, ["packet": "!!"]))
            #expect(badBytes?.code == .invalidParams)
            #expect(await refusal(server, session, "Worker.dump", "not an object")?.code == .invalidParams)

            // Through the wire, each becomes its kind on the client, and the session goes on.
            await #expect(throws: TypeError.self) { _ = try await connection.call("Worker.fly", params(target: worker.id)) }
            await #expect(throws: InvalidStateError.self) {
                _ = try await connection.call("Router.dump", params(target: "no-such-router"))
            }
            await #expect(throws: TypeError.self) {
                _ = try await connection.call(
                    "Worker.createRouter", params(target: worker.id, ["options": ["mediaCodecs": "opus"]]))
            }
            let dump = try WorkerDump(jsonValue: try await connection.call("Worker.dump", params(target: worker.id)))
            #expect(dump.routerIds == [router.id])
        }
    }

    @Test func testHooksAreRefusedByDefault() async throws {
        let score = try param(RemoteEngineNotification(.producerScore([ProducerScore(encodingIdx: 0, ssrc: 11_111_111, score: 7)])))
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let (_, router) = try await workerAndRouter(client)
            let transport = try await webRtcTransport(client, router: router.id)
            let producer = try await client.create(
                "Transport.produce",
                params(target: transport.id, ["options": try param(RemoteServerMedia.audioProducer)]))
            await #expect(throws: InvalidStateError.self) {
                _ = try await client.call(
                    "Producer.injectNotificationForTesting", params(target: producer.id, ["notification": score]))
            }
            #expect(!client.events.contains { $0.event == "score" })
        }
        try await withServer(RemoteMediasoupServerOptions(allowTestHooks: true)) { server in
            let client = RemoteServerTestClient(server)
            let (_, router) = try await workerAndRouter(client)
            let transport = try await webRtcTransport(client, router: router.id)
            let producer = try await client.create(
                "Transport.produce",
                params(target: transport.id, ["options": try param(RemoteServerMedia.audioProducer)]))
            let answer = try await client.call(
                "Producer.injectNotificationForTesting", params(target: producer.id, ["notification": score]))
            #expect(answer == .null)
            let scored = try #require(client.events(of: producer.id).first { $0.event == "score" })
            let expected = [ProducerScore(encodingIdx: 0, ssrc: 11_111_111, score: 7)]
            #expect(try [ProducerScore](jsonValue: scored.data) == expected)
            #expect(try scored.state?.property("score", as: [ProducerScore].self) == expected)

            let iceState = try param(RemoteEngineNotification(.iceStateChange(.completed)))
            _ = try await client.call(
                "Transport.injectNotificationForTesting", params(target: transport.id, ["notification": iceState]))
            let changed = try #require(client.events(of: transport.id).last)
            #expect(changed.event == "icestatechange")
            #expect(changed.data == "completed")
            #expect(try changed.state?.property("iceState", as: IceState.self) == .completed)
        }
    }

    @Test func pipeToRouterServesWhatItCreatedAndTellsPipedIdsApartByParent() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let watcher = RemoteServerTestClient(server)
            let (_, router1) = try await workerAndRouter(client)
            let (_, router2) = try await workerAndRouter(client)
            let transport = try await webRtcTransport(client, router: router1.id)
            let producer = try await client.create(
                "Transport.produce",
                params(target: transport.id, ["options": try param(RemoteServerMedia.audioProducer)]))

            let answer = try await client.call(
                "Router.pipeToRouter",
                params(target: router1.id, ["options": ["producerId": .string(producer.id), "routerId": .string(router2.id)]]))
            let result = try RemotePipeToRouterResult(jsonValue: answer)
            let pipeConsumer = try #require(result.pipeConsumer)
            let pipeProducer = try #require(result.pipeProducer)
            #expect(pipeProducer.id == producer.id)
            #expect(pipeProducer.parent != nil && pipeProducer.parent != producer.parent)
            #expect(try pipeConsumer.property("producerId", as: String.self) == producer.id)

            // The pipe transports and what they carry were announced like any other creation.
            let pipeTransports = watcher.events.filter { $0.event == "newtransport" }.compactMap {
                try? ObjectSnapshot(jsonValue: $0.data)
            }.filter { $0.id != transport.id }
            #expect(Set(pipeTransports.compactMap(\.parent)) == [router1.id, router2.id])
            #expect(pipeTransports.allSatisfy { (try? $0.property("type", as: String.self)) == "pipe" })
            #expect(watcher.events.contains { $0.event == "newconsumer" && $0.target == pipeConsumer.parent })
            #expect(watcher.events.contains { $0.event == "newproducer" && $0.target == pipeProducer.parent })

            // Two live producers share the id: the parent tells which.
            await #expect(throws: TypeError.self) {
                _ = try await client.call("Producer.pause", params(target: producer.id))
            }
            _ = try await client.call(
                "Producer.pause", params(target: producer.id, [RemoteParam.parent: .string(pipeProducer.parent ?? "")]))
            let paused = try #require(watcher.events(of: producer.id).last)
            #expect(paused.event == "pause")
            #expect(paused.state?.parent == pipeProducer.parent)
            let original = try ProducerDump(
                jsonValue: try await client.call(
                    "Producer.dump", params(target: producer.id, [RemoteParam.parent: .string(transport.id)])))
            #expect(!original.paused)
        }
    }

    @Test func objectsCreatedInProcessAreServedToo() async throws {
        try await withServer { server in
            let client = RemoteServerTestClient(server)
            let worker = try await mediasoup.createWorker()
            defer { worker.close() }
            let router = try await worker.createRouter(RouterOptions(mediaCodecs: RemoteServerMedia.mediaCodecs))

            let announced = try #require(client.events.first { $0.event == "newworker" })
            let workerId = try ObjectSnapshot(jsonValue: announced.data).id
            #expect(try ObjectSnapshot(jsonValue: announced.data).property("pid", as: Int.self) == worker.pid)
            #expect(client.events.contains { $0.target == workerId && $0.event == "newrouter" })
            let dump = try RouterDump(jsonValue: try await client.call("Router.dump", params(target: router.id)))
            #expect(dump.id == router.id)

            worker.close()
            let closes = client.events.filter { $0.event == "close" }.map(\.target)
            #expect(closes == [router.id, workerId])
            // The worker's process exit still reaches the clients, with the state that says so.
            let exited = try await client.event("subprocessclose", of: workerId)
            #expect(try exited.state?.property("subprocessClosed", as: Bool.self) == true)
            #expect(exited.state?.closed == true)
            #expect(RemoteServerTestClient(server).snapshots.first?.objects.isEmpty == true)
        }
    }

    @Test func managerGetStatsAnswersTheStatsSourceOrNull() async throws {
        let stats = MediasoupStats(
            os: MediasoupStats.OS(
                availableParallelism: 2, cpus: [], freemem: 1, totalmem: 2, loadavg: [0, 0, 0], uptime: 3),
            process: MediasoupStats.Process(
                cpuUsage: MediasoupStats.Process.CPUUsage(user: 1, system: 2), hrtime: 4, memoryUsage: ["rss": 5],
                uptime: 6))
        try await withServer(getStats: { stats }) { server in
            let answer = try await RemoteServerTestClient(server).call(RemoteProcedure.managerGetStats.method)
            #expect(try MediasoupStats(jsonValue: answer) == stats)
        }
        try await withServer { server in
            let answer = try await RemoteServerTestClient(server).call(RemoteProcedure.managerGetStats.method)
            #expect(answer == .null)
        }
    }
}
