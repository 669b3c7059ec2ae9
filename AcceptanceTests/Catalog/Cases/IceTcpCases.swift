import DTLS
import Mediasoup
import RTP
import SRTP

/// ICE over TCP (RFC 6544 passive candidates, RFC 4571 framing), driven by a
/// TCP peer of our own (aiortc gathers no TCP candidates; Chromium uses TCP
/// only when UDP fails): a nominating STUN check and a DTLS client handshake,
/// each packet framed, on a transport's own TCP listener and through a
/// WebRtcServer's; and malformed streams, closed or dropped while the worker
/// lives on. Not a mediasoup test file: the project's cases of issue 13.
enum IceTcpCases {
    static let suite = "ice-tcp"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "WebRtcTransport reaches DTLS connected over ICE-TCP on its own TCP listener", timeLimit: .seconds(10)
        ) { context in
            let (_, router) = try await WebRtcTransportCases.fixture(context)
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .tcp, ip: "127.0.0.1")]))
            try await expectHandshakeOverTcp(transport)
        },

        AcceptanceCase(
            suite, "WebRtcTransport reaches DTLS connected over ICE-TCP through a WebRtcServer", timeLimit: .seconds(10)
        ) { context in
            let (worker, router) = try await WebRtcTransportCases.fixture(context)
            let port = try WebRtcServerCases.pickPort(.tcp)
            let server = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", port: port)]))
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(webRtcServer: server, enableUdp: false, enableTcp: true))
            try expectEqual(transport.iceCandidates.first?.port, port, "the candidate is the server's TCP port")
            try await expectHandshakeOverTcp(transport)
            // A second transport of the same server is told apart by its username fragment.
            let other = try await router.createWebRtcTransport(
                WebRtcTransportOptions(webRtcServer: server, enableUdp: false, enableTcp: true))
            try await expectHandshakeOverTcp(other)
        },

        AcceptanceCase(
            suite, "ICE-TCP: an oversized frame closes its connection, garbage frames are dropped; the worker lives",
            timeLimit: .seconds(10)
        ) { context in
            let (worker, router) = try await WebRtcTransportCases.fixture(context)
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .tcp, ip: "127.0.0.1")]))
            let candidate = try expectNotNil(transport.iceCandidates.first, "iceCandidates.first")
            try expectEqual(candidate.protocol, .tcp, "candidate.protocol")

            // A length over any packet the worker takes (65,535): closed.
            let oversized = try PeerTcpConnection(to: candidate.port)
            oversized.sendRaw([0xFF, 0xFF] + [UInt8](repeating: 0x42, count: 100))
            try expect(oversized.waitForClose(timeoutMilliseconds: 2000), "the worker closed the oversized stream")

            // A frame just over the worker's receive slot (2,049 bytes): closed.
            let overSlot = try PeerTcpConnection(to: candidate.port)
            overSlot.send([UInt8](repeating: 0x80, count: 2049))
            try expect(overSlot.waitForClose(timeoutMilliseconds: 2000), "the worker closed the 2,049-byte frame")

            // Garbage in frames (not STUN, a truncated STUN header, an empty
            // frame, DTLS from an unchecked tuple): dropped, the connection
            // and the transport unharmed.
            let garbage = try PeerTcpConnection(to: candidate.port)
            garbage.send((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) })
            garbage.send([0x00, 0x01, 0x00, 0x08, 0x21, 0x12])
            garbage.sendRaw([0x00, 0x00])
            garbage.send([0x16, 0xFE, 0xFD] + [UInt8](repeating: 0, count: 20))
            try expect(garbage.receive(timeoutMilliseconds: 300) == nil, "no answer to garbage")
            // A Binding request without USERNAME or MESSAGE-INTEGRITY: a 400
            // error response, framed, as mediasoup answers it.
            garbage.send([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42] + [UInt8](repeating: 1, count: 12))
            let answer = try expectNotNil(garbage.receive(timeoutMilliseconds: 2000), "an answer to a bare check")
            try expectEqual(Array(answer.prefix(2)), [0x01, 0x11], "a Binding error response")
            try expect(!garbage.isClosedByPeer, "framed garbage does not close the connection")
            try expectEqual(transport.iceState, .new, "iceState after garbage")

            // A stream cut in the middle of a frame, then closed by the peer.
            do {
                let cut = try PeerTcpConnection(to: candidate.port)
                cut.sendRaw([0x01, 0x00, 0x00, 0x01])
            }

            // The worker and the transport still work: a real peer connects.
            try await expectHandshakeOverTcp(transport)
            _ = try await worker.dump()
            _ = try await transport.getStats()
        },

        AcceptanceCase(
            suite, "RTP over ICE-TCP: the peer's SRTP reaches a producer, and its consumer's SRTP comes back framed",
            timeLimit: .seconds(10)
        ) { context in
            let (_, router) = try await WebRtcTransportCases.fixture(context)
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .tcp, ip: "127.0.0.1")]))
            let (peer, keys) = try await handshakeOverTcp(transport)
            let suite = try expectNotNil(SRTPCryptoSuite(rawValue: keys.cryptoSuite.rawValue), "SRTP suite")
            let outbound = try SRTPSession(suite: suite, direction: .outbound, masterKey: keys.localMasterKey)
            let inbound = try SRTPSession(suite: suite, direction: .inbound, masterKey: keys.remoteMasterKey)

            let producer = try await transport.produce(
                ProducerOptions(
                    kind: .audio,
                    rtpParameters: RtpParameters(
                        codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2)],
                        encodings: [RtpEncodingParameters(ssrc: 0x2222_2222)], rtcp: RtcpParameters(cname: "ice-tcp"))))
            let consumer = try await transport.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
            let consumerSsrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")

            let count = 20
            for sequence in 0..<count {
                let payload = (0..<160).map { UInt8(truncatingIfNeeded: $0 &+ sequence) }
                let timestamp = UInt32(sequence * 960)
                let packet: [UInt8] =
                    [0x80, 100, 0, UInt8(sequence)]
                    + [UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF)]
                    + [0x22, 0x22, 0x22, 0x22] + payload
                peer.send(try outbound.protectRTP(packet))
            }
            var payloads: [[UInt8]] = []
            while payloads.count < count, let frame = peer.receive(timeoutMilliseconds: 2000) {
                // RTCP (payload types 192–223 in the second byte) is the transport's reports.
                guard frame.count >= 12, !(192...223).contains(frame[1]) else { continue }
                let packet = try RTPPacket(parsing: try inbound.unprotectRTP(frame))
                try expectEqual(packet.ssrc, consumerSsrc, "the consumer's SSRC")
                payloads.append(Array(packet.payload))
            }
            try expectEqual(
                payloads, (0..<count).map { sequence in (0..<160).map { UInt8(truncatingIfNeeded: $0 &+ sequence) } },
                "payloads back over TCP, in order")
            let stats = try await producer.getStats()
            try expectEqual(stats.first?.packetCount, count, "producer inbound packetCount")
        },
    ]

    /// The peer's connection and keys after a handshake over TCP (see ``expectHandshakeOverTcp(_:)``).
    static func handshakeOverTcp(_ transport: any WebRtcTransport) async throws -> (PeerTcpConnection, DtlsSrtpKeys) {
        let identity = try DtlsIdentity.generateSelfSigned()
        try await transport.connect(
            dtlsParameters: DtlsParameters(role: .client, fingerprints: [identity.fingerprint(.sha256)]))
        let candidate = try expectNotNil(transport.iceCandidates.first, "iceCandidates.first")
        try expectEqual(candidate.protocol, .tcp, "candidate.protocol")
        try expectEqual(candidate.tcpType, .passive, "candidate.tcpType")
        let peer = try PeerTcpConnection(to: candidate.port)
        let result = try WebRtcPeerHandshake.run(against: transport, identity: identity, over: peer)
        let keys = try expectNotNil(result.keys, "the handshake exported SRTP keys")
        return (peer, keys)
    }

    /// A TCP peer connects to the transport's first (TCP) candidate, sends a
    /// nominating check and runs the DTLS client handshake, framed: the
    /// transport reports ICE completed, the TCP tuple selected and DTLS connected.
    static func expectHandshakeOverTcp(_ transport: any WebRtcTransport) async throws {
        let onIceSelectedTuple = CallRecorder<TransportTuple>()
        let onDtlsStateChange = CallRecorder<DtlsState>()
        transport.events.on { event in
            switch event {
            case .iceSelectedTupleChange(let tuple): onIceSelectedTuple.record(tuple)
            case .dtlsStateChange(let state): onDtlsStateChange.record(state)
            default: break
            }
        }
        let (peer, _) = try await handshakeOverTcp(transport)
        let candidate = try expectNotNil(transport.iceCandidates.first, "iceCandidates.first")

        // Wait (two seconds at most) for the worker's notifications.
        for _ in 0..<200 where !onDtlsStateChange.values.contains(.connected) {
            try await Task.sleep(for: .milliseconds(10))
        }
        try expectEqual(onDtlsStateChange.values, [.connecting, .connected], "dtlsstatechange arguments")
        try expectEqual(transport.dtlsState, .connected, "dtlsState")
        try expectEqual(transport.iceState, .completed, "iceState")
        let expected = TransportTuple(
            localIp: candidate.address, localAddress: candidate.address, localPort: candidate.port,
            remoteIp: "127.0.0.1", remotePort: peer.localPort, protocol: .tcp)
        try expectEqual(onIceSelectedTuple.values, [expected], "iceselectedtuplechange arguments")
        try expectEqual(transport.iceSelectedTuple, expected, "iceSelectedTuple")
    }
}
