import Mediasoup

/// Port of mediasoup's `test-multiopus.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker, a router with a 6-channel multiopus codec and a WebRtcTransport
/// (``fixture(_:)``); the worker is closed after the case.
/// `rejects.toThrow(Error)` is ported as the kind mediasoup throws there.
enum MultiopusCases {
    static let suite = "test-multiopus"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio, mimeType: "audio/multiopus", preferredPayloadType: 100, clockRate: 48000, channels: 6,
            parameters: [
                "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2,
            ])
    ]

    static let audioProducerOptions = ProducerOptions(
        kind: .audio,
        rtpParameters: RtpParameters(
            mid: "AUDIO",
            codecs: [
                RtpCodecParameters(
                    mimeType: "audio/multiopus", payloadType: 0, clockRate: 48000, channels: 6,
                    parameters: [
                        "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2,
                    ])
            ],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:sdes:mid", id: 10),
                RtpHeaderExtensionParameters(uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: 12),
            ]))

    static let consumerDeviceCapabilities = RtpCapabilities(
        codecs: [
            RtpCodecCapability(
                kind: .audio, mimeType: "audio/multiopus", preferredPayloadType: 100, clockRate: 48000, channels: 6,
                parameters: ["channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2])
        ],
        headerExtensions: [
            RtpHeaderExtension(kind: .audio, uri: .mid, preferredId: 1, preferredEncrypt: false),
            RtpHeaderExtension(kind: .audio, uri: .absSendTime, preferredId: 4, preferredEncrypt: false),
            RtpHeaderExtension(kind: .audio, uri: .audioLevel, preferredId: 10, preferredEncrypt: false),
        ])

    struct Fixture {
        let worker: any Worker
        let router: any Router
        let webRtcTransport: any WebRtcTransport
    }

    /// `beforeEach`: a worker (closed after the case), a router and a WebRtcTransport.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        let webRtcTransport = try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")]))
        return Fixture(worker: worker, router: router, webRtcTransport: webRtcTransport)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "produce() and consume() succeed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport.produce(audioProducerOptions)

            try expectEqual(
                audioProducer.rtpParameters.codecs,
                [
                    RtpCodecParameters(
                        mimeType: "audio/multiopus", payloadType: 0, clockRate: 48000, channels: 6,
                        parameters: [
                            "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4,
                            "coupled_streams": 2,
                        ],
                        rtcpFeedback: [])
                ], "audioProducer.rtpParameters.codecs")

            try expectEqual(
                ctx.router.canConsume(producerId: audioProducer.id, rtpCapabilities: consumerDeviceCapabilities), true,
                "router.canConsume()")

            let audioConsumer = try await ctx.webRtcTransport.consume(
                ConsumerOptions(producerId: audioProducer.id, rtpCapabilities: consumerDeviceCapabilities))

            try expectEqual(
                audioConsumer.rtpParameters.codecs,
                [
                    RtpCodecParameters(
                        mimeType: "audio/multiopus", payloadType: 100, clockRate: 48000, channels: 6,
                        parameters: [
                            "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4,
                            "coupled_streams": 2,
                        ],
                        rtcpFeedback: [])
                ], "audioConsumer.rtpParameters.codecs")
        },

        AcceptanceCase(suite, "fails to produce wrong parameters", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)

            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport.produce(
                    ProducerOptions(
                        kind: .audio,
                        rtpParameters: RtpParameters(
                            mid: "AUDIO",
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "audio/multiopus", payloadType: 0, clockRate: 48000, channels: 6,
                                    parameters: [
                                        "channel_mapping": "0,4,1,2,3,5", "num_streams": 2, "coupled_streams": 2,
                                    ])
                            ])))
            }

            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport.produce(
                    ProducerOptions(
                        kind: .audio,
                        rtpParameters: RtpParameters(
                            mid: "AUDIO",
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "audio/multiopus", payloadType: 0, clockRate: 48000, channels: 6,
                                    parameters: [
                                        "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 1,
                                    ])
                            ])))
            }
        },

        AcceptanceCase(suite, "fails to consume wrong channels", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let audioProducer = try await ctx.webRtcTransport.produce(audioProducerOptions)

            let localConsumerDeviceCapabilities = RtpCapabilities(codecs: [
                RtpCodecCapability(
                    kind: .audio, mimeType: "audio/multiopus", preferredPayloadType: 100, clockRate: 48000, channels: 8,
                    parameters: ["channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2])
            ])

            try expectEqual(
                !ctx.router.canConsume(producerId: audioProducer.id, rtpCapabilities: localConsumerDeviceCapabilities),
                true, "!router.canConsume()")

            // ortc's getConsumerRtpParameters() refuses it with an UnsupportedError (any Error passes the original).
            try await expectThrows(UnsupportedError.self) {
                _ = try await ctx.webRtcTransport.consume(
                    ConsumerOptions(producerId: audioProducer.id, rtpCapabilities: localConsumerDeviceCapabilities))
            }
        },
    ]
}
