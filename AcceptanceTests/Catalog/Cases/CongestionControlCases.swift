#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import RTP

/// Congestion control on the wire: what the SFU tells senders about the
/// packets it receives. Not a mediasoup test file: this project's cases.
enum CongestionControlCases {
    static let suite = "congestion-control"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "transport-cc: a producer that negotiated it gets feedback on each packet, losses as lost",
            timeLimit: .seconds(20)
        ) { context in
            try await transportCcFeedbackReportsEachPacket(context: context)
        },
        AcceptanceCase(
            suite, "transport-cc: setMaxIncomingBitrate() limits the sender with REMBs, and lifting it frees it",
            timeLimit: .seconds(20)
        ) { context in
            try await maxIncomingBitrateSendsLimitationRembs(context: context)
        },
        AcceptanceCase(
            suite, "transport-cc: no feedback for a producer that did not negotiate it", timeLimit: .seconds(20)
        ) { context in
            try await noTransportCcFeedbackWithoutNegotiation(context: context)
        },
        AcceptanceCase(
            suite,
            "transport-cc: a consumer's copies carry the transport's own numbers; feedback of losses lowers availableOutgoingBitrate",
            timeLimit: .seconds(20)
        ) { context in
            try await consumerCopiesCarryTransportWideNumbersAndFeedbackMovesTheEstimate(context: context)
        },
        AcceptanceCase(
            suite,
            "bitrate: the available outgoing bitrate, within the transport's limits, decides a simulcast consumer's layer",
            timeLimit: .seconds(30)
        ) { context in
            try await availableBitrateDecidesTheLayer(context: context)
        },
        AcceptanceCase(
            suite, "bitrate: the consumer of higher priority climbs first; setPriority() moves it",
            timeLimit: .seconds(30)
        ) { context in
            try await priorityDecidesWhoClimbs(context: context)
        },
        AcceptanceCase(
            suite,
            "bitrate: behind a link cut from 2 Mbit/s to 300 kbit/s a simulcast consumer goes down to layer 0 and climbs back after",
            timeLimit: .seconds(50)
        ) { context in
            try await shapedLinkCutAndRecovery(context: context)
        },
        AcceptanceCase(
            suite,
            "bitrate: REMB from the endpoint decides a simulcast consumer's layer; copies carry the SFU's abs-send-time",
            timeLimit: .seconds(30)
        ) { context in
            try await rembDecidesTheLayer(context: context)
        },
    ]

    /// setMaxIncomingBitrate(150,000) on a transport whose producer negotiated
    /// transport-cc: while packets come, the sender gets REMBs of 150,000
    /// naming the producer's SSRC, about every 1.5 s; after
    /// setMaxIncomingBitrate(0), four REMBs without a limit (about 4.3
    /// Gbit/s, UInt32.max as REMB's mantissa and exponent say it), then none.
    static func maxIncomingBitrateSendsLimitationRembs(context: AcceptanceContext) async throws {
        let (transport, _) = try await producer(negotiated: true, context: context)
        let sender = try UdpPeer()
        let listener = UdpListener(sender, context: context)
        let sending = Task {
            var index: UInt16 = 0
            while !Task.isCancelled {
                sender.send(packet(sequence: index, wide: index), to: transport.tuple.localPort)
                index &+= 1
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        defer { sending.cancel() }
        let rembs = { (datagrams: [[UInt8]]) in
            datagrams.flatMap(UdpPeer.rtcpPackets(in:)).compactMap { packet -> RTCPReceiverEstimatedMaxBitrate? in
                guard case .receiverEstimatedMaxBitrate(let remb) = packet else { return nil }
                return remb
            }
        }
        try await transport.setMaxIncomingBitrate(150_000)
        let limited = await listener.wait(until: { rembs($0).filter { $0.bitrate == 150_000 }.count >= 2 }, timeout: .seconds(5))
        let limits = rembs(listener.datagrams)
        try expect(limited, "two REMBs of 150,000 within 5 s: \(limits.map(\.bitrate))")
        try expect(
            limits.allSatisfy { $0.ssrcs == [ssrc] }, "the REMBs name the producer's SSRC: \(limits.map(\.ssrcs))")

        try await transport.setMaxIncomingBitrate(0)
        let unlimited = { (remb: RTCPReceiverEstimatedMaxBitrate) in remb.bitrate >= 4_000_000_000 }
        await listener.wait(until: { rembs($0).filter(unlimited).count >= 4 }, timeout: .seconds(3))
        try await Task.sleep(for: .seconds(2))
        let all = rembs(await listener.finish())
        let firstUnlimited = all.firstIndex(where: unlimited) ?? all.endIndex
        try expect(
            all[firstUnlimited...].count == 4 && all[firstUnlimited...].allSatisfy(unlimited),
            "after the limit was lifted, 4 REMBs without a limit and nothing else: \(all.map(\.bitrate))")
    }

    static let transportCcId: UInt8 = 5
    static let ssrc: UInt32 = 0x7C7C_0001

    /// An Opus producer on a comedia PlainTransport, with the
    /// transport-wide-cc extension (and `transport-cc` feedback when `negotiated`).
    static func producer(
        negotiated: Bool, context: AcceptanceContext
    ) async throws -> (transport: any PlainTransport, producer: any Producer) {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(
            RouterOptions(mediaCodecs: [RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)]))
        let transport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await transport.produce(
            ProducerOptions(
                kind: .audio,
                rtpParameters: RtpParameters(
                    mid: "0",
                    codecs: [
                        RtpCodecParameters(
                            mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2,
                            rtcpFeedback: negotiated ? [RtcpFeedback(type: "transport-cc")] : [])
                    ],
                    headerExtensions: [
                        RtpHeaderExtensionParameters(uri: .transportWideCc01, id: transportCcId)
                    ],
                    encodings: [RtpEncodingParameters(ssrc: ssrc)])))
        return (transport, producer)
    }

    /// An Opus packet with RTP sequence number `sequence` and transport-wide sequence number `wide`.
    static func packet(sequence: UInt16, wide: UInt16) -> [UInt8] {
        [0x90, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]  // V=2 X, PT 111
            + [0, 0, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]  // timestamp
            + [0x7C, 0x7C, 0x00, 0x01]  // SSRC
            + [0xBE, 0xDE, 0x00, 0x01]  // one-byte extensions, 1 word
            + [transportCcId << 4 | 1, UInt8(wide >> 8), UInt8(wide & 0xFF), 0]  // id 5, 2 bytes, padding
            + [UInt8](repeating: 0xF8, count: 40)
    }

    /// The transport-cc feedback packets in `datagrams`.
    static func feedbacks(_ datagrams: [[UInt8]]) -> [RTCPTransportFeedback] {
        datagrams.flatMap(UdpPeer.rtcpPackets(in:)).compactMap { packet in
            guard case .transportFeedback(let feedback) = packet else { return nil }
            return feedback
        }
    }

    /// 60 packets 5 ms apart with transport-wide numbers from 65,500 (so they
    /// wrap), every tenth number skipped by the sender. The feedback the
    /// sender gets names each number from the first to the last: those sent
    /// received, those skipped not; the receive times never go back and span
    /// about the 295 ms the sending took.
    static func transportCcFeedbackReportsEachPacket(context: AcceptanceContext) async throws {
        let (transport, _) = try await producer(negotiated: true, context: context)
        let sender = try UdpPeer()
        let listener = UdpListener(sender, context: context)
        let first: UInt16 = 65_500
        var sent: Set<UInt16> = []
        for index in 0..<60 {
            let wide = first &+ UInt16(index)
            if index % 10 == 7 { continue }
            sender.send(packet(sequence: UInt16(1000 + index), wide: wide), to: transport.tuple.localPort)
            sent.insert(wide)
            usleep(5000)
        }
        let last = first &+ 59
        let covered: ([[UInt8]]) -> Bool = { datagrams in
            feedbacks(datagrams).contains { feedback in
                let count = UInt16(truncatingIfNeeded: Int(feedback.packetStatusCount))
                return UInt16(last &- feedback.baseSequenceNumber) < count
            }
        }
        await listener.wait(until: covered, timeout: .seconds(3))
        let received = feedbacks(await listener.finish())
        try expect(!received.isEmpty, "no transport-cc feedback reached the sender")
        var statuses: [UInt16: Bool] = [:]
        var times: [(wide: UInt16, time: Int64)] = []
        for feedback in received {
            var time = Int64(feedback.referenceTime) * 64_000
            for result in feedback.packetResults {
                statuses[result.sequenceNumber] = statuses[result.sequenceNumber] == true || result.receiveDelta != nil
                if let delta = result.receiveDelta {
                    time += Int64(delta) * 250
                    times.append((result.sequenceNumber, time))
                }
            }
        }
        for index in 0..<60 {
            let wide = first &+ UInt16(index)
            try expectEqual(statuses[wide], sent.contains(wide), "the status of transport-wide number \(wide)")
        }
        let inOrder = times.sorted { UInt16($0.wide &- first) < UInt16($1.wide &- first) }.map(\.time)
        try expect(zip(inOrder, inOrder.dropFirst()).allSatisfy { $0 <= $1 }, "receive times go back: \(inOrder)")
        if let earliest = inOrder.first, let latest = inOrder.last {
            let span = latest - earliest
            try expect(span >= 200_000 && span < 2_000_000, "receive times span \(span) µs for about 295 ms of sending")
        }
    }

    /// The same packets to a producer without `transport-cc` feedback: receiver reports may come, transport-cc
    /// feedback does not.
    static func noTransportCcFeedbackWithoutNegotiation(context: AcceptanceContext) async throws {
        let (transport, _) = try await producer(negotiated: false, context: context)
        let sender = try UdpPeer()
        let listener = UdpListener(sender, context: context)
        for index in 0..<20 {
            sender.send(packet(sequence: UInt16(index), wide: UInt16(index)), to: transport.tuple.localPort)
            usleep(5000)
        }
        await listener.wait(until: { !feedbacks($0).isEmpty }, timeout: .milliseconds(500))
        let received = feedbacks(await listener.finish())
        try expect(received.isEmpty, "\(received.count) transport-cc feedback packets without negotiation")
    }

    /// vp8.pcap through a PlainTransport to a consumer that negotiated
    /// transport-cc (the router's capabilities offer it for video). Its copies
    /// carry transport-wide numbers of the transport's own: 1, 2, 3… in the
    /// order sent, whatever the producer's packets carried. The transport's
    /// `availableOutgoingBitrate` starts at mediasoup's 600,000; the
    /// endpoint's transport-cc feedback saying every copy was lost makes the
    /// estimator halve it (the loss-based rule: 1 − loss/2).
    static func consumerCopiesCarryTransportWideNumbersAndFeedbackMovesTheEstimate(
        context: AcceptanceContext
    ) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let relay = try await PlainRelay.make(capture, context: context)
        let extensions = relay.consumer.rtpParameters.headerExtensions ?? []
        let id = try expectNotNil(
            extensions.first { $0.uri == .transportWideCc01 }?.id, "the consumer's transport-wide-cc extension")
        let feedbackTypes = relay.consumer.rtpParameters.codecs.flatMap { ($0.rtcpFeedback ?? []).map(\.type) }
        try expect(feedbackTypes.contains("transport-cc"), "the consumer negotiated transport-cc: \(feedbackTypes)")
        let initial = try await relay.recvTransport.getStats().first?.availableOutgoingBitrate
        try expectEqual(initial, 600_000, "availableOutgoingBitrate before any feedback")

        let sender = try UdpPeer()
        let receiverSide = UdpListener(relay.receiver, context: context)
        let timed = try capture.timedDatagrams()
        try await FixtureCapture.sendPaced(timed, from: sender, to: relay.sendTransport.tuple.localPort)
        await receiverSide.wait(until: { $0.filter(UdpPeer.isRTP).count >= timed.count }, timeout: .seconds(3))
        let copies = try await receiverSide.finish().filter(UdpPeer.isRTP).map { try RTPPacket(parsing: $0) }
        try expect(!copies.isEmpty, "no copy reached the consumer's endpoint")
        let numbers = copies.compactMap { packet -> UInt16? in
            guard let value = packet.headerExtension(id: id), value.count == 2 else { return nil }
            return UInt16(value[value.startIndex]) << 8 | UInt16(value[value.startIndex + 1])
        }
        try expectEqual(numbers.count, copies.count, "copies with a transport-wide number")
        try expectEqual(numbers, (1...numbers.count).map { UInt16($0) }, "transport-wide numbers in sending order")

        // The endpoint reports every copy lost.
        let consumerSsrc = try expectNotNil(relay.consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let feedback = RTCPTransportFeedback(
            senderSSRC: 0x0BAD_CAFE, mediaSSRC: consumerSsrc, baseSequenceNumber: 1, referenceTime: 0,
            feedbackPacketCount: 0, packets: Array(repeating: nil, count: numbers.count))
        relay.receiver.send(feedback.bytes, to: relay.recvTransport.tuple.localPort)
        var lowered: Int?
        for _ in 0..<40 {
            lowered = try await relay.recvTransport.getStats().first?.availableOutgoingBitrate
            if let lowered, lowered < 600_000 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try expectEqual(lowered, 300_000, "availableOutgoingBitrate after feedback that every copy was lost")
    }
}
