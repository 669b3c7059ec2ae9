import Foundation
import Mediasoup
import RTP

// Bodies of the cases where the transport's available outgoing bitrate
// decides simulcast consumers' layers (the list is CongestionControlCases.all).
// The producer is a SimulcastSender (about 150, 500 and 1,200 kbit/s through
// spatial layers 0, 1 and 2, counted as mediasoup counts them: the stream's
// whole RTP packets); the consumers negotiated transport-cc. In the first two
// cases their endpoint sends no feedback, so the estimate stays where it
// starts (600,000) and the transport's limits move the bitrate to share out;
// in the third, the endpoint is behind a shaped link and sends feedback.

extension CongestionControlCases {
    /// A simulcast router, a comedia PlainTransport with a SimulcastSender's
    /// producer, and a PlainTransport whose consumers go to `receiver`.
    struct SimulcastRoom {
        let sendTransport: any PlainTransport
        let producer: any Producer
        let recvTransport: any PlainTransport
        let router: any Router

        /// - Parameter endpoint: the consumers' endpoint; when nil, a socket
        ///   that only drains what comes.
        static func make(endpoint: UdpPeer? = nil, context: AcceptanceContext) async throws -> SimulcastRoom {
            let worker = try await context.createWorker()
            let router = try await worker.createRouter(
                RouterOptions(mediaCodecs: [RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000)]))
            let sendTransport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
            let producer = try await sendTransport.produce(
                ProducerOptions(kind: .video, rtpParameters: SimulcastSender.rtpParameters()))
            let receiver: UdpPeer
            if let endpoint {
                receiver = endpoint
            } else {
                receiver = try UdpPeer()
                _ = UdpListener(receiver, context: context)
            }
            let recvTransport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
            try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
            return SimulcastRoom(
                sendTransport: sendTransport, producer: producer, recvTransport: recvTransport, router: router)
        }

        /// A consumer that negotiated transport-cc (the router's capabilities offer it).
        func consume() async throws -> any Consumer {
            let consumer = try await recvTransport.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
            try expectEqual(consumer.type, .simulcast, "consumer.type")
            return consumer
        }

        /// Starts the producer's sender.
        func startSending(context: AcceptanceContext) throws {
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

    /// One consumer: 600,000 available takes it to spatial layer 1 (150k,
    /// then 350k more; layer 2 would cost 700k more); a maximum of 200,000
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
        try expect(desired > 900_000, "desiredBitrate \(desired): the consumer's preferred layers cost about 1,200,000")

        try await room.recvTransport.setMaxOutgoingBitrate(0)
        try await room.recvTransport.setMinOutgoingBitrate(2_000_000)
        try expectEqual(
            try await room.recvTransport.getStats().first?.availableOutgoingBitrate, 2_000_000,
            "availableOutgoingBitrate over a minimum of 2,000,000")
        try await expectSpatialLayers([(consumer, 2)], "with a minimum of 2,000,000")
    }

    /// Two consumers of the producer on one transport with 800,000 to share
    /// (a minimum outgoing bitrate over the 600,000 estimate): both get layer
    /// 0 first (300k), then the one of priority 2 climbs to layer 1 (350k
    /// more) and the one of priority 1 cannot (150k left).
    /// Swapping the priorities swaps the layers.
    static func priorityDecidesWhoClimbs(context: AcceptanceContext) async throws {
        let room = try await SimulcastRoom.make(context: context)
        try await room.recvTransport.setMinOutgoingBitrate(800_000)
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

extension CongestionControlCases {
    /// The spatial layers a consumer forwarded over time: each `layerschange` with when it came.
    final class LayerTimeline: Sendable {
        let changes = CallRecorder<(time: Duration, spatialLayer: Int?)>()

        init(_ consumer: any Consumer, since start: ContinuousClock.Instant) {
            consumer.events.on { [changes] event in
                if case .layersChange(let layers) = event {
                    changes.record((ContinuousClock.now - start, layers?.spatialLayer))
                }
            }
        }

        /// The layer forwarded at `time` (nil: none yet, or none).
        func layer(at time: Duration) -> Int? {
            changes.values.last { $0.time <= time }?.spatialLayer ?? nil
        }

        /// Each change, as "12.3s:1".
        var description: String {
            changes.values.map { change in
                let tenths = Int(change.time / .milliseconds(100))
                return "\(tenths / 10).\(tenths % 10)s:" + (change.spatialLayer.map(String.init) ?? "none")
            }.joined(separator: " ")
        }
    }

    /// A consumer behind a link of 2 Mbit/s cut to 300 kbit/s from 8 s to
    /// 16 s (a ShapedLinkEndpoint; queue 250 ms, delay 20 ms), its endpoint
    /// sending transport-cc feedback. Before the cut it forwards layer 1 or
    /// 2; within 5 s of the cut it is down to layer 0, where the media that
    /// still goes through loses few packets to the bottleneck (below 5 %
    /// from the switch to the end of the cut); within 15 s of the cut's end
    /// it is back to layer 1 or above (padding lets the estimate climb, about
    /// 8 % a second; a higher layer is not tried for 10 s after a downgrade).
    /// With MAFALDA_LINK_TIMELINE set, the layers and the link's half seconds are printed.
    static func shapedLinkCutAndRecovery(context: AcceptanceContext) async throws {
        let endpointSocket = try UdpPeer()
        let room = try await SimulcastRoom.make(endpoint: endpointSocket, context: context)
        let consumer = try await room.consume()
        let extensions = consumer.rtpParameters.headerExtensions ?? []
        let transportWideCcId = try expectNotNil(
            extensions.first { $0.uri == .transportWideCc01 }?.id, "the consumer's transport-wide-cc extension")
        let consumerSsrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let cut = (start: Duration.seconds(8), end: Duration.seconds(16))
        let endpoint = ShapedLinkEndpoint(
            endpointSocket,
            schedule: [
                .init(start: .zero, bitrate: 2_000_000), .init(start: cut.start, bitrate: 300_000),
                .init(start: cut.end, bitrate: 2_000_000),
            ],
            transportWideCcId: transportWideCcId, mediaSsrc: consumerSsrc,
            sfuPort: room.recvTransport.tuple.localPort, context: context)
        let layers = LayerTimeline(consumer, since: endpoint.started)
        try room.startSending(context: context)

        // The estimate every half second, for the report.
        var estimates: [Int] = []
        let clock = ContinuousClock()
        let sampleUntil = { (until: Duration, done: () -> Bool) in
            while clock.now < endpoint.started + until, !done() {
                let next = endpoint.started + ShapedLinkEndpoint.intervalLength * (estimates.count + 1)
                try await clock.sleep(until: next)
                estimates.append(try await room.recvTransport.getStats().first?.availableOutgoingBitrate ?? 0)
            }
        }
        try await sampleUntil(cut.start) { false }
        let before = layers.layer(at: cut.start)
        try await sampleUntil(cut.end) { false }
        let down = layers.changes.values.first { $0.time > cut.start && $0.spatialLayer == 0 }
        // Back up within 15 s of the cut's end (checked as soon as it is).
        let backUp = { layers.changes.values.first { $0.time > cut.end && ($0.spatialLayer ?? 0) >= 1 }?.time }
        try await sampleUntil(cut.end + .seconds(15)) { backUp() != nil }
        let upAgain = backUp()
        endpoint.stop()
        let timeline = endpoint.timeline
        // Per half second: media and probation kbit/s through the link, media packets dropped, the estimate.
        let report = "layers \(layers.description); link " + timeline.enumerated().map { index, interval in
            "\(index * 5 / 10).\(index * 5 % 10)s:\(interval.mediaBytesDelivered * 16 / 1000)k"
                + "+\(interval.probationBytesDelivered * 16 / 1000)k-\(interval.mediaPacketsDropped)"
                + (index < estimates.count ? "@\(estimates[index] / 1000)k" : "")
        }.joined(separator: " ")
        if ProcessInfo.processInfo.environment["MAFALDA_LINK_TIMELINE"] != nil { print(report) }

        try expect((before ?? 0) >= 1, "layer before the cut: \(before.map(String.init) ?? "none"); \(report)")
        let switched = try expectNotNil(down, "no switch to layer 0 during the cut; \(report)")
        try expect(
            switched.time - cut.start <= .seconds(5),
            "layer 0 reached \(switched.time - cut.start) after the cut; \(report)")
        let settled = timeline.indices.filter { index in
            let time = ShapedLinkEndpoint.intervalLength * index
            return time >= switched.time && time + ShapedLinkEndpoint.intervalLength <= cut.end
        }
        let sent = settled.reduce(0) { $0 + timeline[$1].mediaPackets }
        let dropped = settled.reduce(0) { $0 + timeline[$1].mediaPacketsDropped }
        try expect(sent > 0, "no media during the cut after the switch; \(report)")
        try expect(dropped * 20 < sent, "\(dropped) of \(sent) media packets dropped at layer 0 during the cut; \(report)")
        try expect(upAgain != nil, "not back to layer 1 within 15 s of the cut's end; \(report)")
    }
}

extension CongestionControlCases {
    /// A consumer that negotiated REMB (goog-remb feedback and abs-send-time;
    /// no transport-cc): before any REMB, 600,000 takes it to layer 1; its
    /// endpoint's REMB of 200,000 takes it to layer 0 and one of 2,000,000 to
    /// layer 2, `availableOutgoingBitrate` following. Every copy carries an
    /// abs-send-time the SFU wrote when it sent it (the sender sends none),
    /// moving forward; no probation packets go out (they would need
    /// transport-wide numbers).
    static func rembDecidesTheLayer(context: AcceptanceContext) async throws {
        let endpoint = try UdpPeer()
        let listener = UdpListener(endpoint, context: context)
        let room = try await SimulcastRoom.make(endpoint: endpoint, context: context)
        let consumer = try await room.recvTransport.consume(
            ConsumerOptions(producerId: room.producer.id, rtpCapabilities: room.router.rtpCapabilities.withoutTransportCc))
        let feedbackTypes = consumer.rtpParameters.codecs.flatMap { ($0.rtcpFeedback ?? []).map(\.type) }
        try expect(
            feedbackTypes.contains("goog-remb") && !feedbackTypes.contains("transport-cc"),
            "the consumer negotiated goog-remb, not transport-cc: \(feedbackTypes)")
        let absSendTimeId = try expectNotNil(
            consumer.rtpParameters.headerExtensions?.first { $0.uri == .absSendTime }?.id,
            "the consumer's abs-send-time extension")
        let consumerSsrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        try room.startSending(context: context)
        try await expectSpatialLayers([(consumer, 1)], "before any REMB (600,000)")

        let remb = { (bitrate: UInt64) in
            let message = RTCPReceiverEstimatedMaxBitrate(senderSSRC: 0x5EED_0002, bitrate: bitrate, ssrcs: [consumerSsrc])
            endpoint.send(message.bytes, to: room.recvTransport.tuple.localPort)
        }
        remb(200_000)
        try await expectSpatialLayers([(consumer, 0)], "after a REMB of 200,000")
        try expectEqual(
            try await room.recvTransport.getStats().first?.availableOutgoingBitrate, 200_000,
            "availableOutgoingBitrate after a REMB of 200,000")
        remb(2_000_000)
        try await expectSpatialLayers([(consumer, 2)], "after a REMB of 2,000,000")
        let stats = try await room.recvTransport.getStats().first
        try expectEqual(stats?.availableOutgoingBitrate, 2_000_000, "availableOutgoingBitrate after a REMB of 2,000,000")
        try expectEqual(stats?.probationBytesSent, 0, "probationBytesSent with REMB")

        let copies = try await listener.finish().filter(UdpPeer.isRTP).map { try RTPPacket(parsing: $0) }
            .filter { $0.ssrc == consumerSsrc }
        try expect(copies.count > 20, "\(copies.count) copies reached the endpoint")
        let times = copies.compactMap { packet -> UInt32? in
            guard let value = packet.headerExtension(id: absSendTimeId), value.count == 3 else { return nil }
            return value.reduce(0) { $0 << 8 | UInt32($1) }
        }
        try expectEqual(times.count, copies.count, "copies with an abs-send-time")
        // Forward modulo the 64 s wrap, by at most a few seconds between copies.
        let steps = zip(times, times.dropFirst()).map { ($1 &- $0) & 0xFF_FFFF }
        try expect(steps.allSatisfy { $0 < 3 << 18 }, "abs-send-time steps back or jumps: \(steps.max() ?? 0)")
        try expect(steps.contains { $0 > 0 }, "abs-send-time never moves")
    }
}
