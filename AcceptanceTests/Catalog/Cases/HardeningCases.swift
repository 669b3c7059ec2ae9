#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import RTP
import Synchronization

/// Bad or oversized input through the API and from the network: each is
/// refused alone, and the worker and its other rooms live on. Not a mediasoup
/// test file: the project's hardening cases (issue "one request must not kill
/// a worker").
enum HardeningCases {
    static let suite = "hardening"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "dataProducer.send() over the transport's maxMessageSize rejects with TypeError; the worker lives",
            timeLimit: .seconds(10)
        ) { context in
            let worker = try await context.createWorker()
            let router = try await worker.createRouter()
            let transport = try await router.createDirectTransport(DirectTransportOptions(maxMessageSize: 1000))
            let dataProducer = try await transport.produceData()
            let dataConsumer = try await transport.consumeData(DataConsumerOptions(dataProducerId: dataProducer.id))
            let received = MessageRecorder(dataConsumer)

            let error = try await expectThrows(TypeError.self) {
                try dataProducer.send(.binary([UInt8](repeating: 7, count: 1001)))
            }
            try expect(
                error.message.contains("maxMessageSize:1000"), "the error names the limit: \(error.message)")
            try dataProducer.send(.binary([UInt8](repeating: 8, count: 1000)))
            try await received.wait(for: 1)
            try expectEqual(received.sizes, [1000], "message sizes received")
            _ = try await worker.dump()
        },

        AcceptanceCase(
            suite, "a message too large for the worker's channel fails alone; the worker and its other rooms live",
            timeLimit: .seconds(60)
        ) { context in
            let worker = try await context.createWorker()
            let died = CallRecorder<String>()
            worker.events.on { event in
                if case .died(let error) = event { died.record("\(error)") }
            }
            // The room the message goes to: a limit above the channel's frame size.
            let router = try await worker.createRouter()
            let transport = try await router.createDirectTransport(DirectTransportOptions(maxMessageSize: 64 << 20))
            let dataProducer = try await transport.produceData()
            let dataConsumer = try await transport.consumeData(DataConsumerOptions(dataProducerId: dataProducer.id))
            let received = MessageRecorder(dataConsumer)
            // Another room on the same worker.
            let otherRouter = try await worker.createRouter()
            let otherTransport = try await otherRouter.createDirectTransport()
            let otherProducer = try await otherTransport.produceData()
            let otherReceived = MessageRecorder(
                try await otherTransport.consumeData(DataConsumerOptions(dataProducerId: otherProducer.id)))

            // 12.6 M characters fit a 16 MiB remote frame but not, in Base64, a channel frame.
            do {
                try dataProducer.send(.string(String(repeating: "a", count: 12_600_000)))
            } catch {
                // Refused where it was sent (the local engine): fine; what matters is below.
            }
            try otherProducer.send(.string("still here"))
            try dataProducer.send(.string("after"))
            // The 12.6 MB message goes first through the remote targets' JSON (slow in a debug
            // build on a busy machine): what is checked is that the rooms live, not how fast.
            try await otherReceived.wait(for: 1, within: .seconds(30))
            try await received.wait(for: 1, within: .seconds(30))
            try expectEqual(received.sizes, [5], "the room that sent the large message gets the next one only")
            _ = try await worker.dump()
            try expectEqual(died.values, [], "worker died")
        },

        AcceptanceCase(
            suite, "a comedia PlainTransport learns its remote only from a packet that parses as RTP or RTCP",
            timeLimit: .seconds(10)
        ) { context in
            let worker = try await context.createWorker()
            let router = try await worker.createRouter(RouterOptions(mediaCodecs: [
                RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
            ]))
            let transport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
            let learned = CallRecorder<UInt16>()
            transport.events.on { event in
                if case .tuple(let tuple) = event, let port = tuple.remotePort { learned.record(port) }
            }
            let scanner = try UdpPeer()
            let sender = try UdpPeer()
            let port = transport.tuple.localPort
            // A port scan's probe, a lone byte, a STUN-looking header and RTP
            // version bits on a truncated header: none may fix the tuple.
            scanner.send([], to: port)
            scanner.send([0x80], to: port)
            scanner.send([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42] + [UInt8](repeating: 0, count: 12), to: port)
            scanner.send([0x80, 0x60, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00], to: port)
            // RTP version bits, a CSRC count that runs past the datagram.
            scanner.send([0x8F, 0x60, 0x00, 0x01] + [UInt8](repeating: 0, count: 12), to: port)
            try await Task.sleep(for: .milliseconds(200))
            try expectEqual(transport.tuple.remotePort, nil, "remote port after junk")

            let packet = try RTPPacket(
                payloadType: 100, sequenceNumber: 1, timestamp: 960, ssrc: 1234, payload: [0xFC, 0xFF, 0xFE])
            sender.send(packet.bytes, to: port)
            let deadline = ContinuousClock.now + .seconds(3)
            while learned.count == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            try expectEqual(learned.values, [sender.port], "the tuple learned from the RTP packet")
            try expectEqual(transport.tuple.remotePort, sender.port, "transport.tuple.remotePort")
        },
    ]
}

/// The sizes of the messages a data consumer receives, in order.
private final class MessageRecorder: Sendable {
    private let sizesReceived = CallRecorder<Int>()

    init(_ dataConsumer: any DataConsumer) {
        dataConsumer.events.on { [sizesReceived] event in
            if case .message(let bytes, _) = event { sizesReceived.record(bytes.count) }
        }
    }

    var sizes: [Int] { sizesReceived.values }

    /// Waits until `count` messages arrived (at most `limit`).
    func wait(for count: Int, within limit: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + limit
        while sizes.count < count {
            guard ContinuousClock.now < deadline else {
                try expect(false, "\(count) messages expected in \(limit), \(sizes.count) arrived")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
