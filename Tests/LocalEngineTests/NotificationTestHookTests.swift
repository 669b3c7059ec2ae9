import Mediasoup
import MediasoupLocal
import Synchronization
import Testing

/// The local engine's ``EngineNotificationInjecting`` hook: an injected
/// notification takes the worker's path, so the object's own handling runs
/// (both emitters, state, the remote certificate kept only once connected),
/// a closed object ignores it, and a notification of another kind of object
/// is refused.
@Suite(.timeLimit(.minutes(1)))
struct NotificationTestHookTests {
    private static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
    ]

    private static let audio = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
            encodings: [RtpEncodingParameters(ssrc: 1111)]))

    /// Runs `body` with a fresh worker and router, closing the worker after.
    private static func withRouter(_ body: (any Router) async throws -> Void) async throws {
        let worker = try await LocalMediasoup().createWorker()
        defer { worker.close() }
        try await body(try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs)))
    }

    private static func webRtcTransport(_ router: any Router) async throws -> any WebRtcTransport {
        try await router.createWebRtcTransport(
            WebRtcTransportOptions(
                listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")], enableSctp: true))
    }

    @Test func producerScoreReachesBothEmittersAndNotAClosedProducer() async throws {
        try await Self.withRouter { router in
            let producer = try await router.createDirectTransport().produce(Self.audio)
            let hook = try #require(producer as? any EngineNotificationInjecting)
            let scores = Mutex<[[ProducerScore]]>([])
            let observed = Mutex(0)
            producer.events.on { event in
                if case .score(let score) = event { scores.withLock { $0.append(score) } }
            }
            producer.observer.on { event in
                if case .score = event { observed.withLock { $0 += 1 } }
            }

            let score = [ProducerScore(encodingIdx: 0, ssrc: 1111, rid: "r0", score: 7)]
            try await hook.injectNotificationForTesting(.producerScore(score))
            #expect(scores.withLock { $0 } == [score])
            #expect(observed.withLock { $0 } == 1)
            #expect(producer.score == score)

            // Closed, it no longer hears from its worker.
            producer.close()
            try await hook.injectNotificationForTesting(.producerScore([]))
            #expect(scores.withLock { $0.count } == 1)
            #expect(producer.score == score)
        }
    }

    @Test func notificationsOfAnotherKindOfObjectAreRefused() async throws {
        try await Self.withRouter { router in
            let transport = try await Self.webRtcTransport(router)
            let producer = try await router.createDirectTransport().produce(Self.audio)
            let consumerScore = ConsumerScore(score: 9, producerScore: 10, producerScores: [8])

            let producerHook = try #require(producer as? any EngineNotificationInjecting)
            await #expect(throws: TypeError.self) {
                try await producerHook.injectNotificationForTesting(.consumerScore(consumerScore))
            }
            await #expect(throws: TypeError.self) {
                try await producerHook.injectNotificationForTesting(.iceStateChange(.completed))
            }

            let transportHook = try #require(transport as? any EngineNotificationInjecting)
            await #expect(throws: TypeError.self) { try await transportHook.injectNotificationForTesting(.producerScore([])) }
            await #expect(throws: TypeError.self) {
                try await transportHook.injectNotificationForTesting(.consumerScore(consumerScore))
            }
            #expect(producer.score == [])
            #expect(transport.iceState == .new)
        }
    }

    @Test func dtlsRemoteCertificateIsKeptOnlyOnceConnected() async throws {
        try await Self.withRouter { router in
            let transport = try await Self.webRtcTransport(router)
            let hook = try #require(transport as? any EngineNotificationInjecting)
            let states = Mutex<[DtlsState]>([])
            transport.observer.on { event in
                if case .dtlsStateChange(let state) = event { states.withLock { $0.append(state) } }
            }

            try await hook.injectNotificationForTesting(.dtlsStateChange(.connecting, remoteCert: "ignored"))
            #expect(transport.dtlsRemoteCert == nil)
            try await hook.injectNotificationForTesting(.dtlsStateChange(.connected, remoteCert: "PEM"))
            #expect(transport.dtlsRemoteCert == "PEM")
            #expect(transport.dtlsState == .connected)
            #expect(states.withLock { $0 } == [.connecting, .connected])

            try await hook.injectNotificationForTesting(.sctpStateChange(.connected))
            #expect(transport.sctpState == .connected)
        }
    }
}
