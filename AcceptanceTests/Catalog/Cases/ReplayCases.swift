#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import RTP
import Synchronization

/// Real captures (Fixtures/) replayed into a producer and consumed through a
/// PlainTransport, a DirectTransport and across a pipe between two workers.
/// Not a mediasoup test file: the media-plane acceptance cases of this project.
enum ReplayCases {
    static let suite = "replay"

    static let all: [AcceptanceCase] =
        ["opus.pcap", "vp8.pcap", "h264.pcap"].flatMap { file in
            [
                AcceptanceCase(suite, "\(file) through a PlainTransport", timeLimit: .seconds(20)) { context in
                    try await replayThroughPlainTransport(try FixtureCapture.named(file), context: context, pipe: false)
                },
                AcceptanceCase(suite, "\(file) across a pipe between two workers", timeLimit: .seconds(20)) {
                    context in
                    try await replayThroughPlainTransport(try FixtureCapture.named(file), context: context, pipe: true)
                },
                AcceptanceCase(suite, "\(file) through a DirectTransport", timeLimit: .seconds(20)) { context in
                    try await replayThroughDirectTransport(try FixtureCapture.named(file), context: context)
                },
            ]
        } + [
            AcceptanceCase(suite, "vp8.pcap: a keyframe request on resume, a keyframe first after it",
                timeLimit: .seconds(20)) { context in
                try await keyFrameOnResume(context: context)
            }
        ] + srtp + simulcastAndAudioLevel + temporalLayers + repair

    /// A simulcast layer switch when an encoding stops, and AudioLevelObserver
    /// events; bodies in ReplayCases+SimulcastAudioLevel.swift.
    static let simulcastAndAudioLevel: [AcceptanceCase] = [
        AcceptanceCase(suite, "vp8-simulcast.pcap: r2 stops, the consumer switches to r1 on an r1 keyframe",
            timeLimit: .seconds(20)) { context in
            try await simulcastLayerSwitch(context: context)
        },
        AcceptanceCase(
            suite, "opus.pcap: AudioLevelObserver volumes during the tones, silence during the silent second",
            timeLimit: .seconds(20)
        ) { context in
            try await audioLevelVolumesAndSilence(context: context)
        },
        AcceptanceCase(suite, "opus.pcap: ActiveSpeakerObserver dominantspeaker moves to whoever speaks",
            timeLimit: .seconds(20)) { context in
            try await activeSpeakerFromAudioLevels(context: context)
        },
    ]

    /// SRTP on PlainTransport (all four suites) and PipeTransport; bodies in ReplayCases+SRTP.swift.
    static let srtp: [AcceptanceCase] =
        [
            AcceptanceCase(suite, "opus-srtp.pcap (ffmpeg SRTP) into an SRTP PlainTransport, out as plain RTP",
                timeLimit: .seconds(20)) { context in
                try await replaySrtpIntoPlainTransport(context: context)
            }
        ]
        + SrtpCryptoSuite.allCases.map { cryptoSuite in
            AcceptanceCase(suite, "opus.pcap out of an SRTP PlainTransport consumer (\(cryptoSuite.rawValue))",
                timeLimit: .seconds(20)) { context in
                try await replayOutOfSrtpPlainTransport(cryptoSuite, context: context)
            }
        } + [
            AcceptanceCase(suite, "vp8.pcap across a pipe with SRTP between two workers", timeLimit: .seconds(20)) {
                context in
                try await replayThroughPlainTransport(
                    try FixtureCapture.named("vp8.pcap"), context: context, pipe: true, pipeSrtp: true)
            },
            AcceptanceCase(suite, "opus-srtp.pcap: tampered, replayed and truncated SRTP dropped and counted",
                timeLimit: .seconds(20)) { context in
                try await badSrtpPackets(context: context)
            },
        ]

    /// Sends the capture from a UDP peer into a comedia PlainTransport producer;
    /// a consumer on another PlainTransport (in another worker's router when
    /// `pipe`) sends to a second UDP peer. Checks what arrives against the capture.
    /// `pipeSrtp`: the pipe transports use SRTP (`pipeToRouter({ enableSrtp: true })`);
    /// `paced`: on the capture's own timing, else a few packets per millisecond.
    static func replayThroughPlainTransport(
        _ capture: FixtureCapture, context: AcceptanceContext, pipe: Bool, pipeSrtp: Bool = false, paced: Bool = false
    ) async throws {
        let timed = try capture.timedDatagrams()
        let sent = timed.map(\.bytes)
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))

        var consumingRouter = router
        var consumedProducerId = producer.id
        if pipe {
            let otherWorker = try await context.createWorker()
            consumingRouter = try await otherWorker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
            let piped = try await router.pipeToRouter(
                PipeToRouterOptions(producerId: producer.id, router: consumingRouter, enableSrtp: pipeSrtp))
            consumedProducerId = try expectNotNil(piped.pipeProducer, "pipeProducer").id
        }

        let receiver = try UdpPeer()
        let recvTransport = try await consumingRouter.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: consumedProducerId, rtpCapabilities: consumingRouter.rtpCapabilities))

        let sender = try UdpPeer()
        let expected = sent.count
        let receiving = Task { await onItsOwnThread { receiver.receiveRTP(upTo: expected, quietMilliseconds: 2000) } }
        if paced {
            try await FixtureCapture.sendPaced(timed, from: sender, to: sendTransport.tuple.localPort)
        } else {
            try await send(sent, from: sender, to: sendTransport.tuple.localPort)
        }
        let received = await receiving.value
        try checkForwarded(received, sent: sent, capture: capture, consumer: consumer)

        let producerStats = try await producer.getStats()
        try expectEqual(producerStats.first?.packetCount, capture.packetCount, "producer inbound packetCount")
        try expectEqual(producerStats.first?.byteCount, capture.rtpBytes, "producer inbound byteCount")
        let consumerStats = try await consumer.getStats()
        try expectEqual(consumerStats.first?.packetCount, sent.count, "consumer outbound packetCount")
    }

    /// Injects the capture with `producer.send` on a DirectTransport and collects
    /// the consumer's `rtp` events on another DirectTransport.
    static func replayThroughDirectTransport(_ capture: FixtureCapture, context: AcceptanceContext) async throws {
        let sent = try capture.datagrams()
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createDirectTransport()
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        let recvTransport = try await router.createDirectTransport()
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        let packets = CallRecorder<[UInt8]>()
        consumer.events.on { event in
            if case .rtp(let bytes) = event { packets.record(bytes) }
        }
        for datagram in sent { try producer.send(datagram) }
        for _ in 0..<200 where packets.count < sent.count {
            try await Task.sleep(for: .milliseconds(25))
        }
        try checkForwarded(packets.values, sent: sent, capture: capture, consumer: consumer)
        let producerStats = try await producer.getStats()
        try expectEqual(producerStats.first?.packetCount, capture.packetCount, "producer inbound packetCount")
    }

    /// Sends the capture paced (a few packets per millisecond), as a sender
    /// would, so that no socket buffer on the way overflows on a loaded machine.
    static func send(
        _ datagrams: some Sequence<[UInt8]>, from sender: UdpPeer, to port: UInt16, host: String = "127.0.0.1"
    ) async throws {
        for (index, datagram) in datagrams.enumerated() {
            sender.send(datagram, to: port, host: host)
            if index % 4 == 3 { try await Task.sleep(for: .milliseconds(1)) }
        }
    }

    /// Every packet arrives once, in order, with byte-identical payloads,
    /// consecutive sequence numbers, the consumer's SSRC and payload type.
    static func checkForwarded(
        _ received: [[UInt8]], sent: [[UInt8]], capture: FixtureCapture, consumer: any Consumer
    ) throws {
        try expectEqual(received.count, sent.count, "packets forwarded")
        let ssrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let payloadType = try expectNotNil(consumer.rtpParameters.codecs.first?.payloadType, "consumer payload type")
        var previous: UInt16?
        for (index, (out, original)) in zip(received, sent).enumerated() {
            let outPacket = try RTPPacket(parsing: out)
            let inPacket = try RTPPacket(parsing: original)
            try expect(
                outPacket.payload.elementsEqual(inPacket.payload),
                Self.payloadDifference(index: index, sent: inPacket, received: outPacket))
            try expectEqual(outPacket.ssrc, ssrc, "SSRC of packet \(index)")
            try expectEqual(outPacket.payloadType, payloadType, "payload type of packet \(index)")
            if let previous {
                try expectEqual(outPacket.sequenceNumber, previous &+ 1, "sequence number of packet \(index)")
            }
            previous = outPacket.sequenceNumber
        }
    }

    /// What differs between the payload of capture packet `index` and what came out.
    static func payloadDifference(index: Int, sent: RTPPacket, received: RTPPacket) -> String {
        let offset = zip(sent.payload, received.payload).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        let at = offset.map { "at payload byte \($0)" } ?? "in length"
        return "payload of packet \(index) (capture sequence number \(sent.sequenceNumber)) differs \(at):"
            + " sent \(sent.payload.count) bytes, received \(received.payload.count)"
    }

    /// Pausing and resuming a video consumer: the worker asks the sender for
    /// a keyframe (an RTCP PLI reaches it) and the first packet sent after
    /// the resume starts a keyframe.
    private static func keyFrameOnResume(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let sent = try capture.datagrams()
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        let receiver = try UdpPeer()
        let recvTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        let sender = try UdpPeer()

        let half = sent.count / 2
        try await send(sent[..<10], from: sender, to: sendTransport.tuple.localPort)
        _ = receiver.receiveRTP(upTo: 10)
        try await consumer.pause()
        try await send(sent[10..<half], from: sender, to: sendTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(200))
        try await consumer.resume()

        // The resume makes the worker send a PLI to the sender (the comedia remote),
        // alone or anywhere in a compound; its periodic receiver reports are skipped.
        let pli = sender.receiveRTCP(timeoutMilliseconds: 3000) { packets in
            packets.contains { if case .pictureLossIndication = $0 { true } else { false } }
        }
        try expect(pli != nil, "no RTCP PLI reached the sender after resume()")

        try await send(sent[half...], from: sender, to: sendTransport.tuple.localPort)
        let afterResume = receiver.receiveRTP(upTo: 1, quietMilliseconds: 2000)
        let first = try RTPPacket(parsing: try expectNotNil(afterResume.first, "a packet after resume()"))
        let info = try CodecPayload.inspect(first.payload, mimeType: capture.mimeType)
        try expect(info.isKeyFrame, "the first packet after resume() is not a keyframe")
    }
}
