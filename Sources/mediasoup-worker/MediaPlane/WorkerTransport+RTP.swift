import Mediasoup
import NIOCore
import MediaEngine
import RTP

// RTP and RTCP through a transport: finding the producer of an incoming
// packet (the RTP listener), and the kind-specific ways out.

/// Where a transport's consumers' RTP goes.
enum RTPOutput {
    /// Into the media plane's send queue for this socket and address; the
    /// copy is protected in place first with the SRTP sessions when given.
    case socket(UdpSocketChannel, SocketAddress, TransportSrtp?)
    /// Through ``WorkerTransport/transmitRTP(_:from:)``, as an array (a
    /// transport without a socket: DirectTransport's channel notifications).
    case transmit
    /// Nowhere now (not connected, or no SRTP session yet).
    case none
}

extension WorkerTransport {
    /// Takes an incoming RTP packet given as an array (DirectTransport's
    /// `producer.send`): as a datagram read from a socket, in a batch of its own.
    func receiveRTP(_ bytes: [UInt8]) {
        let media = runtime.media
        media.beginBatch()
        defer { media.endBatch() }
        var bytes = bytes
        _ = bytes.withUnsafeMutableBytes { receiveRTP($0) }
    }

    /// Takes an incoming RTP packet, borrowed for the call (and writable: an
    /// RTX packet is decoded in place): finds its producer by SSRC, then MID,
    /// then RID header extension, and hands it over. Malformed packets and
    /// packets of no producer are counted and dropped.
    ///
    /// - Returns: whether a producer took the packet.
    @discardableResult
    func receiveRTP(_ packet: UnsafeMutableRawBufferPointer) -> Bool {
        let now = monotonicMilliseconds()
        received.add(bytes: packet.count, at: now)
        guard let header = try? RTPHeaderFields.parse(UnsafeRawBufferPointer(packet)) else {
            rtpPacketsDiscarded += 1
            return false
        }
        rtpReceived.add(bytes: packet.count, at: now)
        guard let producer = producer(of: header, in: UnsafeRawBufferPointer(packet)) else {
            rtpPacketsDiscarded += 1
            return false
        }
        if transportCc != nil { recordTransportWideSequenceNumber(header, in: UnsafeRawBufferPointer(packet)) }
        producer.receive(packet, header: header, at: now)
        return true
    }

    /// The RTP listener: SSRC table first, then the MID and RID header
    /// extensions. An answer found by SSRC (declared, or learned by the
    /// producer's receive stream) is kept until the producers change.
    private func producer(of header: RTPHeaderFields, in packet: UnsafeRawBufferPointer) -> WorkerProducer? {
        let ssrc = header.ssrc
        if let producer = listenedSsrcs[ssrc] { return producer }
        for id in producers.ids {
            if let producer = producers[id], producer.ssrcs.contains(ssrc) {
                listenedSsrcs[ssrc] = producer
                return producer
            }
        }
        for id in producers.ids {
            if let producer = producers[id], producer.receiveStreams.contains(where: { $0?.ssrc == ssrc }) {
                listenedSsrcs[ssrc] = producer
                return producer
            }
        }
        for id in producers.ids {
            guard let producer = producers[id] else { continue }
            let extensions = producer.rtpParameters.headerExtensions
            if let mid = producer.rtpParameters.mid, let id = extensions.first(where: { $0.uri == .mid })?.id,
                let range = header.extensionValueRange(id: id, in: packet),
                packet[range].elementsEqual(mid.utf8)
            {
                return producer
            }
            if let id = extensions.first(where: { $0.uri == .rtpStreamId })?.id,
                let range = header.extensionValueRange(id: id, in: packet),
                producer.rids.contains(where: { packet[range].elementsEqual($0.utf8) })
            {
                return producer
            }
        }
        if producers.ids.count == 1, let only = producers.ids.first.flatMap({ producers[$0] }),
            only.rtpParameters.encodings.count == 1, only.rtpParameters.encodings[0].ssrc == 0
        {
            return only
        }
        return nil
    }

    /// Takes a datagram from the connected remote, borrowed for the call: RTP
    /// or RTCP (RFC 5761 demultiplexing); anything else is counted and dropped.
    func receiveDatagram(_ datagram: UnsafeMutableRawBufferPointer) {
        switch PacketDemux.classify(UnsafeRawBufferPointer(datagram)) {
        case .rtp:
            receiveRTP(datagram)
        case .rtcp:
            receiveRTCP(Array(datagram))
        default:
            received.add(bytes: datagram.count, at: monotonicMilliseconds())
        }
    }

    /// Whether consumers' packets have a way out now (connected, keyed).
    var canSendMedia: Bool {
        if case .none = rtpOutput() { return false }
        return true
    }

    /// Consumers' packets have a way out from now on (the transport
    /// connected): each active video consumer asks for a keyframe, as its
    /// endpoint can decode nothing before one (mediasoup's TransportConnected).
    func mediaPathOpened() {
        guard canSendMedia else { return }
        for consumer in consumers.values { consumer.mediaPathOpened() }
    }

    /// Counts an RTP packet of one of this transport's consumers as sent.
    func countSentRTP(bytes count: Int, at now: UInt64) {
        sent.add(bytes: count, at: now)
        rtpSent.add(bytes: count, at: now)
    }

    /// Sends an RTP packet of one of this transport's consumers through
    /// ``transmitRTP(_:from:)`` (transports without a socket); counts it.
    func sendRTP(_ bytes: [UInt8], from consumer: WorkerConsumer) {
        let now = monotonicMilliseconds()
        guard transmitRTP(bytes, from: consumer) else { return }
        countSentRTP(bytes: bytes.count, at: now)
    }

    /// Sends an RTCP packet to the remote side; counts it.
    func sendRTCP(_ bytes: [UInt8]) {
        guard transmitRTCP(bytes) else { return }
        sent.add(bytes: bytes.count, at: monotonicMilliseconds())
    }
}
