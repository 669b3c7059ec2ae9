import Mediasoup

/// Port of mediasoup's `test-Consumer.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker, router, two WebRtcTransports and an audio and a video producer on
/// the first (``fixture(_:)``); the worker is closed after the case. Where the
/// original passes a value the Swift types cannot hold (`setPreferredLayers({})`,
/// `setPriority('foo')`, trace event types `123` or `'FOO'`), the call is
/// refused at compile time; the port checks instead that the same value given
/// as JSON is refused with ``TypeError``. `rejects.toThrow(Error)` is ported
/// as the kind mediasoup throws there.
enum ConsumerCases {
    static let suite = "test-Consumer"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2, parameters: ["foo": "bar"]),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
        RtpCodecCapability(
            kind: .video, mimeType: "video/H264", clockRate: 90000,
            parameters: [
                "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032", "foo": "bar",
            ]),
    ]

    static let audioProducerOptions = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            mid: "AUDIO",
            codecs: [
                RtpCodecParameters(
                    mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2,
                    parameters: ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"])
            ],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10),
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: 12),
            ],
            encodings: [RtpEncodingParameters(ssrc: 11_111_111)],
            rtcp: RtcpParameters(cname: "FOOBAR")),
        appData: ["foo": 1, "bar": "2"])

    static let videoProducerOptions = ProducerOptions(
        kind: .video,
        rtpParameters: RtpParameters(
            mid: "VIDEO",
            codecs: [
                RtpCodecParameters(
                    mimeType: "video/h264", payloadType: 112, clockRate: 90000,
                    parameters: ["packetization-mode": 1, "profile-level-id": "4d0032"],
                    rtcpFeedback: [
                        RtcpFeedback(type: "nack", parameter: ""), RtcpFeedback(type: "nack", parameter: "pli"),
                        RtcpFeedback(type: "goog-remb", parameter: ""),
                    ]),
                RtpCodecParameters(mimeType: "video/rtx", payloadType: 113, clockRate: 90000, parameters: ["apt": 112]),
            ],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10),
                RtpHeaderExtensionParameters(uri: "urn:3gpp:video-orientation", id: 13),
            ],
            encodings: [
                RtpEncodingParameters(ssrc: 22_222_222, rtx: RtxParameters(ssrc: 22_222_223), scalabilityMode: "L1T5"),
                RtpEncodingParameters(ssrc: 22_222_224, rtx: RtxParameters(ssrc: 22_222_225), scalabilityMode: "L1T5"),
                RtpEncodingParameters(ssrc: 22_222_226, rtx: RtxParameters(ssrc: 22_222_227), scalabilityMode: "L1T5"),
                RtpEncodingParameters(ssrc: 22_222_228, rtx: RtxParameters(ssrc: 22_222_229), scalabilityMode: "L1T5"),
            ],
            rtcp: RtcpParameters(cname: "FOOBAR")),
        appData: ["foo": 1, "bar": "2"])

    static let consumerDeviceCapabilities = RtpCapabilities(
        codecs: [
            RtpCodecCapability(
                kind: .audio, mimeType: "audio/opus", preferredPayloadType: 100, clockRate: 48000, channels: 2,
                rtcpFeedback: [RtcpFeedback(type: "nack", parameter: "")]),
            RtpCodecCapability(
                kind: .video, mimeType: "video/H264", preferredPayloadType: 101, clockRate: 90000,
                parameters: ["level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032"],
                rtcpFeedback: [
                    RtcpFeedback(type: "nack", parameter: ""), RtcpFeedback(type: "nack", parameter: "pli"),
                    RtcpFeedback(type: "ccm", parameter: "fir"), RtcpFeedback(type: "goog-remb", parameter: ""),
                ]),
            RtpCodecCapability(
                kind: .video, mimeType: "video/rtx", preferredPayloadType: 102, clockRate: 90000,
                parameters: ["apt": 101], rtcpFeedback: []),
        ],
        headerExtensions: [
            RtpHeaderExtension(kind: .audio, uri: .mid, preferredId: 1, preferredEncrypt: false),
            RtpHeaderExtension(kind: .video, uri: .mid, preferredId: 1, preferredEncrypt: false),
            RtpHeaderExtension(kind: .video, uri: .rtpStreamId, preferredId: 2, preferredEncrypt: false),
            RtpHeaderExtension(kind: .audio, uri: .absSendTime, preferredId: 4, preferredEncrypt: false),
            RtpHeaderExtension(kind: .video, uri: .absSendTime, preferredId: 4, preferredEncrypt: false),
            RtpHeaderExtension(kind: .audio, uri: .audioLevel, preferredId: 10, preferredEncrypt: false),
            RtpHeaderExtension(kind: .video, uri: .videoOrientation, preferredId: 11, preferredEncrypt: false),
            RtpHeaderExtension(kind: .video, uri: .toffset, preferredId: 12, preferredEncrypt: false),
        ])

    /// The H264 codec every video consumer of the device gets (PT 103 in the router).
    static let consumerH264Codec = RtpCodecParameters(
        mimeType: "video/H264", payloadType: 103, clockRate: 90000,
        parameters: ["packetization-mode": 1, "profile-level-id": "4d0032"],
        rtcpFeedback: [
            RtcpFeedback(type: "nack", parameter: ""), RtcpFeedback(type: "nack", parameter: "pli"),
            RtcpFeedback(type: "ccm", parameter: "fir"), RtcpFeedback(type: "goog-remb", parameter: ""),
        ])

    /// Its RTX codec (PT 104).
    static let consumerRtxCodec = RtpCodecParameters(
        mimeType: "video/rtx", payloadType: 104, clockRate: 90000, parameters: ["apt": 103], rtcpFeedback: [])

    struct Fixture {
        let worker: any Worker
        let router: any Router
        let webRtcTransport1: any WebRtcTransport
        let webRtcTransport2: any WebRtcTransport
        let audioProducer: any Producer
        let videoProducer: any Producer
    }

    /// `beforeEach`: a worker (closed after the case), a router, two
    /// WebRtcTransports, and an audio and a video producer on the first.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        let options = WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")])
        let webRtcTransport1 = try await router.createWebRtcTransport(options)
        let webRtcTransport2 = try await router.createWebRtcTransport(options)
        let audioProducer = try await webRtcTransport1.produce(audioProducerOptions)
        let videoProducer = try await webRtcTransport1.produce(videoProducerOptions)
        return Fixture(
            worker: worker, router: router, webRtcTransport1: webRtcTransport1, webRtcTransport2: webRtcTransport2,
            audioProducer: audioProducer, videoProducer: videoProducer)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "transport.consume() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewConsumer1 = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewConsumer) { event in
                if case .newConsumer(let consumer) = event { onObserverNewConsumer1.record(ObjectIdentifier(consumer)) }
            }

            try expectEqual(
                ctx.router.canConsume(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities),
                true, "canConsume(audioProducer)")

            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(
                    producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities,
                    appData: ["baz": "LOL"]))

            try expectEqual(onObserverNewConsumer1.count, 1, "observer newconsumer calls (audio)")
            try expectEqual(
                onObserverNewConsumer1.values, [ObjectIdentifier(audioConsumer)],
                "observer newconsumer argument (audio)")
            try expectEqual(audioConsumer.producerId, ctx.audioProducer.id, "audioConsumer.producerId")
            try expectEqual(audioConsumer.closed, false, "audioConsumer.closed")
            try expectEqual(audioConsumer.kind, .audio, "audioConsumer.kind")
            try expectEqual(audioConsumer.rtpParameters.mid, "0", "audioConsumer.rtpParameters.mid")
            try expectEqual(audioConsumer.rtpParameters.codecs.count, 1, "audioConsumer.rtpParameters.codecs.length")
            try expectEqual(
                audioConsumer.rtpParameters.codecs[0],
                RtpCodecParameters(
                    mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2,
                    parameters: ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"], rtcpFeedback: []),
                "audioConsumer.rtpParameters.codecs[0]")
            try expectEqual(audioConsumer.type, .simple, "audioConsumer.type")
            try expectEqual(audioConsumer.paused, false, "audioConsumer.paused")
            try expectEqual(audioConsumer.producerPaused, false, "audioConsumer.producerPaused")
            try expectEqual(audioConsumer.priority, 1, "audioConsumer.priority")
            try expectEqual(
                audioConsumer.score, ConsumerScore(score: 10, producerScore: 0, producerScores: [0]),
                "audioConsumer.score")
            try expectEqual(audioConsumer.preferredLayers, nil, "audioConsumer.preferredLayers")
            try expectEqual(audioConsumer.currentLayers, nil, "audioConsumer.currentLayers")
            try expectEqual(audioConsumer.appData, ["baz": "LOL"], "audioConsumer.appData")

            let dump1 = try await ctx.router.dump()
            try expect(
                dump1.mapProducerIdConsumerIds.contains(
                    KeyValues(key: ctx.audioProducer.id, values: [audioConsumer.id])),
                "router dump mapProducerIdConsumerIds contains {audioProducer: [audioConsumer]}")
            try expect(
                dump1.mapConsumerIdProducerId.contains(KeyValue(key: audioConsumer.id, value: ctx.audioProducer.id)),
                "router dump mapConsumerIdProducerId contains {audioConsumer: audioProducer}")

            let transportDump1 = try await ctx.webRtcTransport2.dump()
            try expectEqual(transportDump1.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump1.producerIds, [], "transport dump producerIds")
            try expectEqual(transportDump1.consumerIds, [audioConsumer.id], "transport dump consumerIds")

            let onObserverNewConsumer2 = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewConsumer) { event in
                if case .newConsumer(let consumer) = event { onObserverNewConsumer2.record(ObjectIdentifier(consumer)) }
            }

            try expectEqual(
                ctx.router.canConsume(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities),
                true, "canConsume(videoProducer)")

            // Pause videoProducer.
            try await ctx.videoProducer.pause()

            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(
                    producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities, paused: true,
                    preferredLayers: ConsumerLayers(spatialLayer: 12, temporalLayer: 0), appData: ["baz": "LOL"]))

            try expectEqual(onObserverNewConsumer2.count, 1, "observer newconsumer calls (video)")
            try expectEqual(
                onObserverNewConsumer2.values, [ObjectIdentifier(videoConsumer)],
                "observer newconsumer argument (video)")
            try expectEqual(videoConsumer.producerId, ctx.videoProducer.id, "videoConsumer.producerId")
            try expectEqual(videoConsumer.closed, false, "videoConsumer.closed")
            try expectEqual(videoConsumer.kind, .video, "videoConsumer.kind")
            try expectEqual(videoConsumer.rtpParameters.mid, "1", "videoConsumer.rtpParameters.mid")
            try expectEqual(videoConsumer.rtpParameters.codecs.count, 2, "videoConsumer.rtpParameters.codecs.length")
            try expectEqual(videoConsumer.rtpParameters.codecs[0], consumerH264Codec, "videoConsumer codecs[0]")
            try expectEqual(videoConsumer.rtpParameters.codecs[1], consumerRtxCodec, "videoConsumer codecs[1]")
            try expectEqual(videoConsumer.type, .simulcast, "videoConsumer.type")
            try expectEqual(videoConsumer.paused, true, "videoConsumer.paused")
            try expectEqual(videoConsumer.producerPaused, true, "videoConsumer.producerPaused")
            try expectEqual(videoConsumer.priority, 1, "videoConsumer.priority")
            try expectEqual(
                videoConsumer.score, ConsumerScore(score: 10, producerScore: 0, producerScores: [0, 0, 0, 0]),
                "videoConsumer.score")
            try expectEqual(
                videoConsumer.preferredLayers, ConsumerLayers(spatialLayer: 3, temporalLayer: 0),
                "videoConsumer.preferredLayers")
            try expectEqual(videoConsumer.currentLayers, nil, "videoConsumer.currentLayers")
            try expectEqual(videoConsumer.appData, ["baz": "LOL"], "videoConsumer.appData")

            let onObserverNewConsumer3 = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewConsumer) { event in
                if case .newConsumer(let consumer) = event { onObserverNewConsumer3.record(ObjectIdentifier(consumer)) }
            }

            try expectEqual(
                ctx.router.canConsume(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities),
                true, "canConsume(videoProducer) for the pipe consumer")

            let videoPipeConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(
                    producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities, pipe: true))

            try expectEqual(onObserverNewConsumer3.count, 1, "observer newconsumer calls (pipe)")
            try expectEqual(
                onObserverNewConsumer3.values, [ObjectIdentifier(videoPipeConsumer)],
                "observer newconsumer argument (pipe)")
            try expectEqual(videoPipeConsumer.producerId, ctx.videoProducer.id, "videoPipeConsumer.producerId")
            try expectEqual(videoPipeConsumer.closed, false, "videoPipeConsumer.closed")
            try expectEqual(videoPipeConsumer.kind, .video, "videoPipeConsumer.kind")
            try expectEqual(videoPipeConsumer.rtpParameters.mid, nil, "videoPipeConsumer.rtpParameters.mid")
            try expectEqual(
                videoPipeConsumer.rtpParameters.codecs.count, 2, "videoPipeConsumer.rtpParameters.codecs.length")
            try expectEqual(videoPipeConsumer.rtpParameters.codecs[0], consumerH264Codec, "videoPipeConsumer codecs[0]")
            try expectEqual(videoPipeConsumer.rtpParameters.codecs[1], consumerRtxCodec, "videoPipeConsumer codecs[1]")
            try expectEqual(videoPipeConsumer.type, .pipe, "videoPipeConsumer.type")
            try expectEqual(videoPipeConsumer.paused, false, "videoPipeConsumer.paused")
            try expectEqual(videoPipeConsumer.producerPaused, true, "videoPipeConsumer.producerPaused")
            try expectEqual(videoPipeConsumer.priority, 1, "videoPipeConsumer.priority")
            try expectEqual(
                videoPipeConsumer.score, ConsumerScore(score: 10, producerScore: 10, producerScores: [0, 0, 0, 0]),
                "videoPipeConsumer.score")
            try expectEqual(videoPipeConsumer.preferredLayers, nil, "videoPipeConsumer.preferredLayers")
            try expectEqual(videoPipeConsumer.currentLayers, nil, "videoPipeConsumer.currentLayers")
            try expectEqual(videoPipeConsumer.appData, [:], "videoPipeConsumer.appData")

            let dump2 = try await ctx.router.dump()
            // arrayContaining: each expected entry is in the map (values order-free for the video producer).
            try expect(
                dump2.mapProducerIdConsumerIds.contains(
                    KeyValues(key: ctx.audioProducer.id, values: [audioConsumer.id])),
                "router dump mapProducerIdConsumerIds contains {audioProducer: [audioConsumer]}")
            let videoEntry = try expectNotNil(
                dump2.mapProducerIdConsumerIds.first { $0.key == ctx.videoProducer.id },
                "router dump mapProducerIdConsumerIds entry of videoProducer")
            try expect(
                Set(videoEntry.values).isSuperset(of: [videoConsumer.id, videoPipeConsumer.id]),
                "videoProducer entry contains videoConsumer and videoPipeConsumer")
            for entry in [
                KeyValue(key: audioConsumer.id, value: ctx.audioProducer.id),
                KeyValue(key: videoConsumer.id, value: ctx.videoProducer.id),
                KeyValue(key: videoPipeConsumer.id, value: ctx.videoProducer.id),
            ] {
                try expect(
                    dump2.mapConsumerIdProducerId.contains(entry),
                    "router dump mapConsumerIdProducerId contains \(entry)")
            }

            let transportDump2 = try await ctx.webRtcTransport2.dump()
            try expectEqual(transportDump2.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump2.producerIds, [], "transport dump producerIds")
            try expect(
                Set(transportDump2.consumerIds).isSuperset(of: [
                    audioConsumer.id, videoConsumer.id, videoPipeConsumer.id,
                ]),
                "transport dump consumerIds contains the three consumers")
        },

        AcceptanceCase(suite, "transport.consume() with enableRtx succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer2 = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(
                    producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities, enableRtx: true))

            try expectEqual(audioConsumer2.kind, .audio, "audioConsumer2.kind")
            try expectEqual(audioConsumer2.rtpParameters.codecs.count, 1, "audioConsumer2.rtpParameters.codecs.length")
            try expectEqual(
                audioConsumer2.rtpParameters.codecs[0],
                RtpCodecParameters(
                    mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2,
                    parameters: ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"],
                    rtcpFeedback: [RtcpFeedback(type: "nack", parameter: "")]),
                "audioConsumer2.rtpParameters.codecs[0]")
        },

        AcceptanceCase(suite, "transport.consume() can be created with user provided mid", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let audioConsumer1 = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            let mid1 = try expectNotNil(audioConsumer1.rtpParameters.mid, "audioConsumer1.rtpParameters.mid")
            try expect(startsWithDigits(mid1), "audioConsumer1 mid \(mid1) matches /^[0-9]+/")

            let audioConsumer2 = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(
                    producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities, mid: "custom-mid"))

            try expectEqual(audioConsumer2.rtpParameters.mid, "custom-mid", "audioConsumer2.rtpParameters.mid")

            let audioConsumer3 = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            let mid3 = try expectNotNil(audioConsumer3.rtpParameters.mid, "audioConsumer3.rtpParameters.mid")
            try expect(startsWithDigits(mid3), "audioConsumer3 mid \(mid3) matches /^[0-9]+/")
            try expectEqual(Int(mid1).map { $0 + 1 }, Int(mid3), "Number(mid1) + 1 == Number(mid3)")
        },

        AcceptanceCase(
            suite, "transport.consume() with incompatible rtpCapabilities rejects with UnsupportedError",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            var invalidDeviceCapabilities = RtpCapabilities(
                codecs: [
                    RtpCodecCapability(
                        kind: .audio, mimeType: "audio/ISAC", preferredPayloadType: 100, clockRate: 32000, channels: 1)
                ],
                headerExtensions: [])

            try expectEqual(
                ctx.router.canConsume(producerId: ctx.audioProducer.id, rtpCapabilities: invalidDeviceCapabilities),
                false, "canConsume with ISAC capabilities")

            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport2.consume(
                    ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: invalidDeviceCapabilities))
            }

            invalidDeviceCapabilities = RtpCapabilities(codecs: [], headerExtensions: [])

            try expectEqual(
                ctx.router.canConsume(producerId: ctx.audioProducer.id, rtpCapabilities: invalidDeviceCapabilities),
                false, "canConsume with empty capabilities")

            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport2.consume(
                    ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: invalidDeviceCapabilities))
            }
        },

        AcceptanceCase(suite, "consumer.dump() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let dump1 = try await audioConsumer.dump()

            try expectEqual(dump1.id, audioConsumer.id, "dump1.id")
            try expectEqual(dump1.producerId, audioConsumer.producerId, "dump1.producerId")
            try expectEqual(dump1.kind, audioConsumer.kind, "dump1.kind")
            try expectEqual(dump1.rtpParameters.codecs.count, 1, "dump1.rtpParameters.codecs.length")
            let audioCodec = dump1.rtpParameters.codecs[0]
            try expectEqual(audioCodec.mimeType, "audio/opus", "dump1 codecs[0].mimeType")
            try expectEqual(audioCodec.payloadType, 100, "dump1 codecs[0].payloadType")
            try expectEqual(audioCodec.clockRate, 48000, "dump1 codecs[0].clockRate")
            try expectEqual(audioCodec.channels, 2, "dump1 codecs[0].channels")
            try expectEqual(
                audioCodec.parameters, ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"],
                "dump1 codecs[0].parameters")
            try expectEqual(audioCodec.rtcpFeedback, [], "dump1 codecs[0].rtcpFeedback")
            try expectEqual(
                dump1.rtpParameters.headerExtensions?.count, 3, "dump1.rtpParameters.headerExtensions.length")
            try expectEqual(
                dump1.rtpParameters.headerExtensions,
                [
                    RtpHeaderExtensionParameters(uri: .mid, id: 1, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(uri: .absSendTime, id: 4, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(uri: .audioLevel, id: 10, encrypt: false, parameters: [:]),
                ], "dump1.rtpParameters.headerExtensions")
            let dump1Encodings = dump1.rtpParameters.encodings ?? []
            try expectEqual(dump1Encodings.count, 1, "dump1.rtpParameters.encodings.length")
            try expectEqual(dump1Encodings[0].codecPayloadType, 100, "dump1 encodings[0].codecPayloadType")
            try expectEqual(
                dump1Encodings[0].ssrc, audioConsumer.rtpParameters.encodings?.first?.ssrc, "dump1 encodings[0].ssrc")
            try expectEqual(dump1.type, .simple, "dump1.type")
            let dump1Consumable = dump1.consumableRtpEncodings ?? []
            try expectEqual(dump1Consumable.count, 1, "dump1.consumableRtpEncodings.length")
            try expectEqual(
                dump1Consumable[0].ssrc, ctx.audioProducer.consumableRtpParameters.encodings?.first?.ssrc,
                "dump1.consumableRtpEncodings[0].ssrc")
            try expectEqual(dump1.supportedCodecPayloadTypes, [100], "dump1.supportedCodecPayloadTypes")
            try expectEqual(dump1.paused, false, "dump1.paused")
            try expectEqual(dump1.producerPaused, false, "dump1.producerPaused")
            try expectEqual(dump1.priority, 1, "dump1.priority")

            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(
                    producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities, paused: true))
            let dump2 = try await videoConsumer.dump()

            try expectEqual(dump2.id, videoConsumer.id, "dump2.id")
            try expectEqual(dump2.producerId, videoConsumer.producerId, "dump2.producerId")
            try expectEqual(dump2.kind, videoConsumer.kind, "dump2.kind")
            try expectEqual(dump2.rtpParameters.codecs.count, 2, "dump2.rtpParameters.codecs.length")
            let videoCodec = dump2.rtpParameters.codecs[0]
            try expectEqual(videoCodec.mimeType, "video/H264", "dump2 codecs[0].mimeType")
            try expectEqual(videoCodec.payloadType, 103, "dump2 codecs[0].payloadType")
            try expectEqual(videoCodec.clockRate, 90000, "dump2 codecs[0].clockRate")
            try expectEqual(videoCodec.channels, nil, "dump2 codecs[0].channels")
            try expectEqual(
                videoCodec.parameters, ["packetization-mode": 1, "profile-level-id": "4d0032"],
                "dump2 codecs[0].parameters")
            try expectEqual(
                videoCodec.rtcpFeedback,
                [
                    RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli"),
                    RtcpFeedback(type: "ccm", parameter: "fir"), RtcpFeedback(type: "goog-remb"),
                ], "dump2 codecs[0].rtcpFeedback")
            try expectEqual(
                dump2.rtpParameters.headerExtensions?.count, 4, "dump2.rtpParameters.headerExtensions.length")
            try expectEqual(
                dump2.rtpParameters.headerExtensions,
                [
                    RtpHeaderExtensionParameters(uri: .mid, id: 1, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(uri: .absSendTime, id: 4, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(uri: .videoOrientation, id: 11, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(uri: .toffset, id: 12, encrypt: false, parameters: [:]),
                ], "dump2.rtpParameters.headerExtensions")
            let dump2Encodings = dump2.rtpParameters.encodings ?? []
            try expectEqual(dump2Encodings.count, 1, "dump2.rtpParameters.encodings.length")
            // toMatchObject: the fields the original names.
            let videoEncoding = videoConsumer.rtpParameters.encodings?.first
            try expectEqual(dump2Encodings[0].codecPayloadType, 103, "dump2 encodings[0].codecPayloadType")
            try expectEqual(dump2Encodings[0].ssrc, videoEncoding?.ssrc, "dump2 encodings[0].ssrc")
            try expectEqual(dump2Encodings[0].rtx?.ssrc, videoEncoding?.rtx?.ssrc, "dump2 encodings[0].rtx.ssrc")
            try expectEqual(dump2Encodings[0].scalabilityMode, "L4T5", "dump2 encodings[0].scalabilityMode")
            let dump2Consumable = dump2.consumableRtpEncodings ?? []
            try expectEqual(dump2Consumable.count, 4, "dump2.consumableRtpEncodings.length")
            let producerEncodings = ctx.videoProducer.consumableRtpParameters.encodings ?? []
            try expectEqual(producerEncodings.count, 4, "videoProducer.consumableRtpParameters.encodings.length")
            for index in 0..<4 {
                try expectEqual(
                    dump2Consumable[index].ssrc, producerEncodings[index].ssrc,
                    "dump2.consumableRtpEncodings[\(index)].ssrc")
                try expectEqual(
                    dump2Consumable[index].scalabilityMode, "L1T5",
                    "dump2.consumableRtpEncodings[\(index)].scalabilityMode")
            }
            try expectEqual(dump2.supportedCodecPayloadTypes, [103], "dump2.supportedCodecPayloadTypes")
            try expectEqual(dump2.paused, true, "dump2.paused")
            try expectEqual(dump2.producerPaused, false, "dump2.producerPaused")
            try expectEqual(dump2.priority, 1, "dump2.priority")
        },

        AcceptanceCase(suite, "consumer.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            let audioStats = try await audioConsumer.getStats()
            try expectEqual(audioStats.count, 1, "audioConsumer stats length")
            try expectEqual(audioStats[0].type, "outbound-rtp", "audio stats[0].type")
            try expectEqual(audioStats[0].kind, .audio, "audio stats[0].kind")
            try expectEqual(audioStats[0].mimeType, "audio/opus", "audio stats[0].mimeType")
            try expectEqual(
                audioStats[0].ssrc, audioConsumer.rtpParameters.encodings?.first?.ssrc, "audio stats[0].ssrc")

            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            let videoStats = try await videoConsumer.getStats()
            try expectEqual(videoStats.count, 1, "videoConsumer stats length")
            try expectEqual(videoStats[0].type, "outbound-rtp", "video stats[0].type")
            try expectEqual(videoStats[0].kind, .video, "video stats[0].kind")
            try expectEqual(videoStats[0].mimeType, "video/H264", "video stats[0].mimeType")
            try expectEqual(
                videoStats[0].ssrc, videoConsumer.rtpParameters.encodings?.first?.ssrc, "video stats[0].ssrc")
        },

        AcceptanceCase(suite, "consumer.pause() and resume() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let onObserverPause = CallRecorder<Void>()
            let onObserverResume = CallRecorder<Void>()

            audioConsumer.observer.on { event in
                if case .pause = event { onObserverPause.record() }
            }
            audioConsumer.observer.on { event in
                if case .resume = event { onObserverResume.record() }
            }

            try await audioConsumer.pause()
            try expectEqual(audioConsumer.paused, true, "audioConsumer.paused after pause()")
            try expectEqual(try await audioConsumer.dump().paused, true, "dump paused after pause()")

            try await audioConsumer.resume()
            try expectEqual(audioConsumer.paused, false, "audioConsumer.paused after resume()")
            try expectEqual(try await audioConsumer.dump().paused, false, "dump paused after resume()")

            // Even if we don't await for pause()/resume() completion, the observer must
            // fire 'pause' and 'resume' events if state was the opposite.
            let unawaited = [
                startNow { try await audioConsumer.pause() },
                startNow { try await audioConsumer.resume() },
                startNow { try await audioConsumer.pause() },
                startNow { try await audioConsumer.pause() },
                startNow { try await audioConsumer.pause() },
            ]
            try await audioConsumer.resume()

            try expectEqual(onObserverPause.count, 3, "observer pause calls")
            try expectEqual(onObserverResume.count, 3, "observer resume calls")
            for task in unawaited { try await task.value }
        },

        AcceptanceCase(suite, "producer.pause() and resume() emit events", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let events = CallRecorder<String>()

            audioConsumer.observer.once(where: { if case .resume = $0 { true } else { false } }) { _ in
                events.record("resume")
            }
            audioConsumer.observer.once(where: { if case .pause = $0 { true } else { false } }) { _ in
                events.record("pause")
            }

            let promises = [
                startNow { try await ctx.audioProducer.pause() },
                startNow { try await ctx.audioProducer.resume() },
            ]
            for promise in promises { try await promise.value }

            // Must also wait a bit for the corresponding events in the consumer.
            try await Task.sleep(for: .milliseconds(100))

            try expectEqual(events.values, ["pause", "resume"], "observer events")
            try expectEqual(audioConsumer.paused, false, "audioConsumer.paused")
        },

        AcceptanceCase(suite, "consumer.setPreferredLayers() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try await audioConsumer.setPreferredLayers(ConsumerLayers(spatialLayer: 1, temporalLayer: 1))
            try expectEqual(audioConsumer.preferredLayers, nil, "audioConsumer.preferredLayers")

            try await videoConsumer.setPreferredLayers(ConsumerLayers(spatialLayer: 2, temporalLayer: 3))
            try expectEqual(
                videoConsumer.preferredLayers, ConsumerLayers(spatialLayer: 2, temporalLayer: 3),
                "preferredLayers after {2, 3}")

            try await videoConsumer.setPreferredLayers(ConsumerLayers(spatialLayer: 3))
            try expectEqual(
                videoConsumer.preferredLayers, ConsumerLayers(spatialLayer: 3, temporalLayer: 4),
                "preferredLayers after {3}")

            try await videoConsumer.setPreferredLayers(ConsumerLayers(spatialLayer: 3, temporalLayer: 0))
            try expectEqual(
                videoConsumer.preferredLayers, ConsumerLayers(spatialLayer: 3, temporalLayer: 0),
                "preferredLayers after {3, 0}")

            try await videoConsumer.setPreferredLayers(ConsumerLayers(spatialLayer: 66, temporalLayer: 66))
            try expectEqual(
                videoConsumer.preferredLayers, ConsumerLayers(spatialLayer: 3, temporalLayer: 4),
                "preferredLayers after {66, 66}")
        },

        AcceptanceCase(
            suite, "consumer.setPreferredLayers() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            // `{}`, `{ foo: '123' }`, `'foo'` and `{ temporalLayer: 2 }` (missing spatialLayer)
            // are refused at compile time by `ConsumerLayers`; as JSON:
            try await expectThrows(TypeError.self) { _ = try ConsumerLayers(json: "{}") }
            try await expectThrows(TypeError.self) { _ = try ConsumerLayers(json: #"{"foo":"123"}"#) }
            try await expectThrows(TypeError.self) { _ = try ConsumerLayers(json: #""foo""#) }
            try await expectThrows(TypeError.self) { _ = try ConsumerLayers(json: #"{"temporalLayer":2}"#) }
        },

        AcceptanceCase(suite, "consumer.setPriority() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try await videoConsumer.setPriority(2)
            try expectEqual(videoConsumer.priority, 2, "videoConsumer.priority")
        },

        AcceptanceCase(
            suite, "consumer.setPriority() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            // `setPriority()` and `setPriority('foo')` are refused at compile time by `Int`; as JSON:
            try await expectThrows(TypeError.self) { _ = try Int(json: "null") }

            try await expectThrows(TypeError.self) { try await videoConsumer.setPriority(0) }

            try await expectThrows(TypeError.self) { _ = try Int(json: #""foo""#) }
        },

        AcceptanceCase(suite, "consumer.unsetPriority() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try await videoConsumer.unsetPriority()
            try expectEqual(videoConsumer.priority, 1, "videoConsumer.priority")
        },

        AcceptanceCase(suite, "consumer.enableTraceEvent() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try await audioConsumer.enableTraceEvent([.rtp, .pli])
            let dump1 = try await audioConsumer.dump()
            try expectEqual(Set(dump1.traceEventTypes), ["rtp", "pli"], "dump1.traceEventTypes")

            try await audioConsumer.enableTraceEvent([])
            let dump2 = try await audioConsumer.dump()
            try expectEqual(dump2.traceEventTypes, [], "dump2.traceEventTypes")

            // `['nack', 'FOO', 'fir']`: 'FOO' is refused at compile time, so the port gives the valid ones.
            try await audioConsumer.enableTraceEvent([.nack, .fir])
            let dump3 = try await audioConsumer.dump()
            try expectEqual(Set(dump3.traceEventTypes), ["nack", "fir"], "dump3.traceEventTypes")

            // `enableTraceEvent()` with no argument means `[]`.
            try await audioConsumer.enableTraceEvent([])
            let dump4 = try await audioConsumer.dump()
            try expectEqual(dump4.traceEventTypes, [], "dump4.traceEventTypes")
        },

        AcceptanceCase(
            suite, "consumer.enableTraceEvent() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            // `enableTraceEvent(123)`, `enableTraceEvent('rtp')` and `enableTraceEvent(['fir', 123.123])`
            // are refused at compile time by `[ConsumerTraceEventType]`; as JSON:
            try await expectThrows(TypeError.self) { _ = try [ConsumerTraceEventType](json: "123") }
            try await expectThrows(TypeError.self) { _ = try [ConsumerTraceEventType](json: #""rtp""#) }
            try await expectThrows(TypeError.self) { _ = try [ConsumerTraceEventType](json: #"["fir",123.123]"#) }
        },

        AcceptanceCase(suite, "Consumer emits \"producerpause\" and \"producerresume\"", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            let pauseEvents = audioConsumer.events.stream()
            // Let's await for pause() to resolve to avoid aborted channel requests
            // due to worker closure.
            try await ctx.audioProducer.pause()
            try expect(
                await firstEvent(
                    in: pauseEvents, within: .seconds(1.5), where: { if case .producerPause = $0 { true } else { false } }),
                "audioConsumer emitted producerpause")

            try expectEqual(audioConsumer.paused, false, "audioConsumer.paused after producer pause")
            try expectEqual(audioConsumer.producerPaused, true, "audioConsumer.producerPaused after producer pause")

            let resumeEvents = audioConsumer.events.stream()
            try await ctx.audioProducer.resume()
            try expect(
                await firstEvent(
                    in: resumeEvents, within: .seconds(1.5), where: { if case .producerResume = $0 { true } else { false } }),
                "audioConsumer emitted producerresume")

            try expectEqual(audioConsumer.paused, false, "audioConsumer.paused after producer resume")
            try expectEqual(audioConsumer.producerPaused, false, "audioConsumer.producerPaused after producer resume")
        },

        AcceptanceCase(suite, "Consumer emits \"score\"", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            // Private API: mediasoup's `channelForTesting`.
            let hook = try context.notificationHook(of: audioConsumer)
            let onScore = CallRecorder<ConsumerScore>()

            audioConsumer.events.on { event in
                if case .score(let score) = event { onScore.record(score) }
            }

            // Simulate a 'score' notification coming through the channel.
            let notification = EngineNotification.consumerScore(
                ConsumerScore(score: 9, producerScore: 10, producerScores: [8]))

            try await hook.injectNotificationForTesting(notification)
            try await hook.injectNotificationForTesting(notification)
            try await hook.injectNotificationForTesting(notification)

            try expectEqual(onScore.count, 3, "score events")
            try expectEqual(
                audioConsumer.score, ConsumerScore(score: 9, producerScore: 10, producerScores: [8]),
                "audioConsumer.score")
        },

        AcceptanceCase(suite, "consumer.close() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let onObserverClose = CallRecorder<Void>()

            audioConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }
            audioConsumer.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(audioConsumer.closed, true, "audioConsumer.closed")

            let routerDump = try await ctx.router.dump()
            for entry in [
                KeyValues(key: ctx.audioProducer.id, values: []),
                KeyValues(key: ctx.videoProducer.id, values: [videoConsumer.id]),
            ] {
                try expect(
                    routerDump.mapProducerIdConsumerIds.contains(entry),
                    "router dump mapProducerIdConsumerIds contains \(entry)")
            }
            try expectEqual(
                routerDump.mapConsumerIdProducerId, [KeyValue(key: videoConsumer.id, value: ctx.videoProducer.id)],
                "router dump mapConsumerIdProducerId")

            let transportDump = try await ctx.webRtcTransport2.dump()
            try expectEqual(transportDump.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump.producerIds, [], "transport dump producerIds")
            try expectEqual(transportDump.consumerIds, [videoConsumer.id], "transport dump consumerIds")
        },

        AcceptanceCase(suite, "Consumer methods reject if closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            audioConsumer.close()

            try await expectThrows(MediasoupError.self) { _ = try await audioConsumer.dump() }
            try await expectThrows(MediasoupError.self) { _ = try await audioConsumer.getStats() }
            try await expectThrows(MediasoupError.self) { try await audioConsumer.pause() }
            try await expectThrows(MediasoupError.self) { try await audioConsumer.resume() }
            // `setPreferredLayers({})` is refused at compile time; valid layers must fail too.
            try await expectThrows(MediasoupError.self) {
                try await audioConsumer.setPreferredLayers(ConsumerLayers(spatialLayer: 0))
            }
            try await expectThrows(MediasoupError.self) { try await audioConsumer.setPriority(2) }
            try await expectThrows(MediasoupError.self) { try await audioConsumer.requestKeyFrame() }
        },

        AcceptanceCase(suite, "Consumer emits \"producerclose\" if Producer is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let audioConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let onObserverClose = CallRecorder<Void>()

            audioConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }

            let events = audioConsumer.events.stream()
            let observerEvents = audioConsumer.observer.stream()

            ctx.audioProducer.close()
            try expect(
                await firstEvent(in: events, where: { if case .producerClose = $0 { true } else { false } }),
                "audioConsumer emitted producerclose")
            // The worker's notification is handled on the channel's thread, which emits
            // `producerclose` then observer `close` in one go; JavaScript checks after
            // that whole emission, so wait for its end before counting.
            _ = await firstEvent(in: observerEvents, where: { if case .close = $0 { true } else { false } })

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(audioConsumer.closed, true, "audioConsumer.closed")
        },

        AcceptanceCase(suite, "Consumer emits \"transportclose\" if Transport is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let videoConsumer = try await ctx.webRtcTransport2.consume(
                ConsumerOptions(producerId: ctx.videoProducer.id, rtpCapabilities: consumerDeviceCapabilities))
            let onObserverClose = CallRecorder<Void>()

            videoConsumer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }

            let events = videoConsumer.events.stream()

            ctx.webRtcTransport2.close()
            try expect(
                await firstEvent(in: events, where: { if case .transportClose = $0 { true } else { false } }),
                "videoConsumer emitted transportclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(videoConsumer.closed, true, "videoConsumer.closed")

            let routerDump = try await ctx.router.dump()
            for entry in [
                KeyValues<String, String>(key: ctx.audioProducer.id, values: []),
                KeyValues<String, String>(key: ctx.videoProducer.id, values: []),
            ] {
                try expect(
                    routerDump.mapProducerIdConsumerIds.contains(entry),
                    "router dump mapProducerIdConsumerIds contains \(entry)")
            }
            try expectEqual(routerDump.mapConsumerIdProducerId, [], "router dump mapConsumerIdProducerId")
        },
    ]
}

/// `expect.stringMatching(/^[0-9]+/)`.
private func startsWithDigits(_ string: String) -> Bool {
    string.first.map { $0.isASCII && $0.isNumber } ?? false
}
