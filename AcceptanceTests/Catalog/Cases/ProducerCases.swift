import Mediasoup

/// Port of mediasoup's `test-Producer.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker, router and two WebRtcTransports (``fixture(_:)``); the worker is
/// closed after the case. Where the original passes a value the Swift types
/// cannot hold (`kind: 'chicken'`, `rtpParameters: {}`, `ssrc: '1111'`,
/// trace event types `123` or `'FOO'`), the call is refused at compile time;
/// the port checks instead that the same value given as JSON is refused with
/// ``TypeError``, as a client speaking JSON would see. `rejects.toThrow(Error)`
/// is ported as the kind mediasoup throws there.
enum ProducerCases {
    static let suite = "test-Producer"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2, parameters: ["foo": "111"]),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
        RtpCodecCapability(
            kind: .video, mimeType: "video/H264", clockRate: 90000,
            parameters: [
                "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032", "foo": "bar",
            ],
            rtcpFeedback: []),  // Will be ignored.
    ]

    static let audioProducerOptions = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            mid: "AUDIO",
            codecs: [
                RtpCodecParameters(
                    mimeType: "audio/opus", payloadType: 0, clockRate: 48000, channels: 2,
                    parameters: ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"])
            ],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10),
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: 12),
            ],
            // Missing encodings on purpose.
            rtcp: RtcpParameters(cname: "audio-1")),
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
                        RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli"),
                        RtcpFeedback(type: "goog-remb"),
                    ]),
                RtpCodecParameters(mimeType: "video/rtx", payloadType: 113, clockRate: 90000, parameters: ["apt": 112]),
            ],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10),
                RtpHeaderExtensionParameters(uri: "urn:3gpp:video-orientation", id: 13),
            ],
            encodings: [
                RtpEncodingParameters(ssrc: 22_222_222, rtx: RtxParameters(ssrc: 22_222_223), scalabilityMode: "L1T3"),
                RtpEncodingParameters(ssrc: 22_222_224, rtx: RtxParameters(ssrc: 22_222_225)),
                RtpEncodingParameters(ssrc: 22_222_226, rtx: RtxParameters(ssrc: 22_222_227)),
                RtpEncodingParameters(ssrc: 22_222_228, rtx: RtxParameters(ssrc: 22_222_229)),
            ],
            rtcp: RtcpParameters(cname: "video-1")),
        appData: ["foo": 1, "bar": "2"])

    struct Fixture {
        let worker: any Worker
        let router: any Router
        let webRtcTransport1: any WebRtcTransport
        let webRtcTransport2: any WebRtcTransport
    }

    /// `beforeEach`: a worker (closed after the case), a router and two WebRtcTransports.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        let options = WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")])
        return Fixture(
            worker: worker, router: router, webRtcTransport1: try await router.createWebRtcTransport(options),
            webRtcTransport2: try await router.createWebRtcTransport(options))
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "webRtcTransport1.produce() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewProducer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport1.observer.once(where: isNewProducer) { event in
                if case .newProducer(let producer) = event { onObserverNewProducer.record(ObjectIdentifier(producer)) }
            }

            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)

            try expectEqual(onObserverNewProducer.count, 1, "observer newproducer calls")
            try expectEqual(
                onObserverNewProducer.values, [ObjectIdentifier(audioProducer)], "observer newproducer argument")
            // `typeof audioProducer.id === 'string'`, `typeof rtpParameters === 'object'` and
            // `typeof consumableRtpParameters === 'object'` hold by the Swift types.
            try expectEqual(audioProducer.closed, false, "audioProducer.closed")
            try expectEqual(audioProducer.kind, .audio, "audioProducer.kind")
            try expectEqual(audioProducer.type, .simple, "audioProducer.type")
            try expectEqual(audioProducer.paused, false, "audioProducer.paused")
            try expectEqual(audioProducer.score, [], "audioProducer.score")
            try expectEqual(audioProducer.appData, ["foo": 1, "bar": "2"], "audioProducer.appData")

            let routerDump = try await ctx.router.dump()
            try expectEqual(
                routerDump.mapProducerIdConsumerIds, [KeyValues(key: audioProducer.id, values: [])],
                "router dump mapProducerIdConsumerIds")
            try expectEqual(routerDump.mapConsumerIdProducerId, [], "router dump mapConsumerIdProducerId")

            let transportDump = try await ctx.webRtcTransport1.dump()
            try expectEqual(transportDump.id, ctx.webRtcTransport1.id, "transport dump id")
            try expectEqual(transportDump.producerIds, [audioProducer.id], "transport dump producerIds")
            try expectEqual(transportDump.consumerIds, [], "transport dump consumerIds")
        },

        AcceptanceCase(suite, "webRtcTransport2.produce() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let onObserverNewProducer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport2.observer.once(where: isNewProducer) { event in
                if case .newProducer(let producer) = event { onObserverNewProducer.record(ObjectIdentifier(producer)) }
            }

            let videoProducer = try await ctx.webRtcTransport2.produce(videoProducerOptions)

            try expectEqual(onObserverNewProducer.count, 1, "observer newproducer calls")
            try expectEqual(
                onObserverNewProducer.values, [ObjectIdentifier(videoProducer)], "observer newproducer argument")
            try expectEqual(videoProducer.closed, false, "videoProducer.closed")
            try expectEqual(videoProducer.kind, .video, "videoProducer.kind")
            try expectEqual(videoProducer.type, .simulcast, "videoProducer.type")
            try expectEqual(videoProducer.paused, false, "videoProducer.paused")
            try expectEqual(videoProducer.score, [], "videoProducer.score")
            try expectEqual(videoProducer.appData, ["foo": 1, "bar": "2"], "videoProducer.appData")

            let dump = try await ctx.router.dump()

            try expect(
                dump.mapProducerIdConsumerIds.contains(KeyValues(key: videoProducer.id, values: [])),
                "router dump mapProducerIdConsumerIds contains {key: videoProducer.id, values: []}")
            try expectEqual(dump.mapConsumerIdProducerId.count, 0, "router dump mapConsumerIdProducerId.length")

            let transportDump = try await ctx.webRtcTransport2.dump()
            try expectEqual(transportDump.id, ctx.webRtcTransport2.id, "transport dump id")
            try expectEqual(transportDump.producerIds, [videoProducer.id], "transport dump producerIds")
            try expectEqual(transportDump.consumerIds, [], "transport dump consumerIds")
        },

        AcceptanceCase(
            suite, "webRtcTransport1.produce() without header extensions and rtcp succeeds", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let onObserverNewProducer = CallRecorder<ObjectIdentifier>()

            ctx.webRtcTransport1.observer.once(where: isNewProducer) { event in
                if case .newProducer(let producer) = event { onObserverNewProducer.record(ObjectIdentifier(producer)) }
            }

            let audioProducer = try await ctx.webRtcTransport1.produce(
                ProducerOptions(
                    kind: .audio,
                    rtpParameters: RtpParameters(
                        mid: "AUDIO2",
                        codecs: [
                            RtpCodecParameters(
                                mimeType: "audio/opus", payloadType: 0, clockRate: 48000, channels: 2,
                                parameters: ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"])
                        ]),
                    appData: ["foo": 1, "bar": "2"]))

            try expectEqual(onObserverNewProducer.count, 1, "observer newproducer calls")
            try expectEqual(
                onObserverNewProducer.values, [ObjectIdentifier(audioProducer)], "observer newproducer argument")
            try expectEqual(audioProducer.closed, false, "audioProducer.closed")
            try expectEqual(audioProducer.kind, .audio, "audioProducer.kind")
            try expectEqual(audioProducer.type, .simple, "audioProducer.type")
            try expectEqual(audioProducer.paused, false, "audioProducer.paused")
            try expectEqual(audioProducer.score, [], "audioProducer.score")
            try expectEqual(audioProducer.appData, ["foo": 1, "bar": "2"], "audioProducer.appData")

            audioProducer.close()
        },

        AcceptanceCase(
            suite, "webRtcTransport1.produce() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            // `kind: 'chicken', rtpParameters: {}` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try ProducerOptions(json: #"{"kind":"chicken","rtpParameters":{}}"#)
            }

            // `rtpParameters: {}` (no codecs) is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try ProducerOptions(json: #"{"kind":"audio","rtpParameters":{}}"#)
            }

            // Invalid ssrc: `ssrc: '1111'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try ProducerOptions(
                    json: #"""
                        {"kind":"audio","rtpParameters":{"codecs":[],"headerExtensions":[],
                        "encodings":[{"ssrc":"1111"}],"rtcp":{"cname":"qwerty"}}}
                        """#)
            }

            // Missing or empty rtpParameters.encodings.
            try await expectThrows(TypeError.self) {
                _ = try await ctx.webRtcTransport1.produce(
                    ProducerOptions(
                        kind: .video,
                        rtpParameters: RtpParameters(
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "video/h264", payloadType: 112, clockRate: 90000,
                                    parameters: ["packetization-mode": 1, "profile-level-id": "4d0032"]),
                                RtpCodecParameters(
                                    mimeType: "video/rtx", payloadType: 113, clockRate: 90000,
                                    parameters: ["apt": 112]),
                            ],
                            headerExtensions: [],
                            encodings: [],
                            rtcp: RtcpParameters(cname: "qwerty"))))
            }

            // Wrong apt in RTX codec.
            try await expectThrows(TypeError.self) {
                _ = try await ctx.webRtcTransport1.produce(
                    ProducerOptions(
                        kind: .audio,
                        rtpParameters: RtpParameters(
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "video/h264", payloadType: 112, clockRate: 90000,
                                    parameters: ["packetization-mode": 1, "profile-level-id": "4d0032"]),
                                RtpCodecParameters(
                                    mimeType: "video/rtx", payloadType: 113, clockRate: 90000,
                                    parameters: ["apt": 111]),
                            ],
                            headerExtensions: [],
                            encodings: [RtpEncodingParameters(ssrc: 6666, rtx: RtxParameters(ssrc: 6667))],
                            rtcp: RtcpParameters(cname: "video-1"))))
            }
        },

        AcceptanceCase(
            suite, "webRtcTransport1.produce() with unsupported codecs rejects with UnsupportedError",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport1.produce(
                    ProducerOptions(
                        kind: .audio,
                        rtpParameters: RtpParameters(
                            codecs: [RtpCodecParameters(mimeType: "audio/ISAC", payloadType: 108, clockRate: 32000)],
                            headerExtensions: [],
                            encodings: [RtpEncodingParameters(ssrc: 1111)],
                            rtcp: RtcpParameters(cname: "audio"))))
            }

            // Invalid H264 profile-level-id.
            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport1.produce(
                    ProducerOptions(
                        kind: .video,
                        rtpParameters: RtpParameters(
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "video/h264", payloadType: 112, clockRate: 90000,
                                    parameters: ["packetization-mode": 1, "profile-level-id": "CHICKEN"]),
                                RtpCodecParameters(
                                    mimeType: "video/rtx", payloadType: 113, clockRate: 90000,
                                    parameters: ["apt": 112]),
                            ],
                            headerExtensions: [],
                            encodings: [RtpEncodingParameters(ssrc: 6666, rtx: RtxParameters(ssrc: 6667))])))
            }
        },

        AcceptanceCase(
            suite, "transport.produce() with already used MID or SSRC rejects with Error", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let audioProducerOptions = ProducerOptions(
                kind: .audio,
                rtpParameters: RtpParameters(
                    mid: "AUDIO",
                    codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 0, clockRate: 48000, channels: 2)],
                    encodings: [RtpEncodingParameters(ssrc: 33_333_333)]))

            let videoProducerOptions = ProducerOptions(
                kind: .video,
                rtpParameters: RtpParameters(
                    mid: "VIDEO2",
                    codecs: [
                        RtpCodecParameters(
                            mimeType: "video/h264", payloadType: 112, clockRate: 90000,
                            parameters: ["packetization-mode": 1, "profile-level-id": "4d0032"])
                    ],
                    headerExtensions: [
                        RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10)
                    ],
                    encodings: [RtpEncodingParameters(ssrc: 22_222_222)],
                    rtcp: RtcpParameters(cname: "video-1")))

            _ = try await ctx.webRtcTransport1.produce(audioProducerOptions)

            try await expectThrows(MediasoupError.self) {
                _ = try await ctx.webRtcTransport1.produce(audioProducerOptions)
            }

            _ = try await ctx.webRtcTransport2.produce(videoProducerOptions)

            try await expectThrows(MediasoupError.self) {
                _ = try await ctx.webRtcTransport2.produce(videoProducerOptions)
            }
        },

        AcceptanceCase(
            suite, "transport.produce() with no MID and with single encoding without RID or SSRC rejects with Error",
            timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            // mediasoup's worker refuses it with a TypeError (any Error passes the original).
            try await expectThrows(TypeError.self) {
                _ = try await ctx.webRtcTransport1.produce(
                    ProducerOptions(
                        kind: .audio,
                        rtpParameters: RtpParameters(
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)
                            ],
                            encodings: [RtpEncodingParameters()])))
            }
        },

        AcceptanceCase(suite, "producer.dump() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)

            let dump1 = try await audioProducer.dump()

            try expectEqual(dump1.id, audioProducer.id, "dump1.id")
            try expectEqual(dump1.kind, audioProducer.kind, "dump1.kind")
            try expectEqual(dump1.rtpParameters.codecs.count, 1, "dump1.rtpParameters.codecs.length")
            let audioCodec = dump1.rtpParameters.codecs[0]
            try expectEqual(audioCodec.mimeType, "audio/opus", "dump1 codecs[0].mimeType")
            try expectEqual(audioCodec.payloadType, 0, "dump1 codecs[0].payloadType")
            try expectEqual(audioCodec.clockRate, 48000, "dump1 codecs[0].clockRate")
            try expectEqual(audioCodec.channels, 2, "dump1 codecs[0].channels")
            try expectEqual(
                audioCodec.parameters, ["useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333"],
                "dump1 codecs[0].parameters")
            try expectEqual(audioCodec.rtcpFeedback, [], "dump1 codecs[0].rtcpFeedback")
            try expectEqual(
                dump1.rtpParameters.headerExtensions?.count, 2, "dump1.rtpParameters.headerExtensions.length")
            try expectEqual(
                dump1.rtpParameters.headerExtensions,
                [
                    RtpHeaderExtensionParameters(
                        uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(
                        uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: 12, encrypt: false, parameters: [:]),
                ], "dump1.rtpParameters.headerExtensions")
            try expectEqual(dump1.rtpParameters.encodings?.count, 1, "dump1.rtpParameters.encodings.length")
            try expectEqual(
                dump1.rtpParameters.encodings?.first?.codecPayloadType, 0, "dump1 encodings[0].codecPayloadType")
            try expectEqual(dump1.type, .simple, "dump1.type")

            let videoProducer = try await ctx.webRtcTransport2.produce(videoProducerOptions)

            let dump2 = try await videoProducer.dump()

            try expectEqual(dump2.id, videoProducer.id, "dump2.id")
            try expectEqual(dump2.kind, videoProducer.kind, "dump2.kind")
            try expectEqual(dump2.rtpParameters.codecs.count, 2, "dump2.rtpParameters.codecs.length")
            let videoCodec = dump2.rtpParameters.codecs[0]
            try expectEqual(videoCodec.mimeType, "video/H264", "dump2 codecs[0].mimeType")
            try expectEqual(videoCodec.payloadType, 112, "dump2 codecs[0].payloadType")
            try expectEqual(videoCodec.clockRate, 90000, "dump2 codecs[0].clockRate")
            try expectEqual(videoCodec.channels, nil, "dump2 codecs[0].channels")
            try expectEqual(
                videoCodec.parameters, ["packetization-mode": 1, "profile-level-id": "4d0032"],
                "dump2 codecs[0].parameters")
            try expectEqual(
                videoCodec.rtcpFeedback,
                [
                    RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli"),
                    RtcpFeedback(type: "goog-remb"),
                ],
                "dump2 codecs[0].rtcpFeedback")
            let rtxCodec = dump2.rtpParameters.codecs[1]
            try expectEqual(rtxCodec.mimeType, "video/rtx", "dump2 codecs[1].mimeType")
            try expectEqual(rtxCodec.payloadType, 113, "dump2 codecs[1].payloadType")
            try expectEqual(rtxCodec.clockRate, 90000, "dump2 codecs[1].clockRate")
            try expectEqual(rtxCodec.channels, nil, "dump2 codecs[1].channels")
            try expectEqual(rtxCodec.parameters, ["apt": 112], "dump2 codecs[1].parameters")
            try expectEqual(rtxCodec.rtcpFeedback, [], "dump2 codecs[1].rtcpFeedback")
            try expectEqual(
                dump2.rtpParameters.headerExtensions?.count, 2, "dump2.rtpParameters.headerExtensions.length")
            try expectEqual(
                dump2.rtpParameters.headerExtensions,
                [
                    RtpHeaderExtensionParameters(
                        uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10, encrypt: false, parameters: [:]),
                    RtpHeaderExtensionParameters(
                        uri: "urn:3gpp:video-orientation", id: 13, encrypt: false, parameters: [:]),
                ], "dump2.rtpParameters.headerExtensions")
            let encodings = dump2.rtpParameters.encodings ?? []
            try expectEqual(encodings.count, 4, "dump2.rtpParameters.encodings.length")
            // toMatchObject: the fields the original names.
            let expected: [(UInt32, UInt32, String?)] = [
                (22_222_222, 22_222_223, "L1T3"), (22_222_224, 22_222_225, nil), (22_222_226, 22_222_227, nil),
                (22_222_228, 22_222_229, nil),
            ]
            for (index, (ssrc, rtxSsrc, scalabilityMode)) in expected.enumerated() {
                try expectEqual(encodings[index].codecPayloadType, 112, "dump2 encodings[\(index)].codecPayloadType")
                try expectEqual(encodings[index].ssrc, ssrc, "dump2 encodings[\(index)].ssrc")
                try expectEqual(encodings[index].rtx, RtxParameters(ssrc: rtxSsrc), "dump2 encodings[\(index)].rtx")
                if let scalabilityMode {
                    try expectEqual(
                        encodings[index].scalabilityMode, scalabilityMode, "dump2 encodings[\(index)].scalabilityMode")
                }
            }
            try expectEqual(dump2.type, .simulcast, "dump2.type")
        },

        AcceptanceCase(suite, "producer.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)
            let videoProducer = try await ctx.webRtcTransport2.produce(videoProducerOptions)

            try expectEqual(try await audioProducer.getStats(), [], "audioProducer.getStats()")
            try expectEqual(try await videoProducer.getStats(), [], "videoProducer.getStats()")
        },

        AcceptanceCase(suite, "producer.pause() and resume() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)
            let onObserverPause = CallRecorder<Void>()
            let onObserverResume = CallRecorder<Void>()

            audioProducer.observer.on { event in
                if case .pause = event { onObserverPause.record() }
            }
            audioProducer.observer.on { event in
                if case .resume = event { onObserverResume.record() }
            }

            try await audioProducer.pause()
            try expectEqual(audioProducer.paused, true, "audioProducer.paused after pause()")
            try expectEqual(try await audioProducer.dump().paused, true, "dump paused after pause()")

            try await audioProducer.resume()
            try expectEqual(audioProducer.paused, false, "audioProducer.paused after resume()")
            try expectEqual(try await audioProducer.dump().paused, false, "dump paused after resume()")

            // Even if we don't await for pause()/resume() completion, the observer must
            // fire 'pause' and 'resume' events if state was the opposite.
            let unawaited = [
                startNow { try await audioProducer.pause() },
                startNow { try await audioProducer.resume() },
                startNow { try await audioProducer.pause() },
                startNow { try await audioProducer.pause() },
                startNow { try await audioProducer.pause() },
            ]
            try await audioProducer.resume()

            try expectEqual(onObserverPause.count, 3, "observer pause calls")
            try expectEqual(onObserverResume.count, 3, "observer resume calls")
            for task in unawaited { try await task.value }
        },

        AcceptanceCase(suite, "producer.pause() and resume() emit events", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)
            let events = CallRecorder<String>()

            audioProducer.observer.once(where: { if case .resume = $0 { true } else { false } }) { _ in
                events.record("resume")
            }
            audioProducer.observer.once(where: { if case .pause = $0 { true } else { false } }) { _ in
                events.record("pause")
            }

            let promises = [
                startNow { try await audioProducer.pause() },
                startNow { try await audioProducer.resume() },
            ]
            for promise in promises { try await promise.value }

            try expectEqual(events.values, ["pause", "resume"], "observer events")
            try expectEqual(audioProducer.paused, false, "audioProducer.paused")
        },

        AcceptanceCase(suite, "producer.enableTraceEvent() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)

            try await audioProducer.enableTraceEvent([.rtp, .pli])
            let dump1 = try await audioProducer.dump()
            try expectEqual(Set(dump1.traceEventTypes), ["rtp", "pli"], "dump1.traceEventTypes")

            try await audioProducer.enableTraceEvent([])
            let dump2 = try await audioProducer.dump()
            try expectEqual(dump2.traceEventTypes, [], "dump2.traceEventTypes")

            // `['nack', 'FOO', 'fir']`: 'FOO' is refused at compile time, so the port gives the valid ones.
            try await audioProducer.enableTraceEvent([.nack, .fir])
            let dump3 = try await audioProducer.dump()
            try expectEqual(Set(dump3.traceEventTypes), ["nack", "fir"], "dump3.traceEventTypes")

            // `enableTraceEvent()` with no argument means `[]`.
            try await audioProducer.enableTraceEvent([])
            let dump4 = try await audioProducer.dump()
            try expectEqual(dump4.traceEventTypes, [], "dump4.traceEventTypes")
        },

        AcceptanceCase(
            suite, "producer.enableTraceEvent() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            _ = try await ctx.webRtcTransport1.produce(audioProducerOptions)

            // `enableTraceEvent(123)`, `enableTraceEvent('rtp')` and `enableTraceEvent(['fir', 123.123])`
            // are refused at compile time by `[ProducerTraceEventType]`; as JSON:
            try await expectThrows(TypeError.self) { _ = try [ProducerTraceEventType](json: "123") }
            try await expectThrows(TypeError.self) { _ = try [ProducerTraceEventType](json: #""rtp""#) }
            try await expectThrows(TypeError.self) { _ = try [ProducerTraceEventType](json: #"["fir",123.123]"#) }
        },

        AcceptanceCase(suite, "Producer emits \"score\"", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let videoProducer = try await ctx.webRtcTransport2.produce(videoProducerOptions)

            // Private API: mediasoup's `channelForTesting`.
            let hook = try context.notificationHook(of: videoProducer)
            let onScore = CallRecorder<[ProducerScore]>()

            videoProducer.events.on { event in
                if case .score(let score) = event { onScore.record(score) }
            }

            // Simulate a 'score' notification coming through the channel.
            let notification = EngineNotification.producerScore([
                ProducerScore(encodingIdx: 0, ssrc: 11, rid: nil, score: 10),
                ProducerScore(encodingIdx: 1, ssrc: 22, rid: nil, score: 9),
            ])

            try await hook.injectNotificationForTesting(notification)
            try await hook.injectNotificationForTesting(notification)
            try await hook.injectNotificationForTesting(notification)

            try expectEqual(onScore.count, 3, "score events")
            try expectEqual(
                videoProducer.score,
                [
                    ProducerScore(encodingIdx: 0, ssrc: 11, rid: nil, score: 10),
                    ProducerScore(encodingIdx: 1, ssrc: 22, rid: nil, score: 9),
                ],
                "videoProducer.score")
        },

        AcceptanceCase(suite, "producer.close() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)
            let onObserverClose = CallRecorder<Void>()

            audioProducer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }
            audioProducer.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(audioProducer.closed, true, "audioProducer.closed")

            let routerDump = try await ctx.router.dump()
            try expectEqual(routerDump.mapProducerIdConsumerIds, [], "router dump mapProducerIdConsumerIds")
            try expectEqual(routerDump.mapConsumerIdProducerId, [], "router dump mapConsumerIdProducerId")

            let transportDump = try await ctx.webRtcTransport1.dump()
            try expectEqual(transportDump.id, ctx.webRtcTransport1.id, "transport dump id")
            try expectEqual(transportDump.producerIds, [], "transport dump producerIds")
            try expectEqual(transportDump.consumerIds, [], "transport dump consumerIds")
        },

        AcceptanceCase(suite, "Producer methods reject if closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport1.produce(audioProducerOptions)

            audioProducer.close()

            try await expectThrows(MediasoupError.self) { _ = try await audioProducer.dump() }
            try await expectThrows(MediasoupError.self) { _ = try await audioProducer.getStats() }
            try await expectThrows(MediasoupError.self) { try await audioProducer.pause() }
            try await expectThrows(MediasoupError.self) { try await audioProducer.resume() }
        },

        AcceptanceCase(suite, "Producer emits \"transportclose\" if Transport is closed", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            let videoProducer = try await ctx.webRtcTransport2.produce(videoProducerOptions)
            let onObserverClose = CallRecorder<Void>()

            videoProducer.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }

            let events = videoProducer.events.stream()

            ctx.webRtcTransport2.close()
            try expect(
                await firstEvent(in: events, where: { if case .transportClose = $0 { true } else { false } }),
                "videoProducer emitted transportclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(videoProducer.closed, true, "videoProducer.closed")
        },
    ]
}
