import Mediasoup
import RTP

// RTP and RTCP through a transport: finding the producer of an incoming
// packet (the RTP listener), and the kind-specific ways out.

extension WorkerTransport {
    /// Takes an incoming RTP packet: finds its producer by SSRC, then MID,
    /// then RID header extension, and hands it over. Malformed packets and
    /// packets of no producer are counted and dropped.
    func receiveRTP(_ bytes: [UInt8]) {
        let now = monotonicMilliseconds()
        received.add(bytes: bytes.count, at: now)
        guard let packet = try? RTPPacket(parsing: bytes) else {
            rtpPacketsDiscarded += 1
            return
        }
        rtpReceived.add(bytes: bytes.count, at: now)
        guard let producer = producer(of: packet) else {
            rtpPacketsDiscarded += 1
            return
        }
        producer.receive(packet, at: now)
    }

    /// The RTP listener: SSRC table first, then the MID and RID header extensions.
    private func producer(of packet: RTPPacket) -> WorkerProducer? {
        let candidates = producers.values
        if let producer = candidates.first(where: { $0.ssrcs.contains(packet.ssrc) }) { return producer }
        if let producer = candidates.first(where: { $0.receiveStreams.contains { $0?.ssrc == packet.ssrc } }) {
            return producer
        }
        for producer in candidates {
            let extensions = producer.rtpParameters.headerExtensions
            if let mid = producer.rtpParameters.mid, let id = extensions.first(where: { $0.uri == .mid })?.id,
                let value = packet.headerExtension(id: id), value.elementsEqual(mid.utf8)
            {
                return producer
            }
            if let id = extensions.first(where: { $0.uri == .rtpStreamId })?.id,
                let value = packet.headerExtension(id: id),
                producer.rids.contains(where: { value.elementsEqual($0.utf8) })
            {
                return producer
            }
        }
        if candidates.count == 1, let only = candidates.first, only.rtpParameters.encodings.count == 1,
            only.rtpParameters.encodings[0].ssrc == 0
        {
            return only
        }
        return nil
    }

    /// Takes a datagram from the connected remote: RTP or RTCP (RFC 5761
    /// demultiplexing); anything else is counted and dropped.
    func receiveDatagram(_ bytes: [UInt8]) {
        switch PacketDemux.classify(bytes) {
        case .rtp:
            receiveRTP(bytes)
        case .rtcp:
            receiveRTCP(bytes)
        default:
            received.add(bytes: bytes.count)
        }
    }

    /// Sends an RTP packet of one of this transport's consumers; counts it.
    func sendRTP(_ bytes: [UInt8], from consumer: WorkerConsumer) {
        let now = monotonicMilliseconds()
        guard transmitRTP(bytes, from: consumer) else { return }
        sent.add(bytes: bytes.count, at: now)
        rtpSent.add(bytes: bytes.count, at: now)
    }

    /// Sends an RTCP packet to the remote side; counts it.
    func sendRTCP(_ bytes: [UInt8]) {
        guard transmitRTCP(bytes) else { return }
        sent.add(bytes: bytes.count)
    }
}
