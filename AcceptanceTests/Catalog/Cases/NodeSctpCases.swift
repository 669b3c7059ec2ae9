import Mediasoup
import SCTP

/// Port of mediasoup's `test-node-sctp.ts`.
///
/// The original's remote side is node-sctp (`sctp.connect` over a Node UDP
/// socket, SCTP ports 5000/5000) talking to a PlainTransport in comedia mode,
/// so no `connect()` is needed. Here the remote side is a usrsctp
/// association over a UDP socket (``SctpUdpPeer``); the steps and
/// expectations are the original's.
enum NodeSctpCases {
    static let suite = "test-node-sctp"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "ordered DataProducer delivers all SCTP messages to the DataConsumer", timeLimit: .seconds(10)
        ) { context in
            // `beforeEach`.
            let worker = try await context.createWorker(WorkerSettings(disableLiburing: true))
            let router = try await worker.createRouter()
            let plainTransport = try await router.createPlainTransport(
                PlainTransportOptions(
                    // https://github.com/nodejs/node/issues/14900.
                    listenIp: TransportListenIp(ip: "127.0.0.1"),
                    // So we don't need to call plainTransport.connect().
                    comedia: true,
                    enableSctp: true,
                    numSctpStreams: NumSctpStreams(OS: 256, MIS: 256)))
            let connected = CallRecorder<Void>()
            plainTransport.events.on { event in
                if case .sctpStateChange(.connected) = event { connected.record() }
            }

            // The peer's UDP socket sends to the transport's local tuple and
            // its association takes the transport's OS and MIS.
            let sctpParameters = try expectNotNil(plainTransport.sctpParameters, "plainTransport.sctpParameters")
            let peer = try SctpUdpPeer(
                remotePort: plainTransport.tuple.localPort, OS: sctpParameters.OS, MIS: sctpParameters.MIS)
            peer.association.connect()
            let up = peer.run(for: .seconds(3)) { peer.association.state == .connected }
            try expect(up, "SCTP connection timeout")

            // Its outgoing stream 123 feeds the data producer.
            let dataProducer = try await plainTransport.produceData(
                DataProducerOptions(
                    sctpStreamParameters: SctpStreamParameters(streamId: 123, ordered: true), label: "node-sctp",
                    protocol: "foo & bar 😀😀😀"))
            let dataConsumer = try await plainTransport.consumeData(
                DataConsumerOptions(dataProducerId: dataProducer.id))
            try expectEqual(dataConsumer.sctpStreamParameters?.streamId, 0, "dataConsumer.sctpStreamParameters.streamId")

            // "1"…"200": PPID 51 (WebRTC string) below 100, 53 (WebRTC binary) from 100 on.
            let numMessages = 200
            var sentBytes = 0
            for id in 1...numMessages {
                let message = Array(String(id).utf8)
                sentBytes += message.count
                try peer.association.send(
                    message, streamId: 123,
                    ppid: id < 100 ? SctpPayloadProtocol.string : SctpPayloadProtocol.binary)
                peer.run(for: .zero) { true }
            }
            peer.run(for: .seconds(5)) { peer.messages.count >= numMessages }

            try expectEqual(peer.messages.count, numMessages, "messages received by the peer")
            try expectEqual(Set(peer.messages.map(\.streamId)), [0], "incoming stream ids")
            for (index, message) in peer.messages.enumerated() {
                let id = index + 1
                try expectEqual(String(decoding: message.bytes, as: UTF8.self), String(id), "message \(id)")
                try expectEqual(
                    message.ppid, id < 100 ? SctpPayloadProtocol.string : SctpPayloadProtocol.binary, "PPID of \(id)")
            }
            let receivedBytes = peer.messages.reduce(0) { $0 + $1.bytes.count }
            try expectEqual(receivedBytes, sentBytes, "bytes received by the peer")
            try expectEqual(connected.count, 1, "sctpstatechange connected")

            let producerStats = try await dataProducer.getStats()
            try expectEqual(producerStats.count, 1, "dataProducer.getStats() entries")
            try expectEqual(producerStats.first?.label, "node-sctp", "data producer label")
            try expectEqual(producerStats.first?.protocol, "foo & bar 😀😀😀", "data producer protocol")
            try expectEqual(producerStats.first?.messagesReceived, numMessages, "messagesReceived")
            try expectEqual(producerStats.first?.bytesReceived, sentBytes, "bytesReceived")

            let consumerStats = try await dataConsumer.getStats()
            try expectEqual(consumerStats.count, 1, "dataConsumer.getStats() entries")
            try expectEqual(consumerStats.first?.messagesSent, numMessages, "messagesSent")
            try expectEqual(consumerStats.first?.bytesSent, receivedBytes, "bytesSent")
        },
    ]
}
