import Mediasoup

/// Port of mediasoup's `test-AudioLevelObserver.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker and a router with an Opus codec (``fixture(_:)``); the worker is
/// closed after the case. Where the original passes a value the Swift types
/// cannot hold (`threshold: 'foo'`, `interval: false`, `appData:
/// 'NOT-AN-OBJECT'`), the call is refused at compile time; the port checks
/// instead that the same value given as JSON is refused with ``TypeError``.
enum AudioLevelObserverCases {
    static let suite = "test-AudioLevelObserver"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2,
            parameters: ["useinbandfec": 1, "foo": "bar"])
    ]

    struct Fixture {
        let worker: any Worker
        let router: any Router
    }

    /// `beforeEach`: a worker (closed after the case) and a router.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        return Fixture(worker: worker, router: router)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "router.createAudioLevelObserver() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewRtpObserver = CallRecorder<ObjectIdentifier>()

            ctx.router.observer.once { event in
                if case .newRtpObserver(let rtpObserver) = event {
                    onObserverNewRtpObserver.record(ObjectIdentifier(rtpObserver))
                }
            }

            let audioLevelObserver = try await ctx.router.createAudioLevelObserver()

            try expectEqual(onObserverNewRtpObserver.count, 1, "observer newrtpobserver calls")
            try expectEqual(
                onObserverNewRtpObserver.values, [ObjectIdentifier(audioLevelObserver)],
                "observer newrtpobserver argument")
            // `typeof audioLevelObserver.id === 'string'` holds by the Swift types.
            try expectEqual(audioLevelObserver.closed, false, "audioLevelObserver.closed")
            try expectEqual(audioLevelObserver.paused, false, "audioLevelObserver.paused")
            try expectEqual(audioLevelObserver.appData, [:], "audioLevelObserver.appData")

            try expectEqual(
                try await ctx.router.dump().rtpObserverIds, [audioLevelObserver.id], "router dump rtpObserverIds")
        },

        AcceptanceCase(
            suite, "router.createAudioLevelObserver() with wrong arguments rejects with TypeError",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createAudioLevelObserver(AudioLevelObserverOptions(maxEntries: 0))
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createAudioLevelObserver(AudioLevelObserverOptions(maxEntries: -10))
            }

            // `threshold: 'foo'` is refused at compile time by `Double?`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try AudioLevelObserverOptions(json: #"{"threshold":"foo"}"#)
            }

            // `interval: false` is refused at compile time by `Int?`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try AudioLevelObserverOptions(json: #"{"interval":false}"#)
            }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time by `AppData`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try AudioLevelObserverOptions(json: #"{"appData":"NOT-AN-OBJECT"}"#)
            }
        },

        AcceptanceCase(suite, "audioLevelObserver.pause() and resume() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioLevelObserver = try await ctx.router.createAudioLevelObserver()

            try await audioLevelObserver.pause()

            try expectEqual(audioLevelObserver.paused, true, "audioLevelObserver.paused after pause()")

            try await audioLevelObserver.resume()

            try expectEqual(audioLevelObserver.paused, false, "audioLevelObserver.paused after resume()")
        },

        AcceptanceCase(suite, "audioLevelObserver.close() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioLevelObserver = try await ctx.router.createAudioLevelObserver(
                AudioLevelObserverOptions(maxEntries: 8))

            var dump = try await ctx.router.dump()

            try expectEqual(dump.rtpObserverIds.count, 1, "router dump rtpObserverIds.length")

            audioLevelObserver.close()

            try expectEqual(audioLevelObserver.closed, true, "audioLevelObserver.closed")

            dump = try await ctx.router.dump()

            try expectEqual(dump.rtpObserverIds.count, 0, "router dump rtpObserverIds.length after close()")
        },

        AcceptanceCase(suite, "AudioLevelObserver emits \"routerclose\" if Router is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let audioLevelObserver = try await ctx.router.createAudioLevelObserver()

            let events = audioLevelObserver.events.stream()

            ctx.router.close()
            try expect(await firstEvent(in: events, where: isRouterClose), "audioLevelObserver emitted routerclose")

            try expectEqual(audioLevelObserver.closed, true, "audioLevelObserver.closed")
        },

        AcceptanceCase(suite, "AudioLevelObserver emits \"routerclose\" if Worker is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let audioLevelObserver = try await ctx.router.createAudioLevelObserver()

            let events = audioLevelObserver.events.stream()

            ctx.worker.close()
            try expect(await firstEvent(in: events, where: isRouterClose), "audioLevelObserver emitted routerclose")

            try expectEqual(audioLevelObserver.closed, true, "audioLevelObserver.closed")
        },
    ]

    @Sendable static func isRouterClose(_ event: RtpObserverEvent) -> Bool {
        if case .routerClose = event { true } else { false }
    }
}
