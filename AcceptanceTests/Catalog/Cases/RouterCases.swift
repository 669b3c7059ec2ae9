import Mediasoup

/// Port of mediasoup's `test-Router.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case gets a fresh worker
/// that is closed after it, waiting for its process to exit. Where the
/// original passes a value the Swift types cannot hold (`mediaCodecs: {}`,
/// `appData: 'NOT-AN-OBJECT'`), the call is refused at compile time; the port
/// checks instead that the same value given as JSON is refused with
/// ``TypeError``, as a client speaking JSON would see.
enum RouterCases {
    static let suite = "test-Router"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio,
            mimeType: "audio/opus",
            clockRate: 48000,
            channels: 2,
            parameters: ["useinbandfec": 1, "foo": "bar"]),
        RtpCodecCapability(
            kind: .video,
            mimeType: "video/VP8",
            clockRate: 90000),
        RtpCodecCapability(
            kind: .video,
            mimeType: "video/H264",
            clockRate: 90000,
            parameters: ["level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032"],
            rtcpFeedback: []),  // Will be ignored.
    ]

    /// Codecs mediasoup does not support (mediasoup 3.17).
    static let unsupportedMediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio,
            mimeType: "audio/x-aiff",
            clockRate: 8000,
            channels: 1),
        RtpCodecCapability(
            kind: .video,
            mimeType: "video/3gpp",
            clockRate: 90000),
    ]

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "worker.createRouter() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()
            let onObserverNewRouter = CallRecorder<ObjectIdentifier>()

            worker.observer.once { event in
                if case .newRouter(let router) = event { onObserverNewRouter.record(ObjectIdentifier(router)) }
            }

            let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs, appData: ["foo": 123]))

            try expectEqual(onObserverNewRouter.count, 1, "observer newrouter calls")
            try expectEqual(onObserverNewRouter.values, [ObjectIdentifier(router)], "observer newrouter argument")
            // `typeof router.id === 'string'` and `typeof router.rtpCapabilities === 'object'`
            // hold by the Swift types.
            try expectEqual(router.closed, false, "router.closed")
            try expect(router.rtpCapabilities.codecs != nil, "router.rtpCapabilities.codecs is an array")
            // 3 codecs + 2 RTX codecs (an expectation mediasoup 3.17 adds).
            try expectEqual(router.rtpCapabilities.codecs?.count, 5, "router.rtpCapabilities.codecs.length")
            try expect(
                router.rtpCapabilities.headerExtensions != nil, "router.rtpCapabilities.headerExtensions is an array")
            try expectEqual(router.appData, ["foo": 123], "router.appData")

            // Setting appData does not throw (the setter cannot); it takes the new value.
            router.appData = ["foo": 222, "bar": "BBB"]
            try expectEqual(router.appData, ["foo": 222, "bar": "BBB"], "router.appData after set")

            let workerDump = try await worker.dump()
            try expectEqual(workerDump.pid, worker.pid, "worker dump pid")
            try expectEqual(workerDump.webRtcServerIds, [], "worker dump webRtcServerIds")
            try expectEqual(workerDump.routerIds, [router.id], "worker dump routerIds")
            try expectEqual(
                workerDump.channelMessageHandlers,
                WorkerDump.ChannelMessageHandlers(channelRequestHandlers: [router.id], channelNotificationHandlers: []),
                "worker dump channelMessageHandlers")

            let routerDump = try await router.dump()
            try expectEqual(routerDump.id, router.id, "router dump id")
            try expectEqual(routerDump.transportIds, [], "router dump transportIds")
            try expectEqual(routerDump.rtpObserverIds, [], "router dump rtpObserverIds")
            try expect(routerDump.mapProducerIdConsumerIds.isEmpty, "router dump mapProducerIdConsumerIds is empty")
            try expect(routerDump.mapConsumerIdProducerId.isEmpty, "router dump mapConsumerIdProducerId is empty")
            try expect(routerDump.mapProducerIdObserverIds.isEmpty, "router dump mapProducerIdObserverIds is empty")
            try expect(
                routerDump.mapDataProducerIdDataConsumerIds.isEmpty,
                "router dump mapDataProducerIdDataConsumerIds is empty")
            try expect(
                routerDump.mapDataConsumerIdDataProducerId.isEmpty,
                "router dump mapDataConsumerIdDataProducerId is empty")

            // Private API.
            try expectEqual(worker.routersForTesting.count, 1, "worker.routersForTesting.size")

            worker.close()

            try expectEqual(router.closed, true, "router.closed after worker.close()")

            // Private API.
            try expectEqual(worker.routersForTesting.count, 0, "worker.routersForTesting.size after worker.close()")
        },

        // Added in mediasoup 3.17.
        AcceptanceCase(
            suite, "worker.createRouter() with invalid codecs rejects with UnsupportedError", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()

            try await expectThrows(UnsupportedError.self) {
                _ = try await worker.createRouter(RouterOptions(mediaCodecs: unsupportedMediaCodecs))
            }
        },

        AcceptanceCase(
            suite, "worker.createRouter() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            _ = try await context.createWorker()

            // `mediaCodecs: {}` is refused at compile time by `[RtpCodecCapability]`; as JSON:
            try await expectThrows(TypeError.self) { _ = try RouterOptions(json: #"{"mediaCodecs":{}}"#) }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time by `AppData`; as JSON:
            try await expectThrows(TypeError.self) { _ = try RouterOptions(json: #"{"appData":"NOT-AN-OBJECT"}"#) }
        },

        AcceptanceCase(
            suite, "worker.createRouter() rejects with InvalidStateError if Worker is closed", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()

            worker.close()

            try await expectThrows(InvalidStateError.self) {
                _ = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            }
        },

        // Added in mediasoup 3.17.
        AcceptanceCase(suite, "router.updateMediaCodecs() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()
            let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))

            // `typeof router.rtpCapabilities === 'object'` holds by the Swift types.
            try expect(router.rtpCapabilities.codecs != nil, "router.rtpCapabilities.codecs is an array")
            // 3 codecs + 2 RTX codecs.
            try expectEqual(router.rtpCapabilities.codecs?.count, 5, "router.rtpCapabilities.codecs.length")
            try expect(
                router.rtpCapabilities.headerExtensions != nil, "router.rtpCapabilities.headerExtensions is an array")

            try router.updateMediaCodecs([])

            try expect(
                router.rtpCapabilities.codecs != nil, "router.rtpCapabilities.codecs is an array after update")
            try expectEqual(
                router.rtpCapabilities.codecs?.count, 0, "router.rtpCapabilities.codecs.length after update")
            try expect(
                router.rtpCapabilities.headerExtensions != nil,
                "router.rtpCapabilities.headerExtensions is an array after update")
        },

        AcceptanceCase(suite, "router.close() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()
            let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            let onObserverClose = CallRecorder<Void>()

            router.observer.once { event in
                if case .close = event { onObserverClose.record() }
            }
            router.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(router.closed, true, "router.closed")
        },

        AcceptanceCase(suite, "Router emits \"workerclose\" if Worker is closed", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()
            let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            let onObserverClose = CallRecorder<Void>()

            router.observer.once { event in
                if case .close = event { onObserverClose.record() }
            }

            let events = router.events.stream()

            worker.close()
            var workerClosed = false
            for await event in events where isWorkerClose(event) {
                workerClosed = true
                break
            }
            try expect(workerClosed, "router emitted workerclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(router.closed, true, "router.closed")
        },
    ]
}
