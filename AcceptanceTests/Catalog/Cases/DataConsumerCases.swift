import Mediasoup
import Synchronization

/// Port of mediasoup's `test-DataConsumer.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker, a router, two WebRtcTransports with SCTP, a DirectTransport and an
/// SCTP data producer on the first WebRtcTransport (``fixture(_:)``); the
/// worker is closed after the case. `rejects.toThrow(Error)` is ported as the
/// kind the contract names (``MediasoupError``). Un-awaited calls
/// (`void dataConsumer.pause()`) start at once, in call order, as in
/// JavaScript (``startNow(_:)``). `expect.arrayContaining` on subchannels
/// compares sets (the worker answers each value once).
enum DataConsumerCases {
    static let suite = "test-DataConsumer"

    static let dataProducerOptions = DataProducerOptions(
        sctpStreamParameters: SctpStreamParameters(streamId: 12345, ordered: false, maxPacketLifeTime: 5000),
        label: "foo",
        protocol: "bar")

    struct Fixture {
        let worker: any Worker
        let router: any Router
        let webRtcTransport1: any WebRtcTransport
        let webRtcTransport2: any WebRtcTransport
        let directTransport: any DirectTransport
        let dataProducer: any DataProducer
    }

    /// `beforeEach`: a worker (closed after the case), a router, two
    /// WebRtcTransports on 127.0.0.1 with SCTP, a DirectTransport, and a data
    /// producer on the first WebRtcTransport.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter()
        let webRtcTransport1 = try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")], enableSctp: true))
        let webRtcTransport2 = try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")], enableSctp: true))
        let directTransport = try await router.createDirectTransport()
        let dataProducer = try await webRtcTransport1.produceData(dataProducerOptions)
        return Fixture(
            worker: worker, router: router, webRtcTransport1: webRtcTransport1, webRtcTransport2: webRtcTransport2,
            directTransport: directTransport, dataProducer: dataProducer)
    }

    /// mediasoup 3.17's `beforeEach`: ``fixture(_:)`` followed by a data
    /// producer on the DirectTransport. Only the cases 3.17 adds use it, so the
    /// cases ported from 3.14.16 keep that version's fixture (and its
    /// `dataProducerIds: []` on the DirectTransport dump).
    static func directFixture(_ context: AcceptanceContext) async throws -> (Fixture, any DataProducer) {
        let ctx = try await fixture(context)
        let directDataProducer = try await ctx.directTransport.produceData()
        return (ctx, directDataProducer)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "transport.consumeData() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewDataConsumer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewDataConsumer) { event in
                if case .newDataConsumer(let dataConsumer) = event {
                    onObserverNewDataConsumer.record(ObjectIdentifier(dataConsumer))
                }
            }

            let dataConsumer1 = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(
                    dataProducerId: ctx.dataProducer.id,
                    maxPacketLifeTime: 4000,
                    // Valid values are 0...65535 so others and duplicated ones will be
                    // discarded.
                    subchannels: [0, 1, 1, 1, 2, 65535, 65536, 65537, 100],
                    appData: ["baz": "LOL"]))

            try expectEqual(onObserverNewDataConsumer.count, 1, "observer newdataconsumer calls")
            try expectEqual(
                onObserverNewDataConsumer.values, [ObjectIdentifier(dataConsumer1)],
                "observer newdataconsumer argument")
            // `typeof id === 'string'` and `typeof sctpStreamParameters.streamId
            // === 'number'` hold by the Swift types.
            try expectEqual(dataConsumer1.dataProducerId, ctx.dataProducer.id, "dataConsumer1.dataProducerId")
            try expectEqual(dataConsumer1.closed, false, "dataConsumer1.closed")
            try expectEqual(dataConsumer1.type, .sctp, "dataConsumer1.type")
            let sctpStreamParameters = try expectNotNil(
                dataConsumer1.sctpStreamParameters, "dataConsumer1.sctpStreamParameters")
            try expectEqual(sctpStreamParameters.ordered, false, "sctpStreamParameters.ordered")
            try expectEqual(sctpStreamParameters.maxPacketLifeTime, 4000, "sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters.maxRetransmits, nil, "sctpStreamParameters.maxRetransmits")
            try expectEqual(dataConsumer1.label, "foo", "dataConsumer1.label")
            try expectEqual(dataConsumer1.protocol, "bar", "dataConsumer1.protocol")
            try expectEqual(dataConsumer1.paused, false, "dataConsumer1.paused")
            try expectEqual(
                Set(dataConsumer1.subchannels), [0, 1, 2, 100, 65535], "dataConsumer1.subchannels")
            try expectEqual(dataConsumer1.appData, ["baz": "LOL"], "dataConsumer1.appData")

            let dump = try await ctx.router.dump()

            try expect(
                dump.mapDataProducerIdDataConsumerIds.contains(
                    KeyValues(key: ctx.dataProducer.id, values: [dataConsumer1.id])),
                "router dump mapDataProducerIdDataConsumerIds contains "
                    + "{key: dataProducer.id, values: [dataConsumer1.id]}")

            try expect(
                dump.mapDataConsumerIdDataProducerId.contains(
                    KeyValue(key: dataConsumer1.id, value: ctx.dataProducer.id)),
                "router dump mapDataConsumerIdDataProducerId contains {key: dataConsumer1.id, value: dataProducer.id}")

            let transportDump = try await ctx.webRtcTransport2.dump()

            try expectEqual(transportDump.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [dataConsumer1.id], "transport dump dataConsumerIds")
        },

        AcceptanceCase(suite, "dataConsumer.dump() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(
                    dataProducerId: ctx.dataProducer.id,
                    maxPacketLifeTime: 4000,
                    // Valid values are 0...65535 so others and duplicated ones will be
                    // discarded.
                    subchannels: [0, 1, 1, 1, 2, 65535, 65536, 65537, 100],
                    appData: ["baz": "LOL"]))

            let dump = try await dataConsumer.dump()

            try expectEqual(dump.id, dataConsumer.id, "dump.id")
            try expectEqual(dump.dataProducerId, dataConsumer.dataProducerId, "dump.dataProducerId")
            try expectEqual(dump.type, .sctp, "dump.type")
            let sctpStreamParameters = try expectNotNil(dump.sctpStreamParameters, "dump.sctpStreamParameters")
            try expectEqual(
                sctpStreamParameters.streamId, dataConsumer.sctpStreamParameters?.streamId,
                "dump.sctpStreamParameters.streamId")
            try expectEqual(sctpStreamParameters.ordered, false, "dump.sctpStreamParameters.ordered")
            try expectEqual(
                sctpStreamParameters.maxPacketLifeTime, 4000, "dump.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters.maxRetransmits, nil, "dump.sctpStreamParameters.maxRetransmits")
            try expectEqual(dump.label, "foo", "dump.label")
            try expectEqual(dump.protocol, "bar", "dump.protocol")
            try expectEqual(dump.paused, false, "dump.paused")
            try expectEqual(dump.dataProducerPaused, false, "dump.dataProducerPaused")
            try expectEqual(Set(dump.subchannels), [0, 1, 2, 100, 65535], "dump.subchannels")
        },

        AcceptanceCase(suite, "dataConsumer.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            try expectStats(try await dataConsumer.getStats(), of: dataConsumer)
        },

        AcceptanceCase(suite, "dataConsumer.setSubchannels() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            // 65536 is given as a JavaScript number and sent as a uint16: 0.
            // `[UInt16]` cannot hold 65536; it is given wrapped as JavaScript wraps it.
            try await dataConsumer.setSubchannels([999, 999, 998, UInt16(truncatingIfNeeded: 65536)])

            try expectEqual(Set(dataConsumer.subchannels), [0, 998, 999], "dataConsumer.subchannels")
        },

        AcceptanceCase(suite, "dataConsumer.addSubchannel() and .removeSubchannel() succeed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            try await dataConsumer.setSubchannels([])
            try expectEqual(dataConsumer.subchannels, [], "subchannels after setSubchannels([])")

            try await dataConsumer.addSubchannel(5)
            try expectEqual(Set(dataConsumer.subchannels), [5], "subchannels after addSubchannel(5)")

            try await dataConsumer.addSubchannel(10)
            try expectEqual(Set(dataConsumer.subchannels), [5, 10], "subchannels after addSubchannel(10)")

            try await dataConsumer.addSubchannel(5)
            try expectEqual(Set(dataConsumer.subchannels), [5, 10], "subchannels after addSubchannel(5) again")

            try await dataConsumer.removeSubchannel(666)
            try expectEqual(Set(dataConsumer.subchannels), [5, 10], "subchannels after removeSubchannel(666)")

            try await dataConsumer.removeSubchannel(5)
            try expectEqual(Set(dataConsumer.subchannels), [10], "subchannels after removeSubchannel(5)")

            try await dataConsumer.setSubchannels([])
            try expectEqual(dataConsumer.subchannels, [], "subchannels after setSubchannels([]) again")
        },

        // Added in mediasoup 3.17, whose `beforeEach` ends by creating a data
        // producer on the DirectTransport (``directFixture(_:)``).
        AcceptanceCase(suite, "transport.consumeData() from a direct DataProducer succeeds", timeLimit: .seconds(2)) {
            context in
            let (ctx, directDataProducer) = try await directFixture(context)
            let onObserverNewDataConsumer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewDataConsumer) { event in
                if case .newDataConsumer(let dataConsumer) = event {
                    onObserverNewDataConsumer.record(ObjectIdentifier(dataConsumer))
                }
            }

            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: directDataProducer.id))

            try expectEqual(onObserverNewDataConsumer.count, 1, "observer newdataconsumer calls")
            try expectEqual(
                onObserverNewDataConsumer.values, [ObjectIdentifier(dataConsumer)],
                "observer newdataconsumer argument")
            // `typeof id === 'string'` and `typeof sctpStreamParameters.streamId
            // === 'number'` hold by the Swift types.
            try expectEqual(dataConsumer.dataProducerId, directDataProducer.id, "dataConsumer.dataProducerId")
            try expectEqual(dataConsumer.closed, false, "dataConsumer.closed")
            try expectEqual(dataConsumer.type, .sctp, "dataConsumer.type")
            let sctpStreamParameters = try expectNotNil(
                dataConsumer.sctpStreamParameters, "dataConsumer.sctpStreamParameters")
            try expectEqual(sctpStreamParameters.ordered, true, "sctpStreamParameters.ordered")
            try expectEqual(sctpStreamParameters.maxPacketLifeTime, nil, "sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters.maxRetransmits, nil, "sctpStreamParameters.maxRetransmits")
            try expectEqual(dataConsumer.label, "", "dataConsumer.label")
            try expectEqual(dataConsumer.protocol, "", "dataConsumer.protocol")
            try expectEqual(dataConsumer.paused, false, "dataConsumer.paused")
            try expectEqual(dataConsumer.subchannels, [], "dataConsumer.subchannels")
            try expectEqual(dataConsumer.appData, [:], "dataConsumer.appData")

            let dump = try await ctx.router.dump()

            try expect(
                dump.mapDataProducerIdDataConsumerIds.contains(
                    KeyValues(key: directDataProducer.id, values: [dataConsumer.id])),
                "router dump mapDataProducerIdDataConsumerIds contains "
                    + "{key: directDataProducer.id, values: [dataConsumer.id]}")

            try expect(
                dump.mapDataConsumerIdDataProducerId.contains(
                    KeyValue(key: dataConsumer.id, value: directDataProducer.id)),
                "router dump mapDataConsumerIdDataProducerId contains "
                    + "{key: dataConsumer.id, value: directDataProducer.id}")

            let transportDump = try await ctx.webRtcTransport2.dump()

            try expectEqual(transportDump.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [dataConsumer.id], "transport dump dataConsumerIds")
        },

        // Added in mediasoup 3.17.
        AcceptanceCase(
            suite, "dataConsumer.dump() consuming from a direct DataProducer succeeds", timeLimit: .seconds(2)
        ) { context in
            let (ctx, directDataProducer) = try await directFixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(
                    dataProducerId: directDataProducer.id, ordered: false, maxRetransmits: 2, subchannels: [0, 1]))

            let dump = try await dataConsumer.dump()

            try expectEqual(dump.id, dataConsumer.id, "dump.id")
            try expectEqual(dump.dataProducerId, dataConsumer.dataProducerId, "dump.dataProducerId")
            try expectEqual(dump.type, .sctp, "dump.type")
            let sctpStreamParameters = try expectNotNil(dump.sctpStreamParameters, "dump.sctpStreamParameters")
            try expectEqual(
                sctpStreamParameters.streamId, dataConsumer.sctpStreamParameters?.streamId,
                "dump.sctpStreamParameters.streamId")
            try expectEqual(sctpStreamParameters.ordered, false, "dump.sctpStreamParameters.ordered")
            try expectEqual(
                sctpStreamParameters.maxPacketLifeTime, nil, "dump.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(sctpStreamParameters.maxRetransmits, 2, "dump.sctpStreamParameters.maxRetransmits")
            try expectEqual(dump.label, "", "dump.label")
            try expectEqual(dump.protocol, "", "dump.protocol")
            try expectEqual(dump.paused, false, "dump.paused")
            try expectEqual(dump.dataProducerPaused, false, "dump.dataProducerPaused")
            // `expect.arrayContaining([0, 1])`.
            try expect(Set(dump.subchannels).isSuperset(of: [0, 1]), "dump.subchannels contains 0 and 1")
        },

        AcceptanceCase(suite, "transport.consumeData() on a DirectTransport succeeds", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let onObserverNewDataConsumer = CallRecorder<ObjectIdentifier>()

            ctx.directTransport.observer.once(where: isNewDataConsumer) { event in
                if case .newDataConsumer(let dataConsumer) = event {
                    onObserverNewDataConsumer.record(ObjectIdentifier(dataConsumer))
                }
            }

            let dataConsumer = try await ctx.directTransport.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id, paused: true, appData: ["hehe": "HEHE"]))

            try expectEqual(onObserverNewDataConsumer.count, 1, "observer newdataconsumer calls")
            try expectEqual(
                onObserverNewDataConsumer.values, [ObjectIdentifier(dataConsumer)],
                "observer newdataconsumer argument")
            try expectEqual(dataConsumer.dataProducerId, ctx.dataProducer.id, "dataConsumer.dataProducerId")
            try expectEqual(dataConsumer.closed, false, "dataConsumer.closed")
            try expectEqual(dataConsumer.type, .direct, "dataConsumer.type")
            try expectEqual(dataConsumer.sctpStreamParameters, nil, "dataConsumer.sctpStreamParameters")
            try expectEqual(dataConsumer.label, "foo", "dataConsumer.label")
            try expectEqual(dataConsumer.protocol, "bar", "dataConsumer.protocol")
            try expectEqual(dataConsumer.paused, true, "dataConsumer.paused")
            try expectEqual(dataConsumer.appData, ["hehe": "HEHE"], "dataConsumer.appData")

            let transportDump = try await ctx.directTransport.dump()

            try expectEqual(transportDump.id, ctx.directTransport.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [dataConsumer.id], "transport dump dataConsumerIds")
        },

        AcceptanceCase(suite, "dataConsumer.dump() on a DirectTransport succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.directTransport.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id, paused: true))

            let dump = try await dataConsumer.dump()

            try expectEqual(dump.id, dataConsumer.id, "dump.id")
            try expectEqual(dump.dataProducerId, dataConsumer.dataProducerId, "dump.dataProducerId")
            try expectEqual(dump.type, .direct, "dump.type")
            try expectEqual(dump.sctpStreamParameters, nil, "dump.sctpStreamParameters")
            try expectEqual(dump.label, "foo", "dump.label")
            try expectEqual(dump.protocol, "bar", "dump.protocol")
            try expectEqual(dump.paused, true, "dump.paused")
            try expectEqual(dump.subchannels, [], "dump.subchannels")
        },

        AcceptanceCase(suite, "dataConsumer.getStats() on a DirectTransport succeeds", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.directTransport.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            try expectStats(try await dataConsumer.getStats(), of: dataConsumer)
        },

        AcceptanceCase(suite, "dataConsumer.pause() and resume() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverPause = CallRecorder<Void>()
            let onObserverResume = CallRecorder<Void>()

            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            dataConsumer.observer.on { event in
                if case .pause = event { onObserverPause.record() }
            }
            dataConsumer.observer.on { event in
                if case .resume = event { onObserverResume.record() }
            }

            try await dataConsumer.pause()

            try expectEqual(dataConsumer.paused, true, "dataConsumer.paused after pause()")

            let dump1 = try await dataConsumer.dump()

            try expectEqual(dump1.paused, true, "dump1.paused")

            try await dataConsumer.resume()

            try expectEqual(dataConsumer.paused, false, "dataConsumer.paused after resume()")

            let dump2 = try await dataConsumer.dump()

            try expectEqual(dump2.paused, false, "dump2.paused")

            // Even if we don't await for pause()/resume() completion, the observer must
            // fire 'pause' and 'resume' events if state was the opposite.
            startNow { try? await dataConsumer.pause() }
            startNow { try? await dataConsumer.resume() }
            startNow { try? await dataConsumer.pause() }
            startNow { try? await dataConsumer.pause() }
            startNow { try? await dataConsumer.pause() }
            try await dataConsumer.resume()

            try expectEqual(onObserverPause.count, 3, "observer pause calls")
            try expectEqual(onObserverResume.count, 3, "observer resume calls")
        },

        AcceptanceCase(suite, "dataProducer.pause() and resume() emit events", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))
            let events = Mutex<[String]>([])

            dataConsumer.observer.once(where: { if case .resume = $0 { true } else { false } }) { _ in
                events.withLock { $0.append("resume") }
            }

            dataConsumer.observer.once(where: { if case .pause = $0 { true } else { false } }) { _ in
                events.withLock { $0.append("pause") }
            }

            let dataProducer = ctx.dataProducer
            let promises = [
                startNow { try await dataProducer.pause() },
                startNow { try await dataProducer.resume() },
            ]

            for promise in promises { try await promise.value }

            // Must also wait a bit for the corresponding events in the data consumer.
            try await Task.sleep(for: .milliseconds(100))

            try expectEqual(events.withLock { $0 }, ["pause", "resume"], "observer events")
            try expectEqual(dataConsumer.paused, false, "dataConsumer.paused")
        },

        AcceptanceCase(suite, "dataConsumer.close() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverClose = CallRecorder<Void>()
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            dataConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }
            dataConsumer.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(dataConsumer.closed, true, "dataConsumer.closed")

            let dump = try await ctx.router.dump()

            try expect(
                dump.mapDataProducerIdDataConsumerIds.contains(KeyValues(key: ctx.dataProducer.id, values: [])),
                "router dump mapDataProducerIdDataConsumerIds contains {key: dataProducer.id, values: []}")

            try expectEqual(dump.mapDataConsumerIdDataProducerId, [], "router dump mapDataConsumerIdDataProducerId")

            let transportDump = try await ctx.webRtcTransport2.dump()

            try expectEqual(transportDump.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump.dataProducerIds, [], "transport dump dataProducerIds")
            try expectEqual(transportDump.dataConsumerIds, [], "transport dump dataConsumerIds")
        },

        AcceptanceCase(suite, "Consumer methods reject if closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            dataConsumer.close()

            try await expectThrows(MediasoupError.self) { _ = try await dataConsumer.dump() }

            try await expectThrows(MediasoupError.self) { _ = try await dataConsumer.getStats() }
        },

        AcceptanceCase(
            suite, "DataConsumer emits \"dataproducerclose\" if DataProducer is closed", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))
            let onObserverClose = CallRecorder<Void>()

            dataConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }

            let events = dataConsumer.events.stream()
            let observerEvents = dataConsumer.observer.stream()

            ctx.dataProducer.close()
            try expect(
                await firstEvent(in: events) { if case .dataProducerClose = $0 { true } else { false } },
                "dataConsumer emitted dataproducerclose")
            // In Node `dataproducerclose` and observer `close` are emitted in
            // one synchronous run before the awaiting test resumes. Here they
            // come from the channel's reader thread while the test resumes on
            // another, so it also waits for the end of that run: observer `close`.
            try expect(
                await firstEvent(in: observerEvents) { if case .close = $0 { true } else { false } },
                "dataConsumer observer emitted close")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(dataConsumer.closed, true, "dataConsumer.closed")
        },

        AcceptanceCase(suite, "DataConsumer emits \"transportclose\" if Transport is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))
            let onObserverClose = CallRecorder<Void>()

            dataConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }

            let events = dataConsumer.events.stream()

            ctx.webRtcTransport2.close()
            try expect(
                await firstEvent(in: events) { if case .transportClose = $0 { true } else { false } },
                "dataConsumer emitted transportclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(dataConsumer.closed, true, "dataConsumer.closed")

            // `toMatchObject({ mapDataProducerIdDataConsumerIds: {}, mapDataConsumerIdDataProducerId: {} })`:
            // `{}` matches any array, so the dump must only resolve; the closed
            // data consumer is gone from it.
            let dump = try await ctx.router.dump()

            try expect(
                !dump.mapDataConsumerIdDataProducerId.contains { $0.key == dataConsumer.id },
                "router dump mapDataConsumerIdDataProducerId has no entry for the closed data consumer")
        },
    ]

    @Sendable static func isNewDataConsumer(_ event: TransportObserverEvent) -> Bool {
        if case .newDataConsumer = event { true } else { false }
    }

    /// `getStats()` `toMatchObject([{type: 'data-consumer', label, protocol, messagesSent: 0, bytesSent: 0}])`.
    static func expectStats(_ stats: [DataConsumerStats], of dataConsumer: any DataConsumer) throws {
        try expectEqual(stats.count, 1, "stats.length")
        try expectEqual(stats[0].type, "data-consumer", "stats[0].type")
        try expectEqual(stats[0].label, dataConsumer.label, "stats[0].label")
        try expectEqual(stats[0].protocol, dataConsumer.protocol, "stats[0].protocol")
        try expectEqual(stats[0].messagesSent, 0, "stats[0].messagesSent")
        try expectEqual(stats[0].bytesSent, 0, "stats[0].bytesSent")
    }
}
