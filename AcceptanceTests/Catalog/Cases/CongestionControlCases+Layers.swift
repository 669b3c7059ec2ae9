import Mediasoup

// Bodies of the cases where the transport's available outgoing bitrate
// decides simulcast consumers' layers (the list is CongestionControlCases.all).
// The producer is a SimulcastSender (about 95, 292 and 1,050 kbit/s through
// spatial layers 0, 1 and 2, counted as mediasoup counts them: the stream's
// whole RTP packets); the consumers negotiated transport-cc and their
// endpoint sends no feedback, so the estimate stays where it starts
// (600,000) and the transport's limits move the bitrate to share out.

extension CongestionControlCases {
    /// A simulcast router, a comedia PlainTransport with a SimulcastSender's
    /// producer, and a PlainTransport whose consumers go to `receiver`.
    struct SimulcastRoom {
        let sendTransport: any PlainTransport
        let producer: any Producer
        let recvTransport: any PlainTransport
        let receiver: UdpPeer
        let router: any Router

        static func make(context: AcceptanceContext) async throws -> SimulcastRoom {
            let worker = try await context.createWorker()
            let router = try await worker.createRouter(
                RouterOptions(mediaCodecs: [RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000)]))
            let sendTransport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
            let producer = try await sendTransport.produce(
                ProducerOptions(kind: .video, rtpParameters: SimulcastSender.rtpParameters()))
            let receiver = try UdpPeer()
            let recvTransport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
            try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
            return SimulcastRoom(
                sendTransport: sendTransport, producer: producer, recvTransport: recvTransport, receiver: receiver,
                router: router)
        }

        /// A consumer that negotiated transport-cc (the router's capabilities offer it).
        func consume() async throws -> any Consumer {
            let consumer = try await recvTransport.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
            try expectEqual(consumer.type, .simulcast, "consumer.type")
            return consumer
        }

        /// Starts the sender, and the endpoint's listening (which only drains its socket).
        func startSending(context: AcceptanceContext) throws {
            _ = UdpListener(receiver, context: context)
            _ = SimulcastSender(from: try UdpPeer(), to: sendTransport.tuple.localPort, context: context)
        }
    }

    /// Waits up to 6 s (a distribution a second, then a keyframe every half
    /// second) until every consumer forwards the spatial layer given for it.
    static func expectSpatialLayers(
        _ expected: [(consumer: any Consumer, spatialLayer: Int)], _ what: String
    ) async throws {
        for _ in 0..<120 {
            if expected.allSatisfy({ $0.consumer.currentLayers?.spatialLayer == $0.spatialLayer }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let got = expected.map { $0.consumer.currentLayers.map { String($0.spatialLayer) } ?? "none" }
        try expect(
            false,
            "\(what): spatial layers \(got.joined(separator: ", ")), expected "
                + expected.map { String($0.spatialLayer) }.joined(separator: ", "))
    }

    /// One consumer: 600,000 available takes it to spatial layer 1 (95k,
    /// then 197k more; layer 2 would cost 760k more); a maximum of 200,000
    /// down to layer 0; no maximum and a minimum of 2,000,000 up to layer 2.
    /// `availableOutgoingBitrate` in stats says the bitrate within the limits,
    /// and so do the `bwe` trace events, once enabled.
    static func availableBitrateDecidesTheLayer(context: AcceptanceContext) async throws {
        let room = try await SimulcastRoom.make(context: context)
        let consumer = try await room.consume()
        try room.startSending(context: context)
        try await expectSpatialLayers([(consumer, 1)], "with 600,000 available")

        let traces = CallRecorder<TransportTraceEventData>()
        room.recvTransport.events.on { event in
            if case .trace(let trace) = event { traces.record(trace) }
        }
        try await room.recvTransport.enableTraceEvent([.bwe])
        try await room.recvTransport.setMaxOutgoingBitrate(200_000)
        try expectEqual(
            try await room.recvTransport.getStats().first?.availableOutgoingBitrate, 200_000,
            "availableOutgoingBitrate under a maximum of 200,000")
        try await expectSpatialLayers([(consumer, 0)], "with a maximum of 200,000")
        let bwe = try expectNotNil(traces.values.first, "a bwe trace event after setMaxOutgoingBitrate()")
        try expectEqual(bwe.type, .bwe, "trace type")
        try expectEqual(bwe.direction, .out, "trace direction")
        try expectEqual(bwe.info?["availableBitrate"]?.intValue, 200_000, "the trace's availableBitrate")
        try expectEqual(bwe.info?["maxBitrate"]?.intValue, 200_000, "the trace's maxBitrate")
        try expectEqual(bwe.info?["startBitrate"]?.intValue, 600_000, "the trace's startBitrate")
        try expectEqual(bwe.info?["type"]?.stringValue, "transport-cc", "the trace's type")
        let desired = try expectNotNil(bwe.info?["desiredBitrate"]?.intValue, "the trace's desiredBitrate")
        try expect(desired > 700_000, "desiredBitrate \(desired): the consumer's preferred layers cost about 1,050,000")

        try await room.recvTransport.setMaxOutgoingBitrate(0)
        try await room.recvTransport.setMinOutgoingBitrate(2_000_000)
        try expectEqual(
            try await room.recvTransport.getStats().first?.availableOutgoingBitrate, 2_000_000,
            "availableOutgoingBitrate over a minimum of 2,000,000")
        try await expectSpatialLayers([(consumer, 2)], "with a minimum of 2,000,000")
    }

    /// Two consumers of the producer on one transport with 500,000 to share:
    /// both get layer 0 first (190k), then the one of priority 2 climbs to
    /// layer 1 (197k more) and the one of priority 1 cannot (113k left).
    /// Swapping the priorities swaps the layers.
    static func priorityDecidesWhoClimbs(context: AcceptanceContext) async throws {
        let room = try await SimulcastRoom.make(context: context)
        try await room.recvTransport.setMaxOutgoingBitrate(500_000)
        let first = try await room.consume()
        let second = try await room.consume()
        try await second.setPriority(2)
        try room.startSending(context: context)
        try await expectSpatialLayers([(first, 0), (second, 1)], "priorities 1 and 2")

        try await first.setPriority(2)
        try await second.setPriority(1)
        try await expectSpatialLayers([(first, 1), (second, 0)], "priorities swapped")
    }
}
