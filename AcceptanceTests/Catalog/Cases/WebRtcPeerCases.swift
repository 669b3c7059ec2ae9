import Foundation
import Mediasoup
import Synchronization

/// Real WebRTC endpoints nobody here wrote join a room: aiortc through
/// pymediasoup (PyPI), in Python child processes on loopback, with ICE, DTLS
/// and DTLS-SRTP end to end. Not a mediasoup test file. The cases are pending
/// where the peers' Python (scripts/setup's `.venv-peers`) is not installed.
enum WebRtcPeerCases {
    static let suite = "webrtc-peers"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite,
            "aiortc peers through pymediasoup: two publishers, three subscribers decode every producer and get every data channel message",
            timeLimit: .seconds(120)
        ) { context in
            try await room(context)
        }
    ]

    /// The tones the publishers send, one each: a subscriber's decoded
    /// audio tells which publisher it came from.
    static let tones = [440.0, 880.0]

    static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
    ]

    private static func room(_ context: AcceptanceContext) async throws {
        guard let python = MediasoupPeer.python else {
            try context.pendingOnThisTarget("no Python with pymediasoup (scripts/setup makes .venv-peers)")
        }
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        let directory = try ToolProcess.scratchDirectory("peers", context: context)

        // Two publishers: an Opus tone and VP8 video each.
        var published: [(producerId: String, kind: MediaKind, tone: Double)] = []
        var publishers: [PeerSession] = []
        var dataProducerIds: [String] = []
        for (index, tone) in tones.enumerated() {
            let publisher = try await PeerSession.join(
                "publisher-\(index)", router: router, python: python, directory: directory, context: context)
            publishers.append(publisher)
            try await publisher.createTransport(producing: true)
            for kind in [MediaKind.audio, .video] {
                let data: JSONValue = kind == .audio ? ["kind": "audio", "toneHz": .number(tone)] : ["kind": "video"]
                let answer = try await publisher.peer.request("produce", data)
                let producerId = try expectNotNil(answer["producerId"]?.stringValue, "producerId")
                published.append((producerId, kind, tone))
            }
            let data = try await publisher.peer.request("produceData", ["label": .string("chat-\(index)")])
            dataProducerIds.append(try expectNotNil(data["dataProducerId"]?.stringValue, "dataProducerId"))
        }

        // Three subscribers consume every producer and data producer, through
        // one WebRtcServer (one UDP port: the server tells them apart by ICE
        // username fragment, then by tuple).
        let webRtcServer = try await worker.createWebRtcServer(
            WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")]))
        var subscribers: [(session: PeerSession, consumers: [any Consumer])] = []
        var receiveTransports: [any WebRtcTransport] = []
        var dataConsumerIds: [[String]] = [[], [], []]
        for index in 0..<3 {
            let subscriber = try await PeerSession.join(
                "subscriber-\(index)", router: router, python: python, directory: directory, context: context)
            let transport = try await subscriber.createTransport(producing: false, through: webRtcServer)
            var consumers: [any Consumer] = []
            for producer in published {
                let consumer = try await transport.consume(
                    ConsumerOptions(producerId: producer.producerId, rtpCapabilities: subscriber.rtpCapabilities))
                try await subscriber.peer.request(
                    "consume",
                    [
                        "id": .string(consumer.id), "producerId": .string(producer.producerId),
                        "kind": .string(consumer.kind.rawValue), "rtpParameters": consumer.rtpParameters.jsonValue(),
                    ])
                consumers.append(consumer)
            }
            for dataProducerId in dataProducerIds {
                let dataConsumer = try await transport.consumeData(DataConsumerOptions(dataProducerId: dataProducerId))
                try await subscriber.peer.request(
                    "consumeData",
                    [
                        "id": .string(dataConsumer.id), "dataProducerId": .string(dataProducerId),
                        "sctpStreamParameters": dataConsumer.sctpStreamParameters.jsonValue(),
                        "label": .string(dataConsumer.label), "protocol": .string(dataConsumer.protocol),
                    ])
                dataConsumerIds[index].append(dataConsumer.id)
            }
            subscribers.append((subscriber, consumers))
            receiveTransports.append(transport)
        }

        // Every subscriber decodes audio and video of every publisher, and hears its tone.
        for (subscriber, consumers) in subscribers {
            var missing: [String] = []
            for _ in 0..<60 {
                let stats = try await subscriber.peer.request("stats")
                missing = []
                for (consumer, producer) in zip(consumers, published) {
                    let entry = stats["consumers"]?[consumer.id]
                    let frames = entry?["frames"]?.intValue ?? 0
                    let needed = producer.kind == .audio ? 50 : 15
                    if frames < needed {
                        missing.append("\(producer.kind.rawValue) of tone \(producer.tone): \(frames) frames")
                        continue
                    }
                    if producer.kind == .audio {
                        let heard = entry?["toneHz"]?.numberValue ?? 0
                        if abs(heard - producer.tone) > producer.tone * 0.03 {
                            missing.append("audio of tone \(producer.tone) heard at \(heard) Hz")
                        }
                    }
                }
                if missing.isEmpty { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            if !missing.isEmpty {
                // What the SFU saw, for the failure message.
                for (consumer, producer) in zip(consumers, published) {
                    let sent = try await consumer.getStats().filter { $0.type == "outbound-rtp" }
                    let report = sent.map { "sent \($0.packetCount) packets, \($0.pliCount) PLI, \($0.firCount) FIR" }
                    missing.append("SFU consumer of \(producer.kind.rawValue) \(producer.tone): \(report)")
                }
                for (index, publisher) in publishers.enumerated() {
                    for producer in published {
                        guard let made = publisher.producer(producer.producerId) else { continue }
                        let received = try await made.getStats().map {
                            "\($0.packetCount) packets, \($0.pliCount) PLI, ssrc \($0.ssrc)"
                        }
                        missing.append("publisher \(index) \(producer.kind.rawValue) producer got \(received)")
                    }
                }
            }
            try expect(
                missing.isEmpty,
                "\(subscriber.peer.name) after 30 s: \(missing.joined(separator: "; ")); \(subscriber.peer.logTail())")
        }

        // An ICE restart of the first subscriber's transport: new credentials
        // on both sides, the peer's checks move to them (the server forgets
        // the old username fragment), and its media keeps flowing.
        let (restarted, restartedConsumers) = subscribers[0]
        let oldFragment = receiveTransports[0].iceParameters.usernameFragment
        let iceParameters = try await receiveTransports[0].restartIce()
        try await restarted.peer.request(
            "restartIce",
            ["transportId": .string(receiveTransports[0].id), "iceParameters": iceParameters.jsonValue()])
        let videoConsumer = try expectNotNil(restartedConsumers.first { $0.kind == .video }, "a video consumer")
        func videoFrames() async throws -> Int {
            try await restarted.peer.request("stats")["consumers"]?[videoConsumer.id]?["frames"]?.intValue ?? 0
        }
        let framesAtRestart = try await videoFrames()
        var framesAfterRestart = framesAtRestart
        for _ in 0..<40 where framesAfterRestart < framesAtRestart + 30 {
            try await Task.sleep(for: .milliseconds(250))
            framesAfterRestart = try await videoFrames()
        }
        try expect(
            framesAfterRestart >= framesAtRestart + 30,
            "video frames after restartIce: \(framesAtRestart) then \(framesAfterRestart)")
        var fragments: [String] = []
        for _ in 0..<60 {
            fragments = try await webRtcServer.dump().localIceUsernameFragments
                .filter { $0.webRtcTransportId == receiveTransports[0].id }.map(\.localIceUsernameFragment)
            if !fragments.contains(oldFragment) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        try expectEqual(fragments, [iceParameters.usernameFragment], "the restarted transport's username fragments")

        // A text and a binary message from each publisher's data channel reach every subscriber unchanged.
        for (index, publisher) in publishers.enumerated() {
            try await publisher.peer.request(
                "sendData", ["dataProducerId": .string(dataProducerIds[index]), "message": .string("hello from \(index) 😀")])
            try await publisher.peer.request(
                "sendData",
                [
                    "dataProducerId": .string(dataProducerIds[index]), "binary": true,
                    "message": .string(Data([UInt8(index), 0, 255, 7]).base64EncodedString()),
                ])
        }
        for (subscriberIndex, (subscriber, _)) in subscribers.enumerated() {
            var received: [String: [JSONValue]] = [:]
            for _ in 0..<40 {
                let stats = try await subscriber.peer.request("stats")
                received = [:]
                for id in dataConsumerIds[subscriberIndex] {
                    received[id] = stats["dataConsumers"]?[id]?["messages"]?.arrayValue ?? []
                }
                if received.values.allSatisfy({ $0.count >= 2 }) { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            for (publisherIndex, id) in dataConsumerIds[subscriberIndex].enumerated() {
                let expected: [JSONValue] = [
                    .string("hello from \(publisherIndex) 😀"),
                    ["binary": true, "base64": .string(Data([UInt8(publisherIndex), 0, 255, 7]).base64EncodedString())],
                ]
                try expectEqual(
                    received[id] ?? [], expected, "\(subscriber.peer.name)'s messages from publisher \(publisherIndex)")
            }
        }

        // Closing a producer closes its consumers; each subscriber closes its
        // own (as an application would) and its track ends.
        let closed = published[1]  // the first publisher's video
        let producerClosed = CallRecorder<Void>()
        for (_, consumers) in subscribers {
            for consumer in consumers where consumer.producerId == closed.producerId {
                consumer.events.on { event in if case .producerClose = event { producerClosed.record() } }
            }
        }
        try expectNotNil(publishers[0].producer(closed.producerId), "the first publisher's video producer").close()
        for _ in 0..<100 where producerClosed.count < subscribers.count {
            try await Task.sleep(for: .milliseconds(50))
        }
        try expectEqual(producerClosed.count, subscribers.count, "producerclose events")
        for (subscriber, consumers) in subscribers {
            guard let consumer = consumers.first(where: { $0.producerId == closed.producerId }) else { continue }
            try await subscriber.peer.request("closeConsumer", ["id": .string(consumer.id)])
            var ended = false
            for _ in 0..<100 {
                ended = subscriber.peer.events.contains {
                    $0.name == "trackended" && $0.data["consumerId"]?.stringValue == consumer.id
                }
                if ended { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            try expectEqual(ended, true, "\(subscriber.peer.name): the closed producer's track ended")
        }
    }
}

/// One peer as the signalling server sees it: its process, its device's
/// capabilities, and the transports and producers made for it (which its
/// callbacks name).
final class PeerSession: Sendable {
    let peer: MediasoupPeer
    let router: any Router
    let rtpCapabilities: RtpCapabilities
    /// The device's SCTP streams (its sctpCapabilities), for its transports.
    let numSctpStreams: NumSctpStreams
    private let objects: Objects

    /// The server-side objects of one peer.
    private final class Objects: Sendable {
        let transports = Mutex<[String: any WebRtcTransport]>([:])
        let producers = Mutex<[String: any Producer]>([:])

        /// The peer's callbacks: `connect`, `produce` and `producedata` on its transports.
        func answer(_ method: String, _ data: JSONValue) async throws -> JSONValue {
            let transportId = data["transportId"]?.stringValue ?? ""
            guard let transport = transports.withLock({ $0[transportId] }) else {
                throw MediasoupError("no transport \(transportId)")
            }
            switch method {
            case "connect":
                try await transport.connect(dtlsParameters: DtlsParameters(jsonValue: data["dtlsParameters"] ?? .null))
                return [:]
            case "producedata":
                let parameters = try SctpStreamParameters(jsonValue: data["sctpStreamParameters"] ?? .null)
                let dataProducer = try await transport.produceData(
                    DataProducerOptions(
                        sctpStreamParameters: parameters, label: data["label"]?.stringValue,
                        protocol: data["protocol"]?.stringValue))
                return ["id": .string(dataProducer.id)]
            case "produce":
                let kind = try expectNotNil(MediaKind(rawValue: data["kind"]?.stringValue ?? ""), "kind")
                let producer = try await transport.produce(
                    ProducerOptions(
                        kind: kind, rtpParameters: RtpParameters(jsonValue: data["rtpParameters"] ?? .null)))
                producers.withLock { $0[producer.id] = producer }
                return ["id": .string(producer.id)]
            default:
                throw MediasoupError("unknown peer request \(method)")
            }
        }
    }

    private init(
        peer: MediasoupPeer, router: any Router, rtpCapabilities: RtpCapabilities, numSctpStreams: NumSctpStreams,
        objects: Objects
    ) {
        self.peer = peer
        self.router = router
        self.rtpCapabilities = rtpCapabilities
        self.numSctpStreams = numSctpStreams
        self.objects = objects
    }

    /// Starts a peer and loads its device with the router's capabilities.
    static func join(
        _ name: String, router: any Router, python: String, directory: String, context: AcceptanceContext
    ) async throws -> PeerSession {
        let objects = Objects()
        let peer = try MediasoupPeer(name, python: python, directory: directory, context: context) {
            method, data in
            try await objects.answer(method, data)
        }
        let loaded = try await peer.request("load", ["routerRtpCapabilities": router.rtpCapabilities.jsonValue()])
        let capabilities = try RtpCapabilities(jsonValue: loaded["rtpCapabilities"] ?? .null)
        let streams = loaded["sctpCapabilities"]?["numStreams"]
        let numSctpStreams = NumSctpStreams(
            OS: streams?["OS"]?.intValue ?? 1024, MIS: streams?["MIS"]?.intValue ?? 1024)
        return PeerSession(
            peer: peer, router: router, rtpCapabilities: capabilities, numSctpStreams: numSctpStreams,
            objects: objects)
    }

    /// Makes a WebRtcTransport on loopback (its own port, or `webRtcServer`'s)
    /// and the peer's matching send or receive transport.
    @discardableResult
    func createTransport(producing: Bool, through webRtcServer: (any WebRtcServer)? = nil) async throws
        -> any WebRtcTransport
    {
        let transport = try await router.createWebRtcTransport(
            WebRtcTransportOptions(
                webRtcServer: webRtcServer,
                listenInfos: webRtcServer == nil ? [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")] : nil,
                enableSctp: true, numSctpStreams: numSctpStreams))
        objects.transports.withLock { $0[transport.id] = transport }
        try await peer.request(
            producing ? "createSendTransport" : "createRecvTransport",
            [
                "id": .string(transport.id), "iceParameters": transport.iceParameters.jsonValue(),
                "iceCandidates": transport.iceCandidates.jsonValue(),
                "dtlsParameters": transport.dtlsParameters.jsonValue(),
                "sctpParameters": transport.sctpParameters.map { try $0.jsonValue() } ?? .null,
            ])
        return transport
    }

    /// The producer `id` made for this peer, if any.
    func producer(_ id: String) -> (any Producer)? {
        objects.producers.withLock { $0[id] }
    }
}
