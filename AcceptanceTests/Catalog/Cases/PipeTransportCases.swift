import Mediasoup
import Synchronization

/// Port of mediasoup's `test-PipeTransport.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// fixture (``fixture(_:)``): two workers (closed after the case), a router in
/// each, a WebRtcTransport with SCTP in each, and on the first one an audio
/// producer, a simulcast video producer and a data producer. Where the original
/// passes a value the Swift types cannot hold (`listenIp: ['127.0.0.1']`,
/// `appData: 'NOT-AN-OBJECT'`, `srtpParameters: 'invalid'`…), the call is
/// refused at compile time; the port checks instead that the same value given
/// as JSON is refused with ``TypeError``. `rejects.toThrow(Error)` is ported as
/// the kind the contract names (``MediasoupError``).
enum PipeTransportCases {
    static let suite = "test-PipeTransport"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
    ]

    static let audioProducerOptions = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            mid: "AUDIO",
            codecs: [
                RtpCodecParameters(
                    mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2,
                    parameters: ["useinbandfec": 1, "foo": "bar1"])
            ],
            headerExtensions: [RtpHeaderExtensionParameters(uri: .mid, id: 10)],
            encodings: [RtpEncodingParameters(ssrc: 11111111)],
            rtcp: RtcpParameters(cname: "FOOBAR")),
        appData: ["foo": "bar1"])

    static let videoProducerOptions = ProducerOptions(
        kind: .video,
        rtpParameters: RtpParameters(
            mid: "VIDEO",
            codecs: [
                RtpCodecParameters(
                    mimeType: "video/VP8", payloadType: 112, clockRate: 90000,
                    rtcpFeedback: [
                        RtcpFeedback(type: "nack"),
                        RtcpFeedback(type: "nack", parameter: "pli"),
                        RtcpFeedback(type: "goog-remb"),
                        RtcpFeedback(type: "lalala"),
                    ])
            ],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: .mid, id: 10),
                RtpHeaderExtensionParameters(uri: .absSendTime, id: 11),
                RtpHeaderExtensionParameters(uri: .videoOrientation, id: 13),
            ],
            encodings: [
                RtpEncodingParameters(ssrc: 22222222), RtpEncodingParameters(ssrc: 22222223),
                RtpEncodingParameters(ssrc: 22222224),
            ],
            rtcp: RtcpParameters(cname: "FOOBAR")),
        appData: ["foo": "bar2"])

    static let dataProducerOptions = DataProducerOptions(
        sctpStreamParameters: SctpStreamParameters(streamId: 666, ordered: false, maxPacketLifeTime: 5000),
        label: "foo",
        protocol: "bar")

    static let consumerDeviceCapabilities = RtpCapabilities(
        codecs: [
            RtpCodecCapability(
                kind: .audio, mimeType: "audio/opus", preferredPayloadType: 100, clockRate: 48000, channels: 2),
            RtpCodecCapability(
                kind: .video, mimeType: "video/VP8", preferredPayloadType: 101, clockRate: 90000,
                rtcpFeedback: [
                    RtcpFeedback(type: "nack"),
                    RtcpFeedback(type: "ccm", parameter: "fir"),
                    RtcpFeedback(type: "transport-cc"),
                ]),
            RtpCodecCapability(
                kind: .video, mimeType: "video/rtx", preferredPayloadType: 102, clockRate: 90000,
                parameters: ["apt": 101], rtcpFeedback: []),
        ],
        headerExtensions: [
            RtpHeaderExtension(
                kind: .video, uri: .absSendTime, preferredId: 4, preferredEncrypt: false, direction: .sendrecv),
            RtpHeaderExtension(kind: .video, uri: .transportWideCc01, preferredId: 5, preferredEncrypt: false),
            RtpHeaderExtension(kind: .audio, uri: .audioLevel, preferredId: 10, preferredEncrypt: false),
        ])

    /// Header extensions of an audio pipe consumer (and of the pipe producer made from it).
    static let audioPipeHeaderExtensions: [RtpHeaderExtensionParameters] = [
        RtpHeaderExtensionParameters(uri: .audioLevel, id: 10, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .absCaptureTime, id: 13, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .playoutDelay, id: 14, encrypt: false, parameters: [:]),
    ]

    /// Header extensions of a video pipe consumer (and of the pipe producer made from it).
    static let videoPipeHeaderExtensions: [RtpHeaderExtensionParameters] = [
        // NOTE: Remove this once framemarking draft becomes RFC.
        RtpHeaderExtensionParameters(uri: .frameMarking07, id: 6, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .frameMarking, id: 7, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .videoOrientation, id: 11, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .toffset, id: 12, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .absCaptureTime, id: 13, encrypt: false, parameters: [:]),
        RtpHeaderExtensionParameters(uri: .playoutDelay, id: 14, encrypt: false, parameters: [:]),
    ]

    static let audioPipeCodecs = [
        RtpCodecParameters(
            mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2,
            parameters: ["useinbandfec": 1, "foo": "bar1"], rtcpFeedback: [])
    ]

    static let videoPipeCodecs = [
        RtpCodecParameters(
            mimeType: "video/VP8", payloadType: 101, clockRate: 90000, parameters: [:],
            rtcpFeedback: [RtcpFeedback(type: "nack", parameter: "pli"), RtcpFeedback(type: "ccm", parameter: "fir")])
    ]

    /// A valid AEAD_AES_256_GCM key (44 bytes).
    static let gcmKeyBase64 = "YTdjcDBvY2JoMGY5YXNlNDc0eDJsdGgwaWRvNnJsamRrdG16aWVpZHphdHo="

    struct Fixture {
        let worker1: any Worker
        let worker2: any Worker
        let router1: any Router
        let router2: any Router
        let webRtcTransport1: any WebRtcTransport
        let webRtcTransport2: any WebRtcTransport
        let audioProducer: any Producer
        let videoProducer: any Producer
        let dataProducer: any DataProducer
    }

    /// `beforeEach`.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker1 = try await context.createWorker()
        let worker2 = try await context.createWorker()
        let router1 = try await worker1.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        let router2 = try await worker2.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        let webRtcTransport1 = try await router1.createWebRtcTransport(
            WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")], enableSctp: true))
        let webRtcTransport2 = try await router2.createWebRtcTransport(
            WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")], enableSctp: true))
        let audioProducer = try await webRtcTransport1.produce(audioProducerOptions)
        let videoProducer = try await webRtcTransport1.produce(videoProducerOptions)
        let dataProducer = try await webRtcTransport1.produceData(dataProducerOptions)
        return Fixture(
            worker1: worker1, worker2: worker2, router1: router1, router2: router2, webRtcTransport1: webRtcTransport1,
            webRtcTransport2: webRtcTransport2, audioProducer: audioProducer, videoProducer: videoProducer,
            dataProducer: dataProducer)
    }

    /// PipeTransports a pipeToRouter() between the fixture's routers adds to
    /// each: none where the two routers share a real router (``ImplementationTarget/Trait/virtualPipes``).
    static func pipeTransports(_ context: AcceptanceContext) -> Int {
        context.target.traits.contains(.virtualPipes) ? 0 : 1
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "router.pipeToRouter() succeeds with audio", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let result = try await ctx.router1.pipeToRouter(
                PipeToRouterOptions(producerId: ctx.audioProducer.id, router: ctx.router2))
            let pipeConsumer = try expectNotNil(result.pipeConsumer, "pipeConsumer")
            let pipeProducer = try expectNotNil(result.pipeProducer, "pipeProducer")

            let dump1 = try await ctx.router1.dump()

            // There should be two Transports in router1:
            // - WebRtcTransport for audioProducer and videoProducer.
            // - PipeTransport between router1 and router2.
            try expectEqual(dump1.transportIds.count, 1 + pipeTransports(context), "router1 dump transportIds.length")

            let dump2 = try await ctx.router2.dump()

            // There should be two Transports in router2:
            // - WebRtcTransport for audioConsumer and videoConsumer.
            // - PipeTransport between router2 and router1.
            try expectEqual(dump2.transportIds.count, 1 + pipeTransports(context), "router2 dump transportIds.length")

            try expectEqual(pipeConsumer.closed, false, "pipeConsumer.closed")
            try expectEqual(pipeConsumer.kind, .audio, "pipeConsumer.kind")
            try expectEqual(pipeConsumer.rtpParameters.mid, nil, "pipeConsumer.rtpParameters.mid")
            try expectEqual(pipeConsumer.rtpParameters.codecs, audioPipeCodecs, "pipeConsumer.rtpParameters.codecs")
            try expectEqual(
                pipeConsumer.rtpParameters.headerExtensions, audioPipeHeaderExtensions,
                "pipeConsumer.rtpParameters.headerExtensions")
            try expectEqual(pipeConsumer.type, .pipe, "pipeConsumer.type")
            try expectEqual(pipeConsumer.paused, false, "pipeConsumer.paused")
            try expectEqual(pipeConsumer.producerPaused, false, "pipeConsumer.producerPaused")
            try expectEqual(
                pipeConsumer.score, ConsumerScore(score: 10, producerScore: 10, producerScores: []), "pipeConsumer.score")
            try expectEqual(pipeConsumer.appData, [:], "pipeConsumer.appData")

            try expectEqual(pipeProducer.id, ctx.audioProducer.id, "pipeProducer.id")
            try expectEqual(pipeProducer.closed, false, "pipeProducer.closed")
            try expectEqual(pipeProducer.kind, .audio, "pipeProducer.kind")
            try expectEqual(pipeProducer.rtpParameters.mid, nil, "pipeProducer.rtpParameters.mid")
            try expectEqual(pipeProducer.rtpParameters.codecs, audioPipeCodecs, "pipeProducer.rtpParameters.codecs")
            try expectEqual(
                pipeProducer.rtpParameters.headerExtensions, audioPipeHeaderExtensions,
                "pipeProducer.rtpParameters.headerExtensions")
            try expectEqual(pipeProducer.paused, false, "pipeProducer.paused")
        },

        AcceptanceCase(suite, "router.pipeToRouter() succeeds with video", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            try await ctx.videoProducer.pause()

            let result = try await ctx.router1.pipeToRouter(
                PipeToRouterOptions(producerId: ctx.videoProducer.id, router: ctx.router2))
            let pipeConsumer = try expectNotNil(result.pipeConsumer, "pipeConsumer")
            let pipeProducer = try expectNotNil(result.pipeProducer, "pipeProducer")

            let dump1 = try await ctx.router1.dump()

            // No new PipeTransport should has been created. The existing one is used.
            try expectEqual(dump1.transportIds.count, 1 + pipeTransports(context), "router1 dump transportIds.length")

            let dump2 = try await ctx.router2.dump()

            // No new PipeTransport should has been created. The existing one is used.
            try expectEqual(dump2.transportIds.count, 1 + pipeTransports(context), "router2 dump transportIds.length")

            try expectEqual(pipeConsumer.closed, false, "pipeConsumer.closed")
            try expectEqual(pipeConsumer.kind, .video, "pipeConsumer.kind")
            try expectEqual(pipeConsumer.rtpParameters.mid, nil, "pipeConsumer.rtpParameters.mid")
            try expectEqual(pipeConsumer.rtpParameters.codecs, videoPipeCodecs, "pipeConsumer.rtpParameters.codecs")
            try expectEqual(
                pipeConsumer.rtpParameters.headerExtensions, videoPipeHeaderExtensions,
                "pipeConsumer.rtpParameters.headerExtensions")
            try expectEqual(pipeConsumer.type, .pipe, "pipeConsumer.type")
            try expectEqual(pipeConsumer.paused, false, "pipeConsumer.paused")
            try expectEqual(pipeConsumer.producerPaused, true, "pipeConsumer.producerPaused")
            try expectEqual(
                pipeConsumer.score, ConsumerScore(score: 10, producerScore: 10, producerScores: []), "pipeConsumer.score")
            try expectEqual(pipeConsumer.appData, [:], "pipeConsumer.appData")

            try expectEqual(pipeProducer.id, ctx.videoProducer.id, "pipeProducer.id")
            try expectEqual(pipeProducer.closed, false, "pipeProducer.closed")
            try expectEqual(pipeProducer.kind, .video, "pipeProducer.kind")
            try expectEqual(pipeProducer.rtpParameters.mid, nil, "pipeProducer.rtpParameters.mid")
            try expectEqual(pipeProducer.rtpParameters.codecs, videoPipeCodecs, "pipeProducer.rtpParameters.codecs")
            try expectEqual(
                pipeProducer.rtpParameters.headerExtensions, videoPipeHeaderExtensions,
                "pipeProducer.rtpParameters.headerExtensions")
            try expectEqual(pipeProducer.paused, true, "pipeProducer.paused")
        },

        AcceptanceCase(
            suite, "router.createPipeTransport() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router1.createPipeTransport(PipeTransportOptions())
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router1.createPipeTransport(
                    PipeTransportOptions(
                        listenInfo: TransportListenInfo(
                            protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: 4000, max: 3000))))
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router1.createPipeTransport(PipeTransportOptions(listenIp: TransportListenIp(ip: "123")))
            }

            // `listenIp: ['127.0.0.1']` is refused at compile time by `TransportListenIp`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try PipeTransportOptions(json: #"{"listenIp":["127.0.0.1"]}"#)
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router1.createPipeTransport(
                    PipeTransportOptions(listenInfo: TransportListenInfo(protocol: .tcp, ip: "127.0.0.1")))
            }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time by `AppData`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try PipeTransportOptions(
                    json: #"{"listenInfo":{"protocol":"udp","ip":"127.0.0.1"},"appData":"NOT-AN-OBJECT"}"#)
            }
        },

        AcceptanceCase(suite, "router.createPipeTransport() with enableRtx succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let pipeTransport = try await ctx.router1.createPipeTransport(
                PipeTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: 2000, max: 3000)),
                    enableRtx: true))

            let pipeConsumer = try await pipeTransport.consume(PipeConsumerOptions(producerId: ctx.videoProducer.id))

            try expectEqual(pipeConsumer.closed, false, "pipeConsumer.closed")
            try expectEqual(pipeConsumer.kind, .video, "pipeConsumer.kind")
            try expectEqual(pipeConsumer.rtpParameters.mid, nil, "pipeConsumer.rtpParameters.mid")
            try expectEqual(
                pipeConsumer.rtpParameters.codecs,
                [
                    RtpCodecParameters(
                        mimeType: "video/VP8", payloadType: 101, clockRate: 90000, parameters: [:],
                        rtcpFeedback: [
                            RtcpFeedback(type: "nack", parameter: ""),
                            RtcpFeedback(type: "nack", parameter: "pli"),
                            RtcpFeedback(type: "ccm", parameter: "fir"),
                        ]),
                    RtpCodecParameters(
                        mimeType: "video/rtx", payloadType: 102, clockRate: 90000, parameters: ["apt": 101],
                        rtcpFeedback: []),
                ], "pipeConsumer.rtpParameters.codecs")
            try expectEqual(
                pipeConsumer.rtpParameters.headerExtensions, videoPipeHeaderExtensions,
                "pipeConsumer.rtpParameters.headerExtensions")
            try expectEqual(pipeConsumer.type, .pipe, "pipeConsumer.type")
            try expectEqual(pipeConsumer.paused, false, "pipeConsumer.paused")
            try expectEqual(pipeConsumer.producerPaused, false, "pipeConsumer.producerPaused")
            try expectEqual(
                pipeConsumer.score, ConsumerScore(score: 10, producerScore: 10, producerScores: []), "pipeConsumer.score")
            try expectEqual(pipeConsumer.appData, [:], "pipeConsumer.appData")
        },

        AcceptanceCase(suite, "pipeTransport.connect() with valid SRTP parameters succeeds", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let pipeTransport = try await ctx.router1.createPipeTransport(
                PipeTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), enableSrtp: true))

            let srtpParameters = try expectNotNil(pipeTransport.srtpParameters, "srtpParameters")
            // The master length of AEAD_AES_256_GCM.
            try expectEqual(srtpParameters.keyBase64.count, 60, "srtpParameters.keyBase64.length")

            // Valid srtpParameters.
            try await pipeTransport.connect(
                PipeTransportConnectParameters(
                    ip: "127.0.0.2", port: 9999,
                    srtpParameters: SrtpParameters(cryptoSuite: .aeadAes256Gcm, keyBase64: gcmKeyBase64)))
        },

        AcceptanceCase(suite, "pipeTransport.connect() with srtpParameters fails if enableSrtp is unset") { context in
            let ctx = try await fixture(context)
            let pipeTransport = try await ctx.router1.createPipeTransport(
                PipeTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: 2000, max: 3000)),
                    enableRtx: true))

            try expectEqual(pipeTransport.srtpParameters, nil, "srtpParameters")

            // No SRTP enabled so passing srtpParameters must fail.
            try await expectThrows(TypeError.self) {
                try await pipeTransport.connect(
                    PipeTransportConnectParameters(
                        ip: "127.0.0.2", port: 9999,
                        srtpParameters: SrtpParameters(cryptoSuite: .aeadAes256Gcm, keyBase64: gcmKeyBase64)))
            }

            // No SRTP enabled so passing srtpParameters (even if invalid) must fail.
            // `srtpParameters: 'invalid'` is refused at compile time by `SrtpParameters`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try PipeTransportConnectParameters(json: #"{"ip":"127.0.0.2","port":9999,"srtpParameters":"invalid"}"#)
            }
        },

        AcceptanceCase(suite, "pipeTransport.connect() with invalid srtpParameters fails", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let pipeTransport = try await ctx.router1.createPipeTransport(
                PipeTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), enableSrtp: true))

            let srtpParameters = try expectNotNil(pipeTransport.srtpParameters, "srtpParameters")
            // The master length of AEAD_AES_256_GCM.
            try expectEqual(srtpParameters.keyBase64.count, 60, "srtpParameters.keyBase64.length")

            // Missing srtpParameters.
            try await expectThrows(TypeError.self) {
                try await pipeTransport.connect(PipeTransportConnectParameters(ip: "127.0.0.2", port: 9999))
            }

            // Invalid srtpParameters (`1`), missing cryptoSuite, missing keyBase64,
            // cryptoSuite 'FOO' or 123, keyBase64 `[]`: refused at compile time by
            // `SrtpParameters`; as JSON:
            for json in [
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":1}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"keyBase64":"\#(gcmKeyBase64)"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"FOO","keyBase64":"\#(gcmKeyBase64)"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":123,"keyBase64":"\#(gcmKeyBase64)"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM","keyBase64":[]}}"#,
            ] {
                try await expectThrows(TypeError.self) { _ = try PipeTransportConnectParameters(json: json) }
            }

            // Invalid cryptoSuite and keyBase64 in forms the types can hold: a suite
            // other than AEAD_AES_256_GCM, a key that is not Base64, a key of the wrong length.
            for parameters in [
                SrtpParameters(cryptoSuite: .aesCm128HmacSha1_80, keyBase64: "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"),
                SrtpParameters(cryptoSuite: .aeadAes256Gcm, keyBase64: "not base64!"),
                SrtpParameters(cryptoSuite: .aeadAes256Gcm, keyBase64: "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"),
            ] {
                try await expectThrows(TypeError.self) {
                    try await pipeTransport.connect(
                        PipeTransportConnectParameters(ip: "127.0.0.2", port: 9999, srtpParameters: parameters))
                }
            }
        },

        AcceptanceCase(suite, "router.createPipeTransport() with fixed port succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let port = try PortPicker.pickUdpPort(ip: "127.0.0.1")
            let pipeTransport = try await ctx.router1.createPipeTransport(
                PipeTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port)))

            try expectEqual(pipeTransport.tuple.localPort, port, "tuple.localPort")
        },

        AcceptanceCase(suite, "transport.consume() for a pipe Producer succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.router1.pipeToRouter(PipeToRouterOptions(producerId: ctx.videoProducer.id, router: ctx.router2))

            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try expectEqual(videoConsumer.closed, false, "videoConsumer.closed")
            try expectEqual(videoConsumer.kind, .video, "videoConsumer.kind")
            try expectEqual(videoConsumer.rtpParameters.mid, "0", "videoConsumer.rtpParameters.mid")
            try expectEqual(
                videoConsumer.rtpParameters.codecs,
                [
                    RtpCodecParameters(
                        mimeType: "video/VP8", payloadType: 101, clockRate: 90000, parameters: [:],
                        rtcpFeedback: [
                            RtcpFeedback(type: "nack", parameter: ""),
                            RtcpFeedback(type: "ccm", parameter: "fir"),
                            RtcpFeedback(type: "transport-cc", parameter: ""),
                        ]),
                    RtpCodecParameters(
                        mimeType: "video/rtx", payloadType: 102, clockRate: 90000, parameters: ["apt": 101],
                        rtcpFeedback: []),
                ], "videoConsumer.rtpParameters.codecs")
            try expectEqual(
                videoConsumer.rtpParameters.headerExtensions,
                [
                    RtpHeaderExtensionParameters(uri: .absSendTime, id: 4, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(uri: .transportWideCc01, id: 5, encrypt: false, parameters: [:]),
                ], "videoConsumer.rtpParameters.headerExtensions")
            let encodings = videoConsumer.rtpParameters.encodings ?? []
            try expectEqual(encodings.count, 1, "videoConsumer.rtpParameters.encodings.length")
            try expect(encodings.first?.ssrc != nil, "encodings[0].ssrc is a number")
            try expect(encodings.first?.rtx != nil, "encodings[0].rtx is an object")
            // `typeof encodings[0].rtx.ssrc === 'number'` holds by the Swift type once rtx exists.
            try expectEqual(videoConsumer.type, .simulcast, "videoConsumer.type")
            try expectEqual(videoConsumer.paused, false, "videoConsumer.paused")
            try expectEqual(videoConsumer.producerPaused, false, "videoConsumer.producerPaused")
            try expectEqual(
                videoConsumer.score, ConsumerScore(score: 10, producerScore: 0, producerScores: [0, 0, 0]),
                "videoConsumer.score")
            try expectEqual(videoConsumer.appData, [:], "videoConsumer.appData")
        },

        AcceptanceCase(
            suite, "producer.pause() and producer.resume() are transmitted to pipe Consumer", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            try await ctx.videoProducer.pause()

            // We need to obtain the pipeProducer to await for its 'pause' and 'resume'
            // events (mediasoup issue 1374).
            let result = try await ctx.router1.pipeToRouter(
                PipeToRouterOptions(producerId: ctx.videoProducer.id, router: ctx.router2))
            let pipeVideoProducer = try expectNotNil(result.pipeProducer, "pipeProducer")

            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try expectEqual(ctx.videoProducer.paused, true, "videoProducer.paused")
            try expectEqual(videoConsumer.producerPaused, true, "videoConsumer.producerPaused")
            try expectEqual(videoConsumer.paused, false, "videoConsumer.paused")

            // Listen before acting, so neither event can be missed.
            let consumerEvents1 = videoConsumer.events.stream()
            let producerObserverEvents1 = pipeVideoProducer.observer.stream()

            try await ctx.videoProducer.resume()
            try await expectEvent(consumerEvents1, "videoConsumer emitted producerresume") {
                if case .producerResume = $0 { true } else { false }
            }
            try await expectEvent(producerObserverEvents1, "pipeProducer observer emitted resume") {
                if case .resume = $0 { true } else { false }
            }

            try expectEqual(videoConsumer.producerPaused, false, "videoConsumer.producerPaused after resume")
            try expectEqual(videoConsumer.paused, false, "videoConsumer.paused after resume")
            try expectEqual(pipeVideoProducer.paused, false, "pipeVideoProducer.paused after resume")

            let consumerEvents2 = videoConsumer.events.stream()
            let producerObserverEvents2 = pipeVideoProducer.observer.stream()

            try await ctx.videoProducer.pause()
            try await expectEvent(consumerEvents2, "videoConsumer emitted producerpause") {
                if case .producerPause = $0 { true } else { false }
            }
            try await expectEvent(producerObserverEvents2, "pipeProducer observer emitted pause") {
                if case .pause = $0 { true } else { false }
            }

            try expectEqual(videoConsumer.producerPaused, true, "videoConsumer.producerPaused after pause")
            try expectEqual(videoConsumer.paused, false, "videoConsumer.paused after pause")
            try expectEqual(pipeVideoProducer.paused, true, "pipeVideoProducer.paused after pause")
        },

        AcceptanceCase(suite, "producer.close() is transmitted to pipe Consumer", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.router1.pipeToRouter(PipeToRouterOptions(producerId: ctx.videoProducer.id, router: ctx.router2))

            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let consumerEvents = videoConsumer.events.stream()

            ctx.videoProducer.close()

            try expectEqual(ctx.videoProducer.closed, true, "videoProducer.closed")

            if !videoConsumer.closed {
                try await expectEvent(consumerEvents, "videoConsumer emitted producerclose") {
                    if case .producerClose = $0 { true } else { false }
                }
            }

            try expectEqual(videoConsumer.closed, true, "videoConsumer.closed")
        },

        AcceptanceCase(suite, "router.pipeToRouter() fails if both Routers belong to the same Worker", timeLimit: .seconds(2))
        { context in
            let ctx = try await fixture(context)
            let router1bis = try await ctx.worker1.createRouter(RouterOptions(mediaCodecs: mediaCodecs))

            try await expectThrows(MediasoupError.self) {
                _ = try await ctx.router1.pipeToRouter(PipeToRouterOptions(producerId: ctx.videoProducer.id, router: router1bis))
            }
        },

        AcceptanceCase(suite, "router.pipeToRouter() succeeds with data", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let result = try await ctx.router1.pipeToRouter(
                PipeToRouterOptions(dataProducerId: ctx.dataProducer.id, router: ctx.router2))
            let pipeDataConsumer = try expectNotNil(result.pipeDataConsumer, "pipeDataConsumer")
            let pipeDataProducer = try expectNotNil(result.pipeDataProducer, "pipeDataProducer")

            let dump1 = try await ctx.router1.dump()

            // There should be two Transports in router1:
            // - WebRtcTransport for audioProducer, videoProducer and dataProducer.
            // - PipeTransport between router1 and router2.
            try expectEqual(dump1.transportIds.count, 1 + pipeTransports(context), "router1 dump transportIds.length")

            let dump2 = try await ctx.router2.dump()

            // There should be two Transports in router2:
            // - WebRtcTransport for audioConsumer, videoConsumer and dataConsumer.
            // - PipeTransport between router2 and router1.
            try expectEqual(dump2.transportIds.count, 1 + pipeTransports(context), "router2 dump transportIds.length")

            try expectEqual(pipeDataConsumer.closed, false, "pipeDataConsumer.closed")
            try expectEqual(pipeDataConsumer.type, .sctp, "pipeDataConsumer.type")
            let consumerStream = try expectNotNil(
                pipeDataConsumer.sctpStreamParameters, "pipeDataConsumer.sctpStreamParameters")
            // `typeof streamId === 'number'` holds by the Swift type.
            try expectEqual(consumerStream.ordered, false, "pipeDataConsumer.sctpStreamParameters.ordered")
            try expectEqual(consumerStream.maxPacketLifeTime, 5000, "pipeDataConsumer.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(consumerStream.maxRetransmits, nil, "pipeDataConsumer.sctpStreamParameters.maxRetransmits")
            try expectEqual(pipeDataConsumer.label, "foo", "pipeDataConsumer.label")
            try expectEqual(pipeDataConsumer.protocol, "bar", "pipeDataConsumer.protocol")

            try expectEqual(pipeDataProducer.id, ctx.dataProducer.id, "pipeDataProducer.id")
            try expectEqual(pipeDataProducer.closed, false, "pipeDataProducer.closed")
            try expectEqual(pipeDataProducer.type, .sctp, "pipeDataProducer.type")
            let producerStream = try expectNotNil(
                pipeDataProducer.sctpStreamParameters, "pipeDataProducer.sctpStreamParameters")
            try expectEqual(producerStream.ordered, false, "pipeDataProducer.sctpStreamParameters.ordered")
            try expectEqual(producerStream.maxPacketLifeTime, 5000, "pipeDataProducer.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(producerStream.maxRetransmits, nil, "pipeDataProducer.sctpStreamParameters.maxRetransmits")
            try expectEqual(pipeDataProducer.label, "foo", "pipeDataProducer.label")
            try expectEqual(pipeDataProducer.protocol, "bar", "pipeDataProducer.protocol")
        },

        AcceptanceCase(suite, "transport.dataConsume() for a pipe DataProducer succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.router1.pipeToRouter(
                PipeToRouterOptions(dataProducerId: ctx.dataProducer.id, router: ctx.router2))

            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))

            try expectEqual(dataConsumer.closed, false, "dataConsumer.closed")
            try expectEqual(dataConsumer.type, .sctp, "dataConsumer.type")
            let stream = try expectNotNil(dataConsumer.sctpStreamParameters, "dataConsumer.sctpStreamParameters")
            try expectEqual(stream.ordered, false, "dataConsumer.sctpStreamParameters.ordered")
            try expectEqual(stream.maxPacketLifeTime, 5000, "dataConsumer.sctpStreamParameters.maxPacketLifeTime")
            try expectEqual(stream.maxRetransmits, nil, "dataConsumer.sctpStreamParameters.maxRetransmits")
            try expectEqual(dataConsumer.label, "foo", "dataConsumer.label")
            try expectEqual(dataConsumer.protocol, "bar", "dataConsumer.protocol")
        },

        AcceptanceCase(suite, "dataProducer.close() is transmitted to pipe DataConsumer", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.router1.pipeToRouter(
                PipeToRouterOptions(dataProducerId: ctx.dataProducer.id, router: ctx.router2))

            let dataConsumer = try await ctx.webRtcTransport2.consumeData(
                DataConsumerOptions(dataProducerId: ctx.dataProducer.id))
            let dataConsumerEvents = dataConsumer.events.stream()

            ctx.dataProducer.close()

            try expectEqual(ctx.dataProducer.closed, true, "dataProducer.closed")

            if !dataConsumer.closed {
                try await expectEvent(dataConsumerEvents, "dataConsumer emitted dataproducerclose") {
                    if case .dataProducerClose = $0 { true } else { false }
                }
            }

            try expectEqual(dataConsumer.closed, true, "dataConsumer.closed")
        },

        AcceptanceCase(suite, "router.pipeToRouter() called twice generates a single PipeTransport pair", timeLimit: .seconds(2))
        { context in
            if context.target.traits.contains(.virtualPipes) {
                try context.pendingOnThisTarget("pipes between routers sharing a real router are virtual: no PipeTransport pair")
            }
            let ctx = try await fixture(context)
            let routerA = try await ctx.worker1.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            let routerB = try await ctx.worker2.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            let transportA1 = try await routerA.createWebRtcTransport(
                WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")]))
            let transportA2 = try await routerA.createWebRtcTransport(
                WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")]))
            let audioProducerA1 = try await transportA1.produce(audioProducerOptions)
            let audioProducerA2 = try await transportA2.produce(audioProducerOptions)

            async let pipe1 = routerA.pipeToRouter(PipeToRouterOptions(producerId: audioProducerA1.id, router: routerB))
            async let pipe2 = routerA.pipeToRouter(PipeToRouterOptions(producerId: audioProducerA2.id, router: routerB))
            _ = try await (pipe1, pipe2)

            let dump1 = try await routerA.dump()

            // There should be 3 Transports in routerA:
            // - WebRtcTransport for audioProducerA1 and audioProducerA2.
            // - PipeTransport between routerA and routerB.
            try expectEqual(dump1.transportIds.count, 3, "routerA dump transportIds.length")

            let dump2 = try await routerB.dump()

            // There should be 1 Transport in routerB:
            // - PipeTransport between routerA and routerB.
            try expectEqual(dump2.transportIds.count, 1, "routerB dump transportIds.length")
        },

        AcceptanceCase(
            suite,
            "router.pipeToRouter() called in two Routers passing one to each other as argument generates a single PipeTransport pair",
            timeLimit: .seconds(2)
        ) { context in
            if context.target.traits.contains(.virtualPipes) {
                try context.pendingOnThisTarget("pipes between routers sharing a real router are virtual: no PipeTransport pair")
            }
            let ctx = try await fixture(context)
            let routerA = try await ctx.worker1.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            let routerB = try await ctx.worker2.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
            let transportA = try await routerA.createWebRtcTransport(
                WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")]))
            let transportB = try await routerB.createWebRtcTransport(
                WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")]))
            let audioProducerA = try await transportA.produce(audioProducerOptions)
            let audioProducerB = try await transportB.produce(audioProducerOptions)
            let pipeTransportsA = PipeTransportTracker()
            let pipeTransportsB = PipeTransportTracker()

            pipeTransportsA.track(routerA)
            pipeTransportsB.track(routerB)

            async let pipeAB = routerA.pipeToRouter(PipeToRouterOptions(producerId: audioProducerA.id, router: routerB))
            async let pipeBA = routerB.pipeToRouter(PipeToRouterOptions(producerId: audioProducerB.id, router: routerA))
            _ = try await (pipeAB, pipeBA)

            // There should be a single PipeTransport in each Router and they must be
            // connected.

            try expectEqual(pipeTransportsA.count, 1, "pipeTransportsA.size")
            try expectEqual(pipeTransportsB.count, 1, "pipeTransportsB.size")

            let pipeTransportA = try expectNotNil(pipeTransportsA.first, "pipeTransportA")
            let pipeTransportB = try expectNotNil(pipeTransportsB.first, "pipeTransportB")

            try expectEqual(pipeTransportA.tuple.localPort, pipeTransportB.tuple.remotePort, "A localPort vs B remotePort")
            try expectEqual(pipeTransportB.tuple.localPort, pipeTransportA.tuple.remotePort, "B localPort vs A remotePort")

            routerA.close()

            try expectEqual(pipeTransportsA.count, 0, "pipeTransportsA.size after routerA.close()")
            try expectEqual(pipeTransportsB.count, 0, "pipeTransportsB.size after routerA.close()")
        },
    ]

    /// Waits for the first element of `events` that `matches` accepts (Jest's
    /// `await enhancedOnce(emitter, event)`); fails if the sequence ends first.
    static func expectEvent<Event: Sendable>(
        _ events: AsyncStream<Event>, _ what: String, file: String = #fileID, line: Int = #line,
        where matches: (Event) -> Bool
    ) async throws {
        for await event in events where matches(event) {
            return
        }
        try expect(false, what, file: file, line: line)
    }
}

/// The PipeTransports a router creates, while they are open (the original's
/// `pipeTransportsA`/`pipeTransportsB` maps fed by `newtransport` and `close`).
final class PipeTransportTracker: Sendable {
    private let transports = Mutex<[(id: String, transport: any PipeTransport)]>([])

    func track(_ router: any Router) {
        router.observer.on { [self] event in
            guard case .newTransport(let transport) = event, let pipeTransport = transport as? any PipeTransport else {
                return
            }
            let id = pipeTransport.id
            transports.withLock { $0.append((id, pipeTransport)) }
            pipeTransport.observer.on { [self] event in
                if case .close = event { transports.withLock { $0.removeAll { $0.id == id } } }
            }
        }
    }

    var count: Int { transports.withLock { $0.count } }
    var first: (any PipeTransport)? { transports.withLock { $0.first?.transport } }
}
