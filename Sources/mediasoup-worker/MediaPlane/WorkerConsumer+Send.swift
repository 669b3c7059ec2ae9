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

    /// Simulcast: forwards the target encoding, the highest active one up to
    /// the preferred spatial layer (an encoding that received nothing for
    /// ``ProducerReceiveStream/simulcastInactivityMilliseconds`` counts as
    /// stopped, checked as packets of any encoding arrive). When the target
    /// changes, the sender is asked for a keyframe of the target encoding, and
    /// the current one is sent until that keyframe starts: the switch happens
    /// only on a keyframe, and is announced with `layerschange`. Returns
    /// whether this packet is to be sent.
    private func selectSpatialLayer(for routed: RoutedPacket) -> Bool {
        guard let producer = router.producer(producerId) else { return false }
        let target = producer.simulcastTarget(preferred: preferredSpatialLayer, at: routed.arrival)
        let switchesNow = routed.encodingIndex == target && target != currentSpatialLayer && routed.isKeyFrame
        if target != targetSpatialLayer {
            targetSpatialLayer = target
            if target >= 0, target != currentSpatialLayer, !switchesNow {
                producer.requestKeyFrame(encoding: target, at: routed.arrival)
            }
        }
        if routed.encodingIndex == currentSpatialLayer { return true }
        guard switchesNow else { return false }
        currentSpatialLayer = target
        waitingForKeyFrame = false
        runtime.notify(
            targetId: id, event: ConsumerNotification.layersChange,
            data: try? LayersChangePayload(layers: currentLayers).channelData())
        return true
    }

    /// The layers being sent: nil before the first keyframe of a simulcast consumer.
    var currentLayers: ConsumerLayers? {
        guard currentSpatialLayer >= 0 else { return nil }
        return ConsumerLayers(spatialLayer: currentSpatialLayer, temporalLayer: max(preferredTemporalLayer, 0))
    }

    /// Asks the producer's sender for a keyframe of what this consumer sends:
    /// its one stream; for a simulcast consumer the target encoding (the
    /// current one when none, every one before the first); for a pipe
    /// consumer every stream. Nothing for audio.
    func requestKeyFrame() {
        guard kind == .video, let producer = router.producer(producerId) else { return }
        switch type {
        case .simple, .svc:
            producer.requestKeyFrame(encoding: 0)
        case .simulcast:
            let layer = targetSpatialLayer >= 0 ? targetSpatialLayer : currentSpatialLayer
            if layer >= 0 { producer.requestKeyFrame(encoding: layer) } else { producer.requestKeyFrame() }
        case .pipe:
            producer.requestKeyFrame()
        }
    }

    /// After a pause: the next packets start a new run, and video waits for a keyframe it asks for.
    func restartSending() {
        for index in sendStates.indices { sendStates[index].restart() }
        guard kind == .video else { return }
        waitingForKeyFrame = true
        requestKeyFrame()
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
