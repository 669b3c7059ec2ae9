import Mediasoup
import RTP

// VP8 temporal layers (vp8-temporal.pcap: L1T3, TIDs 0,2,1,2 repeating): a
// consumer forwards the layers up to its preferred temporal layer, and what
// its endpoint receives reads as one continuous stream.

extension ReplayCases {
    static let temporalLayers: [AcceptanceCase] = (0...2).map { preferred in
        AcceptanceCase(
            suite, "vp8-temporal.pcap: preferring temporal layer \(preferred), the consumer sends layers 0...\(preferred)",
            timeLimit: .seconds(20)
        ) { context in
            try await temporalLayerSelection(preferred: preferred, context: context)
        }
    }

    /// vp8-temporal.pcap into a producer with scalabilityMode L1T3; a
    /// consumer preferring temporal layer `preferred` gets exactly the
    /// capture's packets of TID 0...`preferred` (it starts on the capture's
    /// first keyframe and climbs at layer sync points), in order, with
    /// consecutive sequence numbers, payloads identical after the VP8
    /// descriptor, picture IDs that go up by one per picture (the dropped
    /// pictures leave no gap), TL0PICIDX as sent, and a `layerschange` to
    /// temporal layer `preferred`.
    static func temporalLayerSelection(preferred: Int, context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8-temporal.pcap")
        let timed = try capture.timedDatagrams()
        let descriptors = try timed.map { datagram in
            try VP8PayloadDescriptor(parsing: try RTPPacket(parsing: datagram.bytes).payload)
        }
        let layers = try descriptors.map { try expectNotNil($0.temporalLayerID, "a TID in every packet") }
        try expectEqual(Set(layers), [0, 1, 2], "the capture's temporal layers")
        try expect(descriptors.first?.isKeyFrame == true, "the capture starts with a keyframe")
        let expected = timed.indices.filter { Int(layers[$0]) <= preferred }

        var rtpParameters = capture.producerRtpParameters
        rtpParameters.encodings = capture.encodings.map { RtpEncodingParameters(ssrc: $0.ssrc, scalabilityMode: "L1T3") }
        let relay = try await PlainRelay.make(
            capture, rtpParameters: rtpParameters,
            preferredLayers: ConsumerLayers(spatialLayer: 0, temporalLayer: preferred), context: context)
        let (sendTransport, receiver, consumer) = (relay.sendTransport, relay.receiver, relay.consumer)
        try expectEqual(consumer.type, .simulcast, "consumer.type (VP8 with temporal layers)")
        let temporalChanges = CallRecorder<Int?>()
        consumer.events.on { event in
            if case .layersChange(let layers) = event { temporalChanges.record(layers?.temporalLayer) }
        }

        let receiving = Task { await onItsOwnThread { receiver.receiveRTP(upTo: expected.count, quietMilliseconds: 2000) } }
        try await FixtureCapture.sendPaced(timed, from: try UdpPeer(), to: sendTransport.tuple.localPort)
        let received = await receiving.value
        try expectEqual(received.count, expected.count, "packets of temporal layers 0...\(preferred) forwarded")

        let ssrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        var previous: (sequenceNumber: UInt16, pictureID: UInt16, timestamp: UInt32)?
        for (position, (bytes, index)) in zip(received, expected).enumerated() {
            let packet = try RTPPacket(parsing: bytes)
            let original = try RTPPacket(parsing: timed[index].bytes)
            let descriptor = try VP8PayloadDescriptor(parsing: packet.payload)
            let source = descriptors[index]
            try expectEqual(packet.ssrc, ssrc, "SSRC of packet \(position)")
            try expect(
                packet.payload.dropFirst(descriptor.size).elementsEqual(original.payload.dropFirst(source.size)),
                "packet \(position) is not capture packet \(index) (payload after the VP8 descriptor)")
            try expectEqual(descriptor.temporalLayerID, source.temporalLayerID, "TID of packet \(position)")
            try expectEqual(descriptor.tl0PictureIndex, source.tl0PictureIndex, "TL0PICIDX of packet \(position)")
            let pictureID = try expectNotNil(descriptor.pictureID, "picture ID of packet \(position)")
            if let previous {
                try expectEqual(packet.sequenceNumber, previous.sequenceNumber &+ 1, "sequence number of packet \(position)")
                let step: UInt16 = packet.timestamp == previous.timestamp ? 0 : 1
                try expectEqual(pictureID, (previous.pictureID &+ step) & 0x7FFF, "picture ID of packet \(position)")
            }
            previous = (packet.sequenceNumber, pictureID, packet.timestamp)
        }
        try expectEqual(temporalChanges.values.last ?? nil, preferred, "the last layerschange's temporal layer")
    }
}
