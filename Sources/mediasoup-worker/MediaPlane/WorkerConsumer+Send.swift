import Mediasoup
import MediasoupChannel
import MediaEngine
import RTP

// The send side of a consumer: which packets of its producer it forwards
// (pause, keyframe waits, simulcast layer choice), rewritten into its own
// SSRC, sequence number and timestamp space and header extension ids.

extension WorkerConsumer {
    var router: WorkerRouter { transport.router }

    /// Takes a packet of the producer, as the router forwards it, and writes
    /// this consumer's copy into a send slot of its transport's socket (or,
    /// for a transport without one, hands it over as an array).
    func send(_ routed: RoutedPacket, from producer: WorkerProducer) {
        let packet = ConsumerLayerSelection.Packet(
            encoding: routed.encodingIndex, isKeyFrame: routed.isKeyFrame,
            temporalLayer: routed.payloadInfo.temporalLayer, followsTemporalLayers: routed.codec == .vp8,
            isLayerSync: routed.payloadInfo.isLayerSync)
        let outcome = selection.take(packet) { preferred in
            ProducerReceiveStream.simulcastTarget(of: producer.receiveStreams, preferred: preferred, at: routed.arrival)
        }
        if case .encoding(let encoding) = outcome.keyFrameRequest {
            producer.requestKeyFrame(encoding: encoding, at: routed.arrival)
        }
        if outcome.layersChanged { notifyLayersChange() }
        switch outcome.verdict {
        case .skip:
            return
        case .dropInGap(let streamIndex):
            sendStates[streamIndex].drop(
                sequenceNumber: routed.header.sequenceNumber,
                pictureId: routed.payloadInfo.pictureID.map { Int32($0) } ?? -1)
        case .send(let streamIndex):
            if forwardingSince == nil { forwardingSince = routed.arrival }
            forward(routed, from: producer, stream: streamIndex)
        }
    }

    /// Sends this consumer's copy of `routed` on its stream `streamIndex`.
    private func forward(_ routed: RoutedPacket, from producer: WorkerProducer, stream streamIndex: Int) {
        let plan = extensionPlan(for: producer)
        guard
            let rewritten = sendStates[streamIndex].rewrite(
                sequenceNumber: routed.header.sequenceNumber, timestamp: routed.header.timestamp,
                encoding: routed.encodingIndex, at: routed.arrival),
            let length = emit(
                routed, plan: plan, sequenceNumber: rewritten.sequenceNumber, timestamp: rewritten.timestamp,
                stream: streamIndex, asRTX: false)
        else { return }
        // Counted as the consumer's (its stream advanced) even when its transport cannot send yet.
        sendStates[streamIndex].sent(
            sequenceNumber: rewritten.sequenceNumber, timestamp: rewritten.timestamp, bytes: length,
            payloadLength: routed.header.payloadLength, reference: routed.historyReference, at: routed.arrival)
    }

    /// What its header extensions carry for this producer, resolved at the first packet.
    func extensionPlan(for producer: WorkerProducer) -> ConsumerExtensionPlan {
        if let extensionPlan { return extensionPlan }
        let plan = ConsumerExtensionPlan(consumer: rtpParameters, producer: producer.routing)
        extensionPlan = plan
        return plan
    }

    /// Writes this consumer's copy of `routed` with the given sequence number
    /// and timestamp, RTX-encoded when `asRTX`, and sends it: into a send slot
    /// of its transport's socket (SRTP-protected in place), or as an array for
    /// a transport without one. Returns the copy's length before RTX and SRTP,
    /// nil when it could not be written.
    func emit(
        _ routed: RoutedPacket, plan: ConsumerExtensionPlan, sequenceNumber: UInt16, timestamp: UInt32,
        stream index: Int, asRTX: Bool
    ) -> Int? {
        let ssrc = sendStates[index].ssrc
        let rtxRoom = asRTX ? RTXEncoding.overhead : 0
        let output = transport.rtpOutput()
        let wide = plan.carriesTransportWideSequence ? transport.nextTransportWideSequenceNumber : nil
        // The packet path's time (a routed packet's is when it is handed over: now).
        let sendTime = plan.carriesAbsSendTime ? ConsumerPacketWriter.absSendTime(milliseconds: routed.arrival) : nil
        switch output {
        case .socket(let channel, let address, let srtp):
            let media = channel.media
            let slot = media.sendSlot()
            guard
                let length = ConsumerPacketWriter.write(
                    routed, plan: plan, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: ssrc,
                    transportWideSequenceNumber: wide, absSendTime: sendTime, into: slot, room: (srtp?.maxTrailerLength ?? 0) + rtxRoom),
                var wireLength = finish(slot, length: length, routed: routed, stream: index, asRTX: asRTX)
            else { return nil }
            let plainLength = wireLength
            if let srtp {
                guard let protected = srtp.protectRTP(slot, length: wireLength) else { return nil }
                wireLength = protected
            }
            transport.countSentRTP(bytes: plainLength, at: routed.arrival)
            if wide != nil { transport.transportWideSequenceNumberSent(size: wireLength, at: routed.arrival) }
            media.commit(length: wireLength, through: channel, to: address)
            return length
        case .transmit, .none:
            let scratch = runtime.media.scratch
            guard
                let length = ConsumerPacketWriter.write(
                    routed, plan: plan, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: ssrc,
                    transportWideSequenceNumber: wide, absSendTime: sendTime, into: scratch, room: rtxRoom),
                let wireLength = finish(scratch, length: length, routed: routed, stream: index, asRTX: asRTX)
            else { return nil }
            if wide != nil { transport.transportWideSequenceNumberSent(size: wireLength, at: routed.arrival) }
            if case .transmit = output { transport.sendRTP(Array(scratch[..<wireLength]), from: self) }
            return length
        }
    }

    /// The last touches on a copy of `length` bytes in `slot`: a VP8 payload
    /// descriptor gets the stream's continuous picture ID and TL0PICIDX; then
    /// the copy becomes an RTX packet when `asRTX`. Returns its length.
    private func finish(
        _ slot: UnsafeMutableRawBufferPointer, length: Int, routed: RoutedPacket, stream index: Int, asRTX: Bool
    ) -> Int? {
        if routed.codec == .vp8, routed.payloadInfo.pictureID != nil || routed.payloadInfo.tl0PictureIndex != nil {
            // The copy ends with the payload (no padding).
            let payloadStart = length - routed.header.payloadLength
            sendStates[index].rewriteVP8(UnsafeMutableRawBufferPointer(rebasing: slot[payloadStart..<length]))
        }
        return asRTX ? encodeRTX(slot, length: length, stream: index) : length
    }

    /// The copy of `length` bytes in `slot` into an RTX packet of the stream's
    /// RTX stream, in place; its length.
    private func encodeRTX(_ slot: UnsafeMutableRawBufferPointer, length: Int, stream index: Int) -> Int? {
        guard let rtx = sendStates[index].rtx,
            let encoded = RTXEncoding.encode(
                slot, length: length, ssrc: rtx.ssrc, payloadType: rtx.payloadType,
                sequenceNumber: sendStates[index].rtxSequenceNumber)
        else { return nil }
        sendStates[index].rtxSequenceNumber &+= 1
        return encoded
    }

    func notifyLayersChange() {
        runtime.notify(
            targetId: id, event: ConsumerNotification.layersChange,
            data: try? LayersChangePayload(layers: currentLayers).channelData())
    }

    /// The layers being sent: nil before the first keyframe of a simulcast
    /// consumer; temporal layer 0 for a stream without TIDs.
    var currentLayers: ConsumerLayers? { selection.currentLayers }

    /// Asks the producer's sender for the keyframe this consumer needs
    /// (``ConsumerLayerSelection/keyFrameRequest``). Nothing for audio.
    func requestKeyFrame() {
        request(selection.keyFrameRequest)
    }

    /// Its transport can send from now on (it connected, or the consumer was
    /// made on a connected one): an active video consumer asks for a keyframe.
    func mediaPathOpened() {
        guard !paused, !producerPaused else { return }
        requestKeyFrame()
    }

    private func request(_ keyFrame: ConsumerLayerSelection.KeyFrameRequest?) {
        guard let keyFrame, let producer = router.producer(producerId) else { return }
        switch keyFrame {
        case .encoding(let encoding): producer.requestKeyFrame(encoding: encoding)
        case .allEncodings: producer.requestKeyFrame()
        }
    }

    /// After a pause: the next packets start a new run, video waits for a keyframe it asks for, and the
    /// transport's bitrate is shared out again with this consumer back in it.
    func restartSending() {
        forwardingSince = nil
        for index in sendStates.indices { sendStates[index].restart() }
        request(selection.restart())
        transport.distributeAvailableOutgoingBitrate()
    }

    /// The producer's `inbound-rtp` stats of the stream this consumer forwards.
    func forwardedProducerStats() -> [RtpStreamStats] {
        guard type != .pipe, let producer = router.producer(producerId) else { return [] }
        let encoding = type == .simulcast ? selection.currentSpatialLayer : 0
        return producer.receiveStats().filter { stats in
            producer.receiveStreams.contains { $0?.ssrc == stats.ssrc && $0?.encodingIndex == encoding }
        }
    }
}
