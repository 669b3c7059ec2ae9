import Mediasoup
import MediasoupLocal
import Testing

/// What the worker decides about producers and consumers that the ported
/// mediasoup tests do not reach: the producer type rule for SVC and
/// single-stream simulcast, RID conflicts, the media maps of the transport
/// dump, the stream and layer fields of SVC and pipe consumer dumps,
/// producer close across transports, and packets given to `producer.send`
/// counting nothing while no media plane exists.
@Suite(.timeLimit(.minutes(1)))
struct ProducerConsumerWorkerTests {
    private static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
        RtpCodecCapability(kind: .video, mimeType: "video/VP9", clockRate: 90000),
    ]

    /// Runs `body` with a fresh worker, router and two DirectTransports, closing the worker after.
    private static func withTransports(
        _ body: (any Router, any DirectTransport, any DirectTransport) async throws -> Void
    ) async throws {
        let worker = try await LocalMediasoup().createWorker()
        defer { worker.close() }
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        try await body(router, try await router.createDirectTransport(), try await router.createDirectTransport())
    }

    private static func video(
        mimeType: String, mid: String? = nil, encodings: [RtpEncodingParameters], withRtx: Bool = false,
        headerExtensions: [RtpHeaderExtensionParameters] = []
    ) -> ProducerOptions {
        var codecs = [
            RtpCodecParameters(
                mimeType: mimeType, payloadType: 96, clockRate: 90000,
                rtcpFeedback: [RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli")])
        ]
        if withRtx {
            codecs.append(
                RtpCodecParameters(mimeType: "video/rtx", payloadType: 97, clockRate: 90000, parameters: ["apt": 96]))
        }
        return ProducerOptions(
            kind: .video,
            rtpParameters: RtpParameters(
                mid: mid, codecs: codecs, headerExtensions: headerExtensions, encodings: encodings))
    }

    private static let deviceCapabilities = RtpCapabilities(
        codecs: [
            RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
            RtpCodecCapability(
                kind: .video, mimeType: "video/VP9", clockRate: 90000,
                rtcpFeedback: [RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli")]),
            RtpCodecCapability(kind: .video, mimeType: "video/rtx", clockRate: 90000),
        ],
        headerExtensions: [RtpHeaderExtension(kind: .video, uri: .mid, preferredId: 1)])

    @Test func producerTypeFollowsEncodingsAndCodec() async throws {
        try await Self.withTransports { _, transport, _ in
            let svc = try await transport.produce(
                Self.video(
                    mimeType: "video/VP9", encodings: [RtpEncodingParameters(ssrc: 1111, scalabilityMode: "L3T3")]))
            #expect(svc.type == .svc)

            let temporalSimulcast = try await transport.produce(
                Self.video(
                    mimeType: "video/VP8", encodings: [RtpEncodingParameters(ssrc: 2222, scalabilityMode: "L1T3")]))
            #expect(temporalSimulcast.type == .simulcast)

            // Several encodings are simulcast, which VP9 cannot do.
            await #expect(throws: TypeError.self) {
                _ = try await transport.produce(
                    Self.video(
                        mimeType: "video/VP9",
                        encodings: [RtpEncodingParameters(ssrc: 3333), RtpEncodingParameters(ssrc: 4444)]))
            }

            // Layers on opus fit no type.
            await #expect(throws: TypeError.self) {
                _ = try await transport.produce(
                    ProducerOptions(
                        kind: .audio,
                        rtpParameters: RtpParameters(
                            codecs: [
                                RtpCodecParameters(
                                    mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2)
                            ],
                            encodings: [RtpEncodingParameters(ssrc: 5555, scalabilityMode: "L1T3")])))
            }
        }
    }

    @Test func ridsConflictOnlyWithoutMid() async throws {
        try await Self.withTransports { _, transport, _ in
            let encodings = [RtpEncodingParameters(rid: "r0"), RtpEncodingParameters(rid: "r1")]
            _ = try await transport.produce(Self.video(mimeType: "video/VP8", encodings: encodings))
            await #expect(throws: MediasoupError.self) {
                _ = try await transport.produce(Self.video(mimeType: "video/VP8", encodings: encodings))
            }
            // With a MID, the same RIDs are told apart by it.
            _ = try await transport.produce(Self.video(mimeType: "video/VP8", mid: "1", encodings: encodings))
        }
    }

    @Test func transportDumpShowsTheMediaMaps() async throws {
        try await Self.withTransports { _, transport1, transport2 in
            let producer = try await transport1.produce(
                Self.video(
                    mimeType: "video/VP9", mid: "v",
                    encodings: [
                        RtpEncodingParameters(ssrc: 1111, rtx: RtxParameters(ssrc: 1112), scalabilityMode: "L2T3")
                    ],
                    withRtx: true,
                    headerExtensions: [
                        RtpHeaderExtensionParameters(uri: .mid, id: 3),
                        RtpHeaderExtensionParameters(uri: .absSendTime, id: 5),
                    ]))
            let dump1 = try await transport1.dump()
            #expect(
                Set(dump1.rtpListener.ssrcTable) == [
                    KeyValue(key: 1111, value: producer.id), KeyValue(key: 1112, value: producer.id),
                ])
            #expect(dump1.rtpListener.midTable == [KeyValue(key: "v", value: producer.id)])
            #expect(dump1.rtpListener.ridTable == [])
            #expect(dump1.recvRtpHeaderExtensions == RecvRtpHeaderExtensions(mid: 3, absSendTime: 5))

            let consumer = try await transport2.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: Self.deviceCapabilities))
            let encoding = try #require(consumer.rtpParameters.encodings?.first)
            let ssrc = try #require(encoding.ssrc)
            let rtxSsrc = try #require(encoding.rtx?.ssrc)
            let dump2 = try await transport2.dump()
            #expect(dump2.mapSsrcConsumerId == [KeyValue(key: ssrc, value: consumer.id)])
            #expect(dump2.mapRtxSsrcConsumerId == [KeyValue(key: rtxSsrc, value: consumer.id)])

            // An SVC consumer: one stream with the producer's layers, preferred at the highest.
            #expect(consumer.type == .svc)
            #expect(consumer.preferredLayers == ConsumerLayers(spatialLayer: 1, temporalLayer: 2))
            let consumerDump = try await consumer.dump()
            #expect(consumerDump.rtpStream?.params.spatialLayers == 2)
            #expect(consumerDump.rtpStream?.params.temporalLayers == 3)
            #expect(consumerDump.rtpStream?.params.rtxSsrc == rtxSsrc)
            #expect(consumerDump.rtpStream?.rtxStream?.params.mimeType == "video/rtx")
            #expect(consumerDump.rtpStream?.params.useNack == true)
            #expect(consumerDump.preferredSpatialLayer == 1)
            #expect(consumerDump.preferredTemporalLayer == 2)
            #expect(consumerDump.currentSpatialLayer == -1)
            #expect(consumerDump.rtpStreams == nil)

            #expect(
                try await consumer.setPreferredLayers(ConsumerLayers(spatialLayer: 0))
                    == ConsumerLayers(spatialLayer: 0, temporalLayer: 2))
        }
    }

    @Test func pipeConsumerSendsEveryStream() async throws {
        try await Self.withTransports { _, transport1, transport2 in
            let producer = try await transport1.produce(
                Self.video(
                    mimeType: "video/VP8",
                    encodings: [RtpEncodingParameters(ssrc: 1111), RtpEncodingParameters(ssrc: 2222)]))
            let consumer = try await transport2.consume(
                ConsumerOptions(
                    producerId: producer.id,
                    rtpCapabilities: RtpCapabilities(codecs: [
                        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000)
                    ]),
                    pipe: true))
            let dump = try await consumer.dump()
            #expect(dump.type == .pipe)
            #expect(dump.rtpStream == nil)
            #expect(dump.rtpStreams?.map(\.params.encodingIdx) == [0, 1])
            #expect(dump.rtpStreams?.map(\.params.ssrc) == consumer.rtpParameters.encodings?.compactMap(\.ssrc))
            #expect(try await consumer.getStats().map(\.type) == ["outbound-rtp", "outbound-rtp"])
            #expect(try await consumer.setPreferredLayers(ConsumerLayers(spatialLayer: 1)) == nil)
        }
    }

    @Test func closingAProducerClosesItsConsumersInOtherTransports() async throws {
        try await Self.withTransports { router, transport1, transport2 in
            let producer = try await transport1.produce(
                Self.video(mimeType: "video/VP8", encodings: [RtpEncodingParameters(ssrc: 1111)]))
            let consumer = try await transport2.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: Self.deviceCapabilitiesVp8))
            let events = consumer.events.stream()

            transport1.close()
            #expect(producer.closed)
            for await event in events {
                if case .producerClose = event { break }
            }
            #expect(consumer.closed)
            let dump = try await router.dump()
            #expect(dump.mapProducerIdConsumerIds == [])
            #expect(dump.mapConsumerIdProducerId == [])
            #expect(try await transport2.dump().consumerIds == [])
            #expect(router.canConsume(producerId: producer.id, rtpCapabilities: Self.deviceCapabilitiesVp8) == false)
        }
    }

    @Test func packetsGivenToADirectProducerAreReceivedAndCounted() async throws {
        try await Self.withTransports { _, transport, _ in
            let producer = try await transport.produce(
                Self.video(mimeType: "video/VP8", encodings: [RtpEncodingParameters(ssrc: 1111)]))
            // PT 96, SSRC 1111 (0x457), sequence numbers 1…10, 100 bytes of payload: 112 bytes each.
            for sequence in 1...10 {
                let packet: [UInt8] =
                    [0x80, 0x60, 0x00, UInt8(sequence), 0, 0, 0, 1, 0, 0, 0x04, 0x57] + Array(repeating: 0, count: 100)
                try producer.send(packet)
            }
            // A packet of an unknown SSRC is counted as received but reaches no producer.
            try producer.send([0x80, 0x60, 0x00, 0x0B, 0, 0, 0, 1, 0, 0, 0x09, 0x99] + Array(repeating: 0, count: 100))
            let inbound = try #require(try await producer.getStats().first)
            #expect(inbound.type == "inbound-rtp")
            #expect(inbound.ssrc == 1111)
            #expect(inbound.packetCount == 10)
            #expect(inbound.byteCount == 1120)
            #expect(inbound.packetsLost == 0)
            let stats = try #require(try await transport.getStats().first)
            #expect(stats.bytesReceived == 1232)
            #expect(stats.rtpBytesReceived == 1232)
        }
    }

    private static let deviceCapabilitiesVp8 = RtpCapabilities(codecs: [
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000)
    ])
}
