import Mediasoup
import MediasoupChannel
import RTP

// The send side of a consumer: which packets of its producer it forwards
// (pause, keyframe waits, simulcast layer choice), rewritten into its own
// SSRC, sequence number and timestamp space and header extension ids.

extension WorkerConsumer {
    var router: WorkerRouter { transport.router }

    /// Takes a packet of the producer, as the router forwards it.
    func send(_ routed: RoutedPacket) {
        guard !paused, !producerPaused else { return }
        let streamIndex: Int
        switch type {
        case .pipe:
            streamIndex = routed.encodingIndex
        case .simple, .svc:
            guard routed.encodingIndex == 0 else { return }
            streamIndex = 0
        case .simulcast:
            guard selectSpatialLayer(for: routed) else { return }
            streamIndex = 0
        }
        guard streamIndex < sendStates.count else { return }
        if kind == .video && waitingForKeyFrame {
            guard routed.isKeyFrame else { return }
            waitingForKeyFrame = false
        }

        var packet = routed.packet
        let rewritten = sendStates[streamIndex].rewrite(
            sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, encoding: routed.encodingIndex,
            at: routed.arrival)
        packet.ssrc = sendStates[streamIndex].ssrc
        packet.sequenceNumber = rewritten.sequenceNumber
        packet.timestamp = rewritten.timestamp
        for ext in rtpParameters.headerExtensions {
            let value: ArraySlice<UInt8>? =
                ext.uri == .mid ? rtpParameters.mid.map { ArraySlice($0.utf8) } : routed.extensions[ext.uri]
            if let value { try? packet.setHeaderExtension(id: ext.id, value: Array(value)) }
        }
        sendStates[streamIndex].traffic.add(bytes: packet.bytes.count, at: routed.arrival)
        transport.sendRTP(packet.bytes, from: self)
    }

    /// Simulcast: forwards the highest receiving encoding up to the preferred
    /// spatial layer, switching only on a keyframe of the new one. Returns
    /// whether this packet is to be sent.
    private func selectSpatialLayer(for routed: RoutedPacket) -> Bool {
        guard let producer = router.producer(producerId) else { return false }
        let preferred = max(preferredSpatialLayer, 0)
        let target =
            (0...preferred).reversed().first { producer.isEncodingActive($0, at: routed.arrival) } ?? preferred
        if routed.encodingIndex == currentSpatialLayer {
            if target != currentSpatialLayer, kind == .video { producer.requestKeyFrame() }
            return true
        }
        guard routed.encodingIndex == target, routed.isKeyFrame else { return false }
        currentSpatialLayer = target
        waitingForKeyFrame = false
        runtime.notify(
            targetId: id, event: ConsumerNotification.layersChange,
            data: try? LayersChangePayload(
                layers: ConsumerLayers(spatialLayer: target, temporalLayer: max(preferredTemporalLayer, 0))
            ).channelData())
        return true
    }

    /// After a pause: the next packets start a new run, and video waits for a keyframe it asks for.
    func restartSending() {
        for index in sendStates.indices { sendStates[index].restart() }
        guard kind == .video else { return }
        waitingForKeyFrame = true
        router.producer(producerId)?.requestKeyFrame()
    }

    /// The producer's `inbound-rtp` stats of the stream this consumer forwards.
    func forwardedProducerStats() -> [RtpStreamStats] {
        guard type != .pipe, let producer = router.producer(producerId) else { return [] }
        let encoding = type == .simulcast ? currentSpatialLayer : 0
        return producer.receiveStats().filter { stats in
            producer.receiveStreams.contains { $0?.ssrc == stats.ssrc && $0?.encodingIndex == encoding }
        }
    }
}
