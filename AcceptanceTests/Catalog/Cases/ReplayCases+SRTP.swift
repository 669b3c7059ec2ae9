import Foundation
import Mediasoup
import RTP
import SRTP

// SRTP (SDES) on PlainTransport and PipeTransport: the bodies of the cases in
// `ReplayCases.srtp`. The cases unprotect with their own SRTP sessions
// (module SRTP) to know what the packets carry, so a wrong key, suite or tag
// on either side fails them.

extension ReplayCases {
    /// ffmpeg's SRTP capture into a comedia PlainTransport with SRTP, keyed
    /// by `connect({ srtpParameters })`; a plain PlainTransport consumer
    /// sends every packet decrypted.
    static func replaySrtpIntoPlainTransport(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("opus-srtp.pcap")
        let keying = try expectNotNil(capture.srtp, "srtp keying of opus-srtp.pcap in the manifest")
        let protected = try capture.datagrams()
        let plain = try unprotectedCapture(capture)
        let flow = try await SrtpProducerFlow(capture, keying: keying, context: context)

        let expected = plain.count
        let receiving = Task { await onItsOwnThread { receiveRTP(flow.receiver, count: expected) } }
        try await send(protected, from: flow.sender, to: flow.sendTransport.tuple.localPort)
        let received = await receiving.value
        try checkForwarded(received, sent: plain, capture: capture, consumer: flow.consumer)

        let unprotectedBytes = capture.rtpBytes - capture.packetCount * keying.authTagLength
        let producerStats = try await flow.producer.getStats()
        try expectEqual(producerStats.first?.packetCount, capture.packetCount, "producer inbound packetCount")
        try expectEqual(producerStats.first?.byteCount, unprotectedBytes, "producer inbound byteCount (tags removed)")
        let transportStats = try await flow.sendTransport.getStats()
        try expectEqual(transportStats.first?.rtpBytesReceived, unprotectedBytes, "transport rtpBytesReceived")
    }

    /// opus.pcap into a plain PlainTransport; a consumer on a PlainTransport
    /// with SRTP in `suite` sends it protected with the transport's own key
    /// (its `srtpParameters`), which the case unprotects.
    static func replayOutOfSrtpPlainTransport(_ suite: SrtpCryptoSuite, context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("opus.pcap")
        let sent = try capture.datagrams()
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))

        let receiver = try UdpPeer()
        let recvTransport = try await router.createPlainTransport(
            PlainTransportOptions(
                listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), enableSrtp: true,
                srtpCryptoSuite: suite))
        // The remote's key (ours, as the receiving peer): what the transport would
        // unprotect with. It sends with its own key, given in srtpParameters.
        let remoteKey = (0..<suite.masterKeyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        try await recvTransport.connect(
            PlainTransportConnectParameters(
                ip: "127.0.0.1", port: receiver.port,
                srtpParameters: SrtpParameters(cryptoSuite: suite, keyBase64: Data(remoteKey).base64EncodedString())))
        let local = try expectNotNil(recvTransport.srtpParameters, "srtpParameters of the consumer's transport")
        try expectEqual(local.cryptoSuite, suite, "crypto suite of the consumer's transport")
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))

        let sender = try UdpPeer()
        let expected = sent.count
        let receiving = Task { await onItsOwnThread { receiveRTP(receiver, count: expected) } }
        try await send(sent, from: sender, to: sendTransport.tuple.localPort)
        let received = await receiving.value

        let srtpSuite = try expectNotNil(SRTPCryptoSuite(rawValue: suite.rawValue), "SRTP module suite")
        let session = try SRTPSession(suite: srtpSuite, direction: .inbound, keyBase64: local.keyBase64)
        var unprotected: [[UInt8]] = []
        for (index, packet) in received.enumerated() {
            do {
                unprotected.append(try session.unprotectRTP(packet))
            } catch {
                try expect(false, "packet \(index) does not unprotect with the transport's key: \(error)")
            }
        }
        try checkForwarded(unprotected, sent: sent, capture: capture, consumer: consumer)
        let consumerStats = try await consumer.getStats()
        try expectEqual(consumerStats.first?.packetCount, sent.count, "consumer outbound packetCount")
    }

    /// ffmpeg's SRTP capture with bad packets among the good ones: a tampered
    /// copy of the first packet before anything else (comedia must not learn
    /// its sender from it), two replays, a truncated and a tampered packet,
    /// two bad SRTCP packets and a stray datagram. The bad ones are dropped and
    /// counted (transport bytes received that never became RTP), every good
    /// one is forwarded, the worker lives on.
    static func badSrtpPackets(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("opus-srtp.pcap")
        let keying = try expectNotNil(capture.srtp, "srtp keying of opus-srtp.pcap in the manifest")
        let protected = try capture.datagrams()
        try expect(protected.count > 40, "opus-srtp.pcap has more than 40 packets")
        let plain = try unprotectedCapture(capture)
        let flow = try await SrtpProducerFlow(capture, keying: keying, context: context)

        // Flips a payload byte: the tag (the last authTagLength bytes) no longer verifies.
        func tampered(_ packet: [UInt8]) -> [UInt8] {
            var copy = packet
            copy[copy.count - keying.authTagLength - 1] ^= 0x40
            return copy
        }
        let bad: [[UInt8]] = [
            protected[10], protected[29],  // replayed: seen already
            Array(protected[30].prefix(16)),  // truncated: shorter than header and tag
            tampered(protected[30]),
            [0x80, 0xC8, 0x00, 0x06, 0x01, 0x02, 0x03, 0x04],  // SRTCP without index and tag
            [0x80, 0xC9, 0x00, 0x01] + [UInt8](repeating: 0xA5, count: 40),  // SRTCP that does not authenticate
            [0x01, 0x02],  // neither RTP nor RTCP
        ]
        let stream = [tampered(protected[0])] + protected[..<30] + bad + protected[30...]
        let droppedBytes = ([tampered(protected[0])] + bad).reduce(0) { $0 + $1.count }

        let expected = plain.count
        let receiving = Task { await onItsOwnThread { receiveRTP(flow.receiver, count: expected) } }
        try await send(stream, from: flow.sender, to: flow.sendTransport.tuple.localPort)
        let received = await receiving.value
        try checkForwarded(received, sent: plain, capture: capture, consumer: flow.consumer)

        let producerStats = try await flow.producer.getStats()
        try expectEqual(producerStats.first?.packetCount, capture.packetCount, "producer inbound packetCount")
        let stats = try expectNotNil(try await flow.sendTransport.getStats().first, "transport stats")
        try expectEqual(
            stats.bytesReceived - stats.rtpBytesReceived, droppedBytes,
            "bytes received that were dropped (bytesReceived - rtpBytesReceived)")
    }

    /// The RTP packets inside an SRTP capture, unprotected with the manifest's
    /// key; their payloads add up to the manifest's payloadBytes.
    static func unprotectedCapture(_ capture: FixtureCapture) throws -> [[UInt8]] {
        let keying = try expectNotNil(capture.srtp, "srtp keying of \(capture.file) in the manifest")
        let suite = try expectNotNil(SRTPCryptoSuite(rawValue: keying.cryptoSuite.rawValue), "SRTP module suite")
        let session = try SRTPSession(suite: suite, direction: .inbound, keyBase64: keying.keyBase64)
        let packets = try capture.datagrams().map { try session.unprotectRTP($0) }
        let payloadBytes = try packets.reduce(0) { $0 + (try RTPPacket(parsing: $1)).payload.count }
        try expectEqual(payloadBytes, capture.payloadBytes, "payload bytes of \(capture.file) unprotected")
        return packets
    }

    /// Every RTP (or SRTP) datagram that arrives until `count` did or no RTP
    /// came for `quietMilliseconds`; RTCP (SRTCP) datagrams are skipped and do
    /// not extend the wait.
    static func receiveRTP(_ peer: UdpPeer, count: Int, quietMilliseconds: Int32 = 2000) -> [[UInt8]] {
        peer.receiveRTP(upTo: count, quietMilliseconds: quietMilliseconds)
    }
}

/// A comedia PlainTransport with SRTP keyed with a capture's key, its producer,
/// and a plain PlainTransport consumer connected to a UDP peer.
private struct SrtpProducerFlow {
    let sendTransport: any PlainTransport
    let producer: any Producer
    let consumer: any Consumer
    let sender: UdpPeer
    let receiver: UdpPeer
    let recvTransport: any PlainTransport

    init(_ capture: FixtureCapture, keying: FixtureCapture.Srtp, context: AcceptanceContext) async throws {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(
                listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true, enableSrtp: true,
                srtpCryptoSuite: keying.cryptoSuite))
        // With comedia there is no address to give, but the remote's key still comes from connect().
        try await sendTransport.connect(
            PlainTransportConnectParameters(
                srtpParameters: SrtpParameters(cryptoSuite: keying.cryptoSuite, keyBase64: keying.keyBase64)))
        producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        receiver = try UdpPeer()
        recvTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
        consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        sender = try UdpPeer()
    }
}
