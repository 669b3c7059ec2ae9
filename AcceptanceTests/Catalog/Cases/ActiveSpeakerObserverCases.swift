import Mediasoup

/// Port of mediasoup's `test-ActiveSpeakerObserver.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker and a router with an Opus codec (``fixture(_:)``); the worker is
/// closed after the case. Where the original passes a value the Swift types
/// cannot hold (`interval: false`, `appData: 'NOT-AN-OBJECT'`), the call is
/// refused at compile time; the port checks instead that the same value given
/// as JSON is refused with ``TypeError``. As in the original, the last three
/// cases create AudioLevelObservers.
enum ActiveSpeakerObserverCases {
    static let suite = "test-ActiveSpeakerObserver"

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
        AcceptanceCase(suite, "router.createActiveSpeakerObserver() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewRtpObserver = CallRecorder<ObjectIdentifier>()

            ctx.router.observer.once { event in
                if case .newRtpObserver(let rtpObserver) = event {
                    onObserverNewRtpObserver.record(ObjectIdentifier(rtpObserver))
                }
            }

            let activeSpeakerObserver = try await ctx.router.createActiveSpeakerObserver()

            try expectEqual(onObserverNewRtpObserver.count, 1, "observer newrtpobserver calls")
            try expectEqual(
                onObserverNewRtpObserver.values, [ObjectIdentifier(activeSpeakerObserver)],
                "observer newrtpobserver argument")
            // `typeof activeSpeakerObserver.id === 'string'` holds by the Swift types.
            try expectEqual(activeSpeakerObserver.closed, false, "activeSpeakerObserver.closed")
            try expectEqual(activeSpeakerObserver.paused, false, "activeSpeakerObserver.paused")
            try expectEqual(activeSpeakerObserver.appData, [:], "activeSpeakerObserver.appData")

            try expectEqual(
                try await ctx.router.dump().rtpObserverIds, [activeSpeakerObserver.id], "router dump rtpObserverIds")
        },

        AcceptanceCase(
            suite, "router.createActiveSpeakerObserver() with wrong arguments rejects with TypeError",
            timeLimit: .seconds(2)
        ) { context in
            _ = try await fixture(context)

            // `interval: false` is refused at compile time by `Int?`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try ActiveSpeakerObserverOptions(json: #"{"interval":false}"#)
            }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time by `AppData`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try ActiveSpeakerObserverOptions(json: #"{"appData":"NOT-AN-OBJECT"}"#)
            }
        },

        AcceptanceCase(suite, "activeSpeakerObserver.pause() and resume() succeed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let activeSpeakerObserver = try await ctx.router.createActiveSpeakerObserver()

            try await activeSpeakerObserver.pause()

            try expectEqual(activeSpeakerObserver.paused, true, "activeSpeakerObserver.paused after pause()")

            try await activeSpeakerObserver.resume()

            try expectEqual(activeSpeakerObserver.paused, false, "activeSpeakerObserver.paused after resume()")
        },

        AcceptanceCase(suite, "activeSpeakerObserver.close() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let activeSpeakerObserver = try await ctx.router.createAudioLevelObserver(
                AudioLevelObserverOptions(maxEntries: 8))

            var dump = try await ctx.router.dump()

            try expectEqual(dump.rtpObserverIds.count, 1, "router dump rtpObserverIds.length")

            activeSpeakerObserver.close()

            try expectEqual(activeSpeakerObserver.closed, true, "activeSpeakerObserver.closed")

            dump = try await ctx.router.dump()

            try expectEqual(dump.rtpObserverIds.count, 0, "router dump rtpObserverIds.length after close()")
        },

        AcceptanceCase(
            suite, "ActiveSpeakerObserver emits \"routerclose\" if Router is closed", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let activeSpeakerObserver = try await ctx.router.createAudioLevelObserver()

            let events = activeSpeakerObserver.events.stream()

            ctx.router.close()
            try expect(await firstEvent(in: events, where: isRouterClose), "activeSpeakerObserver emitted routerclose")

            try expectEqual(activeSpeakerObserver.closed, true, "activeSpeakerObserver.closed")
        },

        AcceptanceCase(
            suite, "ActiveSpeakerObserver emits \"routerclose\" if Worker is closed", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let activeSpeakerObserver = try await ctx.router.createAudioLevelObserver()

            let events = activeSpeakerObserver.events.stream()

            ctx.worker.close()
            try expect(await firstEvent(in: events, where: isRouterClose), "activeSpeakerObserver emitted routerclose")

            try expectEqual(activeSpeakerObserver.closed, true, "activeSpeakerObserver.closed")
        },
    ]

    @Sendable static func isRouterClose(_ event: RtpObserverEvent) -> Bool {
        if case .routerClose = event { true } else { false }
    }
}
