import Mediasoup
import RTP

// Bodies of the simulcast layer switch and audio-level cases (the list is
// ReplayCases.simulcastAndAudioLevel). Both replay their capture on its own
// timing: the worker's rules are in real time (a stopped encoding, observer
// intervals).

extension ReplayCases {
    /// vp8-simulcast.pcap into a producer of three RID-identified encodings;
    /// r2 stops after `stopR2At` of the capture. A simulcast consumer
    /// preferring the highest layer forwards r2 from its keyframe; once r2
    /// counts as stopped (mediasoup's 1.5 s RTP inactivity), the worker asks
    /// the sender for a keyframe of r1 (a PLI naming r1's SSRC) and switches
    /// to r1 on r1's next keyframe: that keyframe is the first packet after
    /// the r2 run, sequence numbers stay consecutive, timestamps move on by
    /// the time elapsed, VP8 picture IDs run on without a jump, the SSRC stays
    /// the consumer's, and `layerschange` reports spatial layer 1.
    static func simulcastLayerSwitch(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8-simulcast.pcap")
        let timed = try capture.timedDatagrams()
        let stopR2At = Duration.milliseconds(100)
        let r1 = try expectNotNil(capture.encodings.first { $0.rid == "r1" }, "r1 in the manifest")
        let r2 = try expectNotNil(capture.encodings.first { $0.rid == "r2" }, "r2 in the manifest")
        let ssrcOf = { (bytes: [UInt8]) in try RTPPacket(parsing: bytes).ssrc }
        let sent = try timed.filter { try ssrcOf($0.bytes) != r2.ssrc || $0.offset < stopR2At }

        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        // As a browser signals simulcast: encodings by RID only; the worker
        // learns their SSRCs from the rid header extension.
        var rtpParameters = capture.producerRtpParameters
        rtpParameters.encodings = capture.encodings.map {
            RtpEncodingParameters(rid: $0.rid, scalabilityMode: "L1T1")
        }
        let producer = try await sendTransport.produce(ProducerOptions(kind: .video, rtpParameters: rtpParameters))
        let receiver = try UdpPeer()
        let recvTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
        // Without bandwidth estimation, so the layers follow the encodings'
        // activity alone (bitrate-driven layers: CongestionControlCases).
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities.withoutBandwidthEstimation))
        try expectEqual(consumer.type, .simulcast, "consumer.type")
        let layerChanges = CallRecorder<Int?>()
        consumer.events.on { event in
            if case .layersChange(let layers) = event { layerChanges.record(layers?.spatialLayer) }
        }

        let sender = try UdpPeer()
        let toSender = UdpListener(sender)
        let toReceiver = UdpListener(receiver)
        try await FixtureCapture.sendPaced(sent, from: sender, to: sendTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(500))
        // RTP only: the consumer's sender reports reach the receiver too.
        let received = await toReceiver.finish().filter(UdpPeer.isRTP)
        let rtcp = await toSender.finish()

        // Which capture packet each forwarded packet is: payloads are byte-identical after the
        // VP8 descriptor, whose picture ID the worker renumbers to run on across switches.
        let vp8Data = { (payload: ArraySlice<UInt8>) in
            Array(payload.dropFirst(try VP8PayloadDescriptor(parsing: payload).size))
        }
        var byPayload: [[UInt8]: [TimedDatagram]] = [:]
        for datagram in sent {
            byPayload[try vp8Data(try RTPPacket(parsing: datagram.bytes).payload), default: []].append(datagram)
        }
        let consumerSsrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        var sources: [(datagram: TimedDatagram, out: RTPPacket, ssrc: UInt32)] = []
        var previousPictureID: UInt16?
        for (position, bytes) in received.enumerated() {
            let out = try RTPPacket(parsing: bytes)
            let payload = try vp8Data(out.payload)
            let source = try expectNotNil(byPayload[payload]?.first, "source of forwarded packet \(position)")
            byPayload[payload]?.removeFirst()
            try expectEqual(out.ssrc, consumerSsrc, "SSRC of forwarded packet \(position)")
            let pictureID = try expectNotNil(
                try VP8PayloadDescriptor(parsing: out.payload).pictureID, "picture ID of forwarded packet \(position)")
            if let previous = sources.last, let previousPictureID {
                try expectEqual(
                    out.sequenceNumber, previous.out.sequenceNumber &+ 1,
                    "sequence number of forwarded packet \(position)")
                // One picture ID per picture, continuous across the switches of stream.
                let step: UInt16 = out.timestamp == previous.out.timestamp ? 0 : 1
                try expectEqual(
                    pictureID, (previousPictureID &+ step) & 0x7FFF, "picture ID of forwarded packet \(position)")
            }
            previousPictureID = pictureID
            sources.append((source, out, try ssrcOf(source.bytes)))
        }

        // r2 from its first keyframe until it stopped.
        let r2Forwarded = sources.filter { $0.ssrc == r2.ssrc }
        let r2KeyFrame = try expectNotNil(r2.keyframeStartIndices?.first, "r2 keyframe in the manifest")
        try expectEqual(r2Forwarded.first?.datagram.index, r2KeyFrame, "first r2 packet forwarded (its keyframe)")
        try expectEqual(
            r2Forwarded.map(\.datagram.index), try sent.filter { try ssrcOf($0.bytes) == r2.ssrc }.map(\.index),
            "r2 packets forwarded (every one sent from its keyframe on)")
        // Then r1, from one of its keyframes, to the end.
        let lastR2 = try expectNotNil(sources.lastIndex { $0.ssrc == r2.ssrc }, "an r2 packet forwarded")
        let after = sources[(lastR2 + 1)...]
        let switchPacket = try expectNotNil(after.first, "a packet forwarded after r2 stopped")
        try expectEqual(switchPacket.ssrc, r1.ssrc, "SSRC of the source after r2 stopped (r1)")
        try expect(
            r1.keyframeStartIndices?.contains(switchPacket.datagram.index) == true,
            "the first packet after the switch (capture packet \(switchPacket.datagram.index)) "
                + "is not an r1 keyframe start")
        try expect(
            try CodecPayload.inspect(switchPacket.out.payload, mimeType: capture.mimeType).isKeyFrame,
            "the first packet after the switch does not parse as a keyframe")
        try expect(after.allSatisfy { $0.ssrc == r1.ssrc }, "packets other than r1's after the switch")
        let r1Rest = try sent.filter { try ssrcOf($0.bytes) == r1.ssrc && $0.index >= switchPacket.datagram.index }
        try expectEqual(after.count, r1Rest.count, "r1 packets forwarded after the switch")

        // Timestamps: advance across the switch by about the time elapsed; then follow r1's own.
        let last = sources[lastR2]
        let step = Int64(Int32(bitPattern: switchPacket.out.timestamp &- last.out.timestamp))
        let elapsed = switchPacket.datagram.offset - last.datagram.offset
        let elapsedTicks = Int64(elapsed / .milliseconds(1)) * Int64(capture.clockRate) / 1000
        let slack = Int64(capture.clockRate) / 2
        try expect(
            step > 0 && abs(step - elapsedTicks) <= slack,
            "timestamp step across the switch \(step), expected about \(elapsedTicks) (±\(slack))")
        let r1First = try RTPPacket(parsing: switchPacket.datagram.bytes).timestamp
        for entry in after {
            let source = try RTPPacket(parsing: entry.datagram.bytes).timestamp
            try expectEqual(
                entry.out.timestamp &- switchPacket.out.timestamp, source &- r1First,
                "timestamp of r1 packet \(entry.datagram.index) relative to the switch")
        }

        // The keyframe request for r1, and the layers reported.
        // PLIs alone or anywhere in a compound (after a receiver report, say).
        let plis = rtcp.flatMap(UdpPeer.pictureLossMediaSSRCs(in:))
        try expect(plis.contains(r1.ssrc), "no PLI naming r1's SSRC \(r1.ssrc) reached the sender (PLIs: \(plis))")
        let layers = layerChanges.values
        try expect(layers.contains(2), "no layerschange to spatial layer 2 (got \(layers))")
        try expectEqual(layers.last, 1, "last layerschange spatial layer (got \(layers))")
        try expectEqual(consumer.currentLayers?.spatialLayer, 1, "consumer.currentLayers.spatialLayer")
    }

    /// opus.pcap (1 s of tone at -9 dBov, 1 s of digital silence, 1 s of tone
    /// at -29 dBov) into a producer an AudioLevelObserver watches: `volumes`
    /// names the producer with about -9 dBov, then `silence` comes once
    /// during the silent second, then `volumes` with about -29 dBov.
    static func audioLevelVolumesAndSilence(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("opus.pcap")
        let timed = try capture.timedDatagrams()
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: .audio, rtpParameters: capture.producerRtpParameters))
        let observer = try await router.createAudioLevelObserver(
            AudioLevelObserverOptions(maxEntries: 1, threshold: -70, interval: 250))
        try await observer.addProducer(producerId: producer.id)

        enum Report: Equatable {
            case volume(Double)
            case silence
        }
        let reports = CallRecorder<Report>()
        let producerId = producer.id
        let otherProducer = CallRecorder<String>()
        observer.events.on { event in
            switch event {
            case .volumes(let volumes):
                for volume in volumes where volume.producer.id != producerId {
                    otherProducer.record(volume.producer.id)
                }
                if let first = volumes.first { reports.record(.volume(first.volume)) }
            case .silence:
                reports.record(.silence)
            default:
                break
            }
        }

        let sender = try UdpPeer()
        try await FixtureCapture.sendPaced(timed, from: sender, to: sendTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(600))
        observer.close()

        let got = reports.values
        try expectEqual(otherProducer.values, [], "volumes naming another producer")
        let loud = try expectNotNil(
            got.firstIndex { if case .volume(let v) = $0 { (-12.0 ... -6.0).contains(v) } else { false } },
            "a volumes event of about -9 dBov during the first tone (got \(got))")
        let silence = try expectNotNil(
            got[loud...].firstIndex(of: .silence), "a silence event after the first tone (got \(got))")
        try expect(
            !zip(got, got.dropFirst()).contains { $0 == .silence && $1 == .silence },
            "silence reported twice in a row (got \(got))")
        try expect(
            got[silence...].contains { if case .volume(let v) = $0 { (-32.0 ... -26.0).contains(v) } else { false } },
            "a volumes event of about -29 dBov during the quieter tone, after the silence (got \(got))")
    }

    /// opus.pcap into two producers on their own transports an
    /// ActiveSpeakerObserver watches, B starting 1 s after A: A speaks
    /// alone first, and is the dominant speaker; during A's silent second B
    /// speaks (its first tone), and becomes the dominant speaker.
    static func activeSpeakerFromAudioLevels(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("opus.pcap")
        let timed = try capture.timedDatagrams()
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        var producers: [any Producer] = []
        var ports: [UInt16] = []
        for _ in 0..<2 {
            let transport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
            let options = ProducerOptions(kind: .audio, rtpParameters: capture.producerRtpParameters)
            producers.append(try await transport.produce(options))
            ports.append(transport.tuple.localPort)
        }
        let observer = try await router.createActiveSpeakerObserver(ActiveSpeakerObserverOptions(interval: 200))
        for producer in producers { try await observer.addProducer(producerId: producer.id) }

        let clock = ContinuousClock()
        let start = clock.now
        let dominant = CallRecorder<(id: String, at: Duration)>()
        observer.events.on { event in
            if case .dominantSpeaker(let producer) = event { dominant.record((producer.id, clock.now - start)) }
        }
        let senderA = try UdpPeer()
        let senderB = try UdpPeer()
        let (portA, portB) = (ports[0], ports[1])
        async let sentA: Void = FixtureCapture.sendPaced(timed, from: senderA, to: portA)
        async let sentB: Void = {
            try await Task.sleep(for: .seconds(1))
            try await FixtureCapture.sendPaced(timed, from: senderB, to: portB)
        }()
        _ = try await (sentA, sentB)
        observer.close()

        let (a, b) = (producers[0].id, producers[1].id)
        let names = dominant.values.map { $0.id == a ? "A" : $0.id == b ? "B" : $0.id }
        try expectEqual(dominant.values.first?.id, a, "first dominant speaker (got \(names))")
        let takeover = try expectNotNil(
            dominant.values.first { $0.id == b }, "B never became the dominant speaker (got \(names))")
        try expect(
            takeover.at > .seconds(1) && takeover.at < .milliseconds(2500),
            "B became the dominant speaker at \(takeover.at), not during its first tone (1 s to 2 s)")
    }
}
