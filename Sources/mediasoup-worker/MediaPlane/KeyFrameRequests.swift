import Mediasoup
import RTP

// Keyframe requests: consumers ask their producer for a keyframe (after a
// pause, a layer switch, or a PLI/FIR from their endpoint); the producer asks
// its sender with a PLI, at most once per keyFrameRequestDelay.

extension WorkerProducer {
    /// Sends a PLI for each stream of this producer to its sender.
    func requestKeyFrame() {
        guard kind == .video else { return }
        let now = monotonicMilliseconds()
        if keyFrameRequestDelay > 0, lastKeyFrameRequest != 0, now - lastKeyFrameRequest < UInt64(keyFrameRequestDelay) {
            return
        }
        lastKeyFrameRequest = now
        for stream in receiveStreams.compactMap({ $0 }) {
            transport.sendRTCP(RTCPPictureLossIndication(senderSSRC: 1, mediaSSRC: stream.ssrc).bytes)
            pliCount += 1
        }
    }
}

extension WorkerTransport {
    /// Takes an incoming RTCP compound packet: keyframe requests (PLI, FIR)
    /// about a consumer's stream go to that consumer's producer; the rest is
    /// counted. A malformed packet ends the walk (what came before it counts).
    func receiveRTCP(_ bytes: [UInt8]) {
        received.add(bytes: bytes.count)
        let requested: [UInt32] = bytes.withUnsafeBytes { raw in
            var ssrcs: [UInt32] = []
            var iterator = RTCPCompoundIterator(raw)
            while let packet = try? iterator.next() {
                guard packet.header.packetType == RTCPPacketType.payloadFeedback else { continue }
                switch packet.header.count {
                case RTCPPictureLossIndication.format:
                    if let pli = try? RTCPPictureLossIndication(parsing: packet.bytes) { ssrcs.append(pli.mediaSSRC) }
                case RTCPFullIntraRequest.format:
                    if let fir = try? RTCPFullIntraRequest(parsing: packet.bytes) { ssrcs += fir.entries.map(\.ssrc) }
                default:
                    continue
                }
            }
            return ssrcs
        }
        for ssrc in requested {
            guard let consumer = consumers.values.first(where: { $0.mediaSsrcs.contains(ssrc) }), consumer.kind == .video
            else { continue }
            router.producer(consumer.producerId)?.requestKeyFrame()
        }
    }
}
