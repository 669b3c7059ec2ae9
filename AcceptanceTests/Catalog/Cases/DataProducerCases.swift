import Mediasoup
import Synchronization

/// Port of mediasoup's `test-DataProducer.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker, a router and two WebRtcTransports with SCTP (``fixture(_:)``); the
/// worker is closed after the case. Where the original passes a value the
/// Swift types cannot hold (`sctpStreamParameters: { foo: 'foo' }`, without a
/// `streamId`), the call is refused at compile time; the port checks instead
/// that the same value given as JSON is refused with ``TypeError``.
/// `rejects.toThrow(Error)` is ported as the kind the contract names
/// (``MediasoupError``). Un-awaited calls (`void dataProducer.pause()`) start
/// at once, in call order, as in JavaScript (``startNow(_:)``).
enum DataProducerCases {
    static let suite = "test-DataProducer"

    static let dataProducerOptions1 = DataProducerOptions(
        sctpStreamParameters: SctpStreamParameters(streamId: 666),
        label: "foo",
        protocol: "bar",
        appData: ["foo": 1, "bar": "2"])

    static let dataProducerOptions2 = DataProducerOptions(
        sctpStreamParameters: SctpStreamParameters(streamId: 777, maxRetransmits: 3),
        label: "foo",
        protocol: "bar",
        paused: true,
        appData: ["foo": 1, "bar": "2"])

    struct Fixture {
        let worker: any Worker
        let router: any Router
        let webRtcTransport1: any WebRtcTransport
        let webRtcTransport2: any WebRtcTransport
    }

    /// `beforeEach`: a worker (closed after the case), a router and two
    /// WebRtcTransports on 127.0.0.1 with SCTP.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter()
        let webRtcTransport1 = try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")], enableSctp: true))
        let webRtcTransport2 = try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")], enableSctp: true))
        return Fixture(
            worker: worker, router: router, webRtcTransport1: webRtcTransport1, webRtcTransport2: webRtcTransport2)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "webRtcTransport1.produceData() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewDataProducer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport1.observer.once(where: isNewDataProducer) { event in
                if case .newDataProducer(let dataProducer) = event {
                    onObserverNewDataProducer.record(ObjectIdentifier(dataProducer))
                }
            }

            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            try expectEqual(onObserverNewDataProducer.count, 1, "observer newdataproducer calls")
            try expectEqual(
                onObserverNewDataProducer.values, [ObjectIdentifier(dataProducer1)],
                "observer newdataproducer argument")
            // `typeof dataProducer1.id === 'string'` holds by the Swift types.
            try expectEqual(dataProducer1.closed, false, "dataProducer1.closed")
            try expectEqual(dataProducer1.type, .sctp, "dataProducer1.type")
            let sctpStreamParameters = try expectNotNil(
                dataProducer1.sctpStreamParameters, "dataProducer1.sctpStreamParameters")
            try expectEqual(sctpStreamParameters.streamId, 666, "sctpStreamParameters.streamId")
            try expectEqual(sctpStreamParameters.ordered, true, "sctpStreamParameters.ordered")
            try expectEqual(sctpStreamParameters.maxPacketLifeTime, nil, "sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters.maxRetransmits, nil, "sctpStreamParameters.maxRetransmits")
            try expectEqual(dataProducer1.label, "foo", "dataProducer1.label")
            try expectEqual(dataProducer1.protocol, "bar", "dataProducer1.protocol")
            try expectEqual(dataProducer1.paused, false, "dataProducer1.paused")
            try expectEqual(dataProducer1.appData, ["foo": 1, "bar": "2"], "dataProducer1.appData")

            let dump = try await ctx.router.dump()

            try expect(
                dump.mapDataProducerIdDataConsumerIds.contains(KeyValues(key: dataProducer1.id, values: [])),
                "router dump mapDataProducerIdDataConsumerIds contains {key: dataProducer1.id, values: []}")

            try expectEqual(
                dump.mapDataConsumerIdDataProducerId.count, 0, "router dump mapDataConsumerIdDataProducerId.length")

            let transportDump = try await ctx.webRtcTransport1.dump()

            try expectEqual(transportDump.id, ctx.webRtcTransport1.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [dataProducer1.id], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [], "transport dump dataConsumerIds")
        },

        AcceptanceCase(suite, "webRtcTransport2.produceData() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewDataProducer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewDataProducer) { event in
                if case .newDataProducer(let dataProducer) = event {
                    onObserverNewDataProducer.record(ObjectIdentifier(dataProducer))
                }
            }

            let dataProducer2 = try await ctx.webRtcTransport2.produceData(dataProducerOptions2)

            try expectEqual(onObserverNewDataProducer.count, 1, "observer newdataproducer calls")
            try expectEqual(
                onObserverNewDataProducer.values, [ObjectIdentifier(dataProducer2)],
                "observer newdataproducer argument")
            try expectEqual(dataProducer2.closed, false, "dataProducer2.closed")
            try expectEqual(dataProducer2.type, .sctp, "dataProducer2.type")
            let sctpStreamParameters = try expectNotNil(
                dataProducer2.sctpStreamParameters, "dataProducer2.sctpStreamParameters")
            try expectEqual(sctpStreamParameters.streamId, 777, "sctpStreamParameters.streamId")
            try expectEqual(sctpStreamParameters.ordered, false, "sctpStreamParameters.ordered")
            try expectEqual(sctpStreamParameters.maxPacketLifeTime, nil, "sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters.maxRetransmits, 3, "sctpStreamParameters.maxRetransmits")
            try expectEqual(dataProducer2.label, "foo", "dataProducer2.label")
            try expectEqual(dataProducer2.protocol, "bar", "dataProducer2.protocol")
            try expectEqual(dataProducer2.paused, true, "dataProducer2.paused")
            try expectEqual(dataProducer2.appData, ["foo": 1, "bar": "2"], "dataProducer2.appData")

            let dump = try await ctx.router.dump()

            try expect(
                dump.mapDataProducerIdDataConsumerIds.contains(KeyValues(key: dataProducer2.id, values: [])),
                "router dump mapDataProducerIdDataConsumerIds contains {key: dataProducer2.id, values: []}")

            try expectEqual(
                dump.mapDataConsumerIdDataProducerId.count, 0, "router dump mapDataConsumerIdDataProducerId.length")

            let transportDump = try await ctx.webRtcTransport2.dump()

            try expectEqual(transportDump.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [dataProducer2.id], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [], "transport dump dataConsumerIds")
        },

        AcceptanceCase(
            suite, "webRtcTransport1.produceData() with wrong arguments rejects with TypeError",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            try await expectThrows(TypeError.self) {
                _ = try await ctx.webRtcTransport1.produceData(DataProducerOptions())
            }

            // Missing or empty sctpStreamParameters.streamId.
            // `sctpStreamParameters: { foo: 'foo' }` is refused at compile time
            // (`streamId` is required); as JSON:
            try await expectThrows(TypeError.self) {
                _ = try DataProducerOptions(json: #"{"sctpStreamParameters":{"foo":"foo"}}"#)
            }
        },

        AcceptanceCase(
            suite, "transport.produceData() with already used streamId rejects with Error", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            _ = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            try await expectThrows(MediasoupError.self) {
                _ = try await ctx.webRtcTransport1.produceData(
                    DataProducerOptions(sctpStreamParameters: SctpStreamParameters(streamId: 666)))
            }
        },

        AcceptanceCase(
            suite, "transport.produceData() with ordered and maxPacketLifeTime rejects with TypeError",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            try await expectThrows(TypeError.self) {
                _ = try await ctx.webRtcTransport1.produceData(
                    DataProducerOptions(
                        sctpStreamParameters: SctpStreamParameters(
                            streamId: 999, ordered: true, maxPacketLifeTime: 4000)))
            }
        },

        AcceptanceCase(suite, "dataProducer.dump() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            let dump1 = try await dataProducer1.dump()

            try expectEqual(dump1.id, dataProducer1.id, "dump1.id")
            try expectEqual(dump1.type, .sctp, "dump1.type")
            let sctpStreamParameters1 = try expectNotNil(dump1.sctpStreamParameters, "dump1.sctpStreamParameters")
            try expectEqual(sctpStreamParameters1.streamId, 666, "dump1.sctpStreamParameters.streamId")
            try expectEqual(sctpStreamParameters1.ordered, true, "dump1.sctpStreamParameters.ordered")
            try expectEqual(
                sctpStreamParameters1.maxPacketLifeTime, nil, "dump1.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters1.maxRetransmits, nil, "dump1.sctpStreamParameters.maxRetransmits")
            try expectEqual(dump1.label, "foo", "dump1.label")
            try expectEqual(dump1.protocol, "bar", "dump1.protocol")
            try expectEqual(dump1.paused, false, "dump1.paused")

            let dataProducer2 = try await ctx.webRtcTransport2.produceData(dataProducerOptions2)

            let dump2 = try await dataProducer2.dump()

            try expectEqual(dump2.id, dataProducer2.id, "dump2.id")
            try expectEqual(dump2.type, .sctp, "dump2.type")
            let sctpStreamParameters2 = try expectNotNil(dump2.sctpStreamParameters, "dump2.sctpStreamParameters")
            try expectEqual(sctpStreamParameters2.streamId, 777, "dump2.sctpStreamParameters.streamId")
            try expectEqual(sctpStreamParameters2.ordered, false, "dump2.sctpStreamParameters.ordered")
            try expectEqual(
                sctpStreamParameters2.maxPacketLifeTime, nil, "dump2.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters2.maxRetransmits, 3, "dump2.sctpStreamParameters.maxRetransmits")
            try expectEqual(dump2.label, "foo", "dump2.label")
            try expectEqual(dump2.protocol, "bar", "dump2.protocol")
            try expectEqual(dump2.paused, true, "dump2.paused")
        },

        AcceptanceCase(suite, "dataProducer.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            try expectStats(try await dataProducer1.getStats(), of: dataProducer1)

            let dataProducer2 = try await ctx.webRtcTransport2.produceData(dataProducerOptions2)

            try expectStats(try await dataProducer2.getStats(), of: dataProducer2)
        },

        AcceptanceCase(suite, "dataProducer.pause() and resume() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            let onObserverPause = CallRecorder<Void>()
            let onObserverResume = CallRecorder<Void>()

            dataProducer1.observer.on { event in
                if case .pause = event { onObserverPause.record() }
            }
            dataProducer1.observer.on { event in
                if case .resume = event { onObserverResume.record() }
            }

            try await dataProducer1.pause()

            try expectEqual(dataProducer1.paused, true, "dataProducer1.paused after pause()")

            let dump1 = try await dataProducer1.dump()

            try expectEqual(dump1.paused, true, "dump1.paused")

            try await dataProducer1.resume()

            try expectEqual(dataProducer1.paused, false, "dataProducer1.paused after resume()")

            let dump2 = try await dataProducer1.dump()

            try expectEqual(dump2.paused, false, "dump2.paused")

            // Even if we don't await for pause()/resume() completion, the observer must
            // fire 'pause' and 'resume' events if state was the opposite.
            startNow { try? await dataProducer1.pause() }
            startNow { try? await dataProducer1.resume() }
            startNow { try? await dataProducer1.pause() }
            startNow { try? await dataProducer1.pause() }
            startNow { try? await dataProducer1.pause() }
            try await dataProducer1.resume()

            try expectEqual(onObserverPause.count, 3, "observer pause calls")
            try expectEqual(onObserverResume.count, 3, "observer resume calls")
        },

        AcceptanceCase(suite, "producer.pause() and resume() emit events", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            let events = Mutex<[String]>([])

            dataProducer1.observer.once(where: { if case .resume = $0 { true } else { false } }) { _ in
                events.withLock { $0.append("resume") }
            }

            dataProducer1.observer.once(where: { if case .pause = $0 { true } else { false } }) { _ in
                events.withLock { $0.append("pause") }
            }

            let promises = [
                startNow { try await dataProducer1.pause() },
                startNow { try await dataProducer1.resume() },
            ]

            for promise in promises { try await promise.value }

            try expectEqual(events.withLock { $0 }, ["pause", "resume"], "observer events")
            try expectEqual(dataProducer1.paused, false, "dataProducer1.paused")
        },

        AcceptanceCase(suite, "dataProducer.close() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            let onObserverClose = CallRecorder<Void>()

            dataProducer1.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }
            dataProducer1.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(dataProducer1.closed, true, "dataProducer1.closed")

            // `toMatchObject({ mapDataProducerIdDataConsumerIds: {}, mapDataConsumerIdDataProducerId: {} })`:
            // `{}` matches any array, so the dump must only resolve; the closed
            // data producer is gone from it.
            let dump = try await ctx.router.dump()

            try expect(
                !dump.mapDataProducerIdDataConsumerIds.contains { $0.key == dataProducer1.id },
                "router dump mapDataProducerIdDataConsumerIds has no entry for the closed data producer")

            let transportDump = try await ctx.webRtcTransport1.dump()

            try expectEqual(transportDump.id, ctx.webRtcTransport1.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [], "transport dump dataConsumerIds")
        },

        AcceptanceCase(suite, "DataProducer methods reject if closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataProducer1 = try await ctx.webRtcTransport1.produceData(dataProducerOptions1)

            dataProducer1.close()

            try await expectThrows(MediasoupError.self) { _ = try await dataProducer1.dump() }

            try await expectThrows(MediasoupError.self) { _ = try await dataProducer1.getStats() }
        },

        AcceptanceCase(suite, "DataProducer emits \"transportclose\" if Transport is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let dataProducer2 = try await ctx.webRtcTransport2.produceData(dataProducerOptions2)

            let onObserverClose = CallRecorder<Void>()

            dataProducer2.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }

            let events = dataProducer2.events.stream()

            ctx.webRtcTransport2.close()
            try expect(
                await firstEvent(in: events) { if case .transportClose = $0 { true } else { false } },
                "dataProducer2 emitted transportclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(dataProducer2.closed, true, "dataProducer2.closed")
        },
    ]

    @Sendable static func isNewDataProducer(_ event: TransportObserverEvent) -> Bool {
        if case .newDataProducer = event { true } else { false }
    }

    /// `getStats()` `toMatchObject([{type: 'data-producer', label, protocol, messagesReceived: 0, bytesReceived: 0}])`.
    static func expectStats(_ stats: [DataProducerStats], of dataProducer: any DataProducer) throws {
        try expectEqual(stats.count, 1, "stats.length")
        try expectEqual(stats[0].type, "data-producer", "stats[0].type")
        try expectEqual(stats[0].label, dataProducer.label, "stats[0].label")
        try expectEqual(stats[0].protocol, dataProducer.protocol, "stats[0].protocol")
        try expectEqual(stats[0].messagesReceived, 0, "stats[0].messagesReceived")
        try expectEqual(stats[0].bytesReceived, 0, "stats[0].bytesReceived")
    }
}
