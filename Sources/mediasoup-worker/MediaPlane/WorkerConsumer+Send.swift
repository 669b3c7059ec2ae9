import Mediasoup
import MediasoupChannel
import RTP

// The send side of a consumer: which packets of its producer it forwards
// (pause, keyframe waits, simulcast layer choice), rewritten into its own
// SSRC, sequence number and timestamp space and header extension ids.

extension WorkerConsumer {
    var router: WorkerRouter { transport.router }

    /// Takes a packet of the producer, as the router forwards it, and writes
    /// this consumer's copy into a send slot of its transport's socket (or,
    /// for a transport without one, hands it over as an array).
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

        let plan: ConsumerExtensionPlan
        if let extensionPlan {
            plan = extensionPlan
        } else {
            plan = ConsumerExtensionPlan(consumer: rtpParameters, producer: routed.producer.routing)
            extensionPlan = plan
        }
        let rewritten = sendStates[streamIndex].rewrite(
            sequenceNumber: routed.header.sequenceNumber, timestamp: routed.header.timestamp,
            encoding: routed.encodingIndex, at: routed.arrival)
        let ssrc = sendStates[streamIndex].ssrc
        let output = transport.rtpOutput()
        switch output {
        case .socket(let channel, let address, let srtp):
            let media = channel.media
            let slot = media.sendSlot()
            guard
                let length = ConsumerPacketWriter.write(
                    routed, plan: plan, sequenceNumber: rewritten.sequenceNumber, timestamp: rewritten.timestamp,
                    ssrc: ssrc, into: slot, room: srtp?.maxTrailerLength ?? 0)
            else { return }
            sendStates[streamIndex].traffic.add(bytes: length, at: routed.arrival)
            var wireLength = length
            if let srtp {
                guard let protected = srtp.protectRTP(slot, length: length) else { return }
                wireLength = protected
            }
            transport.countSentRTP(bytes: length, at: routed.arrival)
            media.commit(length: wireLength, through: channel, to: address)
        case .transmit, .none:
            let media = runtime.media
            guard
                let length = ConsumerPacketWriter.write(
                    routed, plan: plan, sequenceNumber: rewritten.sequenceNumber, timestamp: rewritten.timestamp,
                    ssrc: ssrc, into: media.scratch, room: 0)
            else { return }
            // Counted as the consumer's (its stream advanced) even when its transport cannot send yet.
            sendStates[streamIndex].traffic.add(bytes: length, at: routed.arrival)
            guard case .transmit = output else { return }
            transport.sendRTP(Array(media.scratch[..<length]), from: self)
        }
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
        let producer = routed.producer
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
