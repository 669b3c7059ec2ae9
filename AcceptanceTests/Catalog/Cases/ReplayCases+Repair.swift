import Mediasoup
import RTP

// NACK, RTX, RTCP reports and scores on PlainTransports with vp8.pcap: the
// bodies of the cases in `ReplayCases.repair`. The cases read the worker's
// RTCP with module RTP's parsers, write their own NACKs with it, and build
// their RTX packets by hand (RFC 4588 §4), so the worker's own RTX encoder
// and decoder are not the oracle.

extension ReplayCases {
    static let repair: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "vp8.pcap with losses: the worker NACKs the gaps, RTX repairs them, the consumer gets every packet",
            timeLimit: .seconds(20)
        ) { context in
            try await producerRepairsLossesWithRtx(context: context)
        },
        AcceptanceCase(suite, "vp8.pcap: a consumer answers a NACK with RTX carrying the packet asked for",
            timeLimit: .seconds(20)) { context in
            try await consumerAnswersNackWithRtx(context: context)
        },
        AcceptanceCase(
            suite, "vp8.pcap: sender reports reach the consumer's endpoint, receiver reports the producer's sender",
            timeLimit: .seconds(20)
        ) { context in
            try await senderAndReceiverReports(context: context)
        },
        AcceptanceCase(suite, "vp8.pcap: producer and consumer scores", timeLimit: .seconds(20)) { context in
            try await producerAndConsumerScores(context: context)
        },
        AcceptanceCase(
            suite, "vp8.pcap: a PLI and a FIR from the consumer's endpoint reach the sender, counted in both stats",
            timeLimit: .seconds(20)
        ) { context in
            try await keyFrameRequestsFromTheConsumerEndpoint(context: context)
        },
        AcceptanceCase(
            suite, "vp8.pcap: an unanswered keyframe request goes to the sender once more after 1 s",
            timeLimit: .seconds(20)
        ) { context in
            try await unansweredKeyFrameRequestGoesAgainOnce(context: context)
        },
    ]

    /// Capture packets the sender withholds in the repair case: a run of
    /// three and a single one, in the middle (the consumer starts on the
    /// keyframe the capture opens with).
    private static let withheldIndices: Set<Int> = [40, 41, 42, 70]

    /// vp8.pcap into a producer with `nack` feedback and RTX, paced, without
    /// four of its packets. The sender listens for RTCP: for every generic
    /// NACK naming the producer's SSRC it answers each sequence number asked
    /// for with an RTX packet of its own making. The consumer's endpoint gets
    /// every packet of the capture exactly once; by consumer sequence number
    /// they are consecutive and in capture order (the repaired ones in their
    /// place). The producer's inbound stats count the NACKs and the repairs,
    /// and no packet left lost.
    static func producerRepairsLossesWithRtx(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let timed = try capture.timedDatagrams()
        try expect(timed.count > 80, "vp8.pcap has more than 80 packets")
        let ssrc = try expectNotNil(capture.encodings.first?.ssrc, "SSRC of vp8.pcap in the manifest")
        let rtxSsrc = ssrc &+ 1
        let rtxPayloadType = capture.payloadType &+ 1
        try expect(rtxPayloadType <= 127, "an RTX payload type after the capture's")

        var rtpParameters = capture.producerRtpParameters
        var media = try expectNotNil(rtpParameters.codecs.first, "the capture's codec")
        media.rtcpFeedback = [
            RtcpFeedback(type: "nack"), RtcpFeedback(type: "nack", parameter: "pli"),
            RtcpFeedback(type: "ccm", parameter: "fir"),
        ]
        let rtx = RtpCodecParameters(
            mimeType: "video/rtx", payloadType: rtxPayloadType, clockRate: capture.clockRate,
            parameters: ["apt": .number(Double(capture.payloadType))])
        rtpParameters.codecs = [media, rtx]
        rtpParameters.encodings = [RtpEncodingParameters(ssrc: ssrc, rtx: RtxParameters(ssrc: rtxSsrc))]

        let relay = try await PlainRelay.make(capture, rtpParameters: rtpParameters, context: context)
        let (sendTransport, producer, receiver, consumer) = (
            relay.sendTransport, relay.producer, relay.receiver, relay.consumer)

        // The capture's packets by sequence number, for the answers to NACKs.
        let capturePackets = try timed.map { try RTPPacket(parsing: $0.bytes) }
        let bySequenceNumber = Dictionary(
            capturePackets.map { ($0.sequenceNumber, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let withheldSequenceNumbers = Set(
            capturePackets.enumerated().filter { withheldIndices.contains($0.offset) }.map { $0.element.sequenceNumber })

        let sender = try UdpPeer()
        let port = sendTransport.tuple.localPort
        let nacked = CallRecorder<UInt16>()
        let answered = CallRecorder<UInt16>()
        let rtxFirstSequenceNumber: UInt16 = 61_000
        let senderSide = UdpListener(sender, context: context) { datagram in
            for packet in UdpPeer.rtcpPackets(in: datagram) {
                guard case .genericNack(let nack) = packet, nack.mediaSSRC == ssrc else { continue }
                for number in nack.sequenceNumbers {
                    nacked.record(number)
                    // Only this thread records answers: their count numbers the RTX stream.
                    guard let original = bySequenceNumber[number],
                        let retransmission = try? ReplayCases.rtxPacket(
                            carrying: original, payloadType: rtxPayloadType, ssrc: rtxSsrc,
                            sequenceNumber: rtxFirstSequenceNumber &+ UInt16(truncatingIfNeeded: answered.count))
                    else { continue }
                    sender.send(retransmission, to: port)
                    answered.record(number)
                }
            }
        }
        let receiverSide = UdpListener(receiver, context: context)

        try await FixtureCapture.sendPaced(
            timed.filter { !withheldIndices.contains($0.index) }, from: sender, to: port)
        let expected = timed.count
        await receiverSide.wait(until: { $0.filter(UdpPeer.isRTP).count >= expected }, timeout: .seconds(3))
        let received = await receiverSide.finish().filter(UdpPeer.isRTP)
        _ = await senderSide.finish()

        let asked = Set(nacked.values)
        try expect(
            asked.isSuperset(of: withheldSequenceNumbers),
            "sequence numbers withheld but never NACKed: \(withheldSequenceNumbers.subtracting(asked).sorted()) "
                + "(NACKed: \(asked.sorted()))")
        try expect(
            Set(answered.values).isSuperset(of: withheldSequenceNumbers),
            "withheld packets the case could not answer with RTX: "
                + "\(withheldSequenceNumbers.subtracting(answered.values).sorted())")

        // Every packet once: the payloads received are those of the capture.
        let consumerSsrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let payloadType = try expectNotNil(consumer.rtpParameters.codecs.first?.payloadType, "consumer payload type")
        let out = try received.map { try RTPPacket(parsing: $0) }
        var payloadsLeft: [[UInt8]: [Int]] = [:]
        for (index, packet) in capturePackets.enumerated() {
            payloadsLeft[Array(packet.payload), default: []].append(index)
        }
        var unexpected = 0
        for packet in out {
            let payload = Array(packet.payload)
            if payloadsLeft[payload]?.isEmpty == false {
                payloadsLeft[payload]?.removeFirst()
            } else {
                unexpected += 1
            }
        }
        let missing = payloadsLeft.values.flatMap { $0 }.sorted()
        try expect(
            missing.isEmpty && unexpected == 0,
            "capture packets the consumer never sent: \(missing) (withheld: \(withheldIndices.sorted())); "
                + "packets sent more than once or unknown: \(unexpected)")
        try expectEqual(out.count, capturePackets.count, "RTP packets the consumer sent")

        // By consumer sequence number: consecutive, in capture order.
        let reference = try expectNotNil(out.first, "a packet from the consumer").sequenceNumber
        let ordered = out.sorted {
            Int16(bitPattern: $0.sequenceNumber &- reference) < Int16(bitPattern: $1.sequenceNumber &- reference)
        }
        for (position, (packet, original)) in zip(ordered, capturePackets).enumerated() {
            try expectEqual(packet.ssrc, consumerSsrc, "SSRC of the consumer's packet \(position)")
            try expectEqual(packet.payloadType, payloadType, "payload type of the consumer's packet \(position)")
            try expect(
                packet.payload.elementsEqual(original.payload),
                "the consumer's packet \(position) by sequence number does not carry capture packet \(position)")
            if position > 0 {
                try expectEqual(
                    packet.sequenceNumber, ordered[position - 1].sequenceNumber &+ 1,
                    "sequence number of the consumer's packet \(position)")
            }
        }

        // As mediasoup's inbound-rtp: packetCount counts the originals and each
        // repaired packet once (a repeated RTX is not counted again). The loss
        // is the loss left after repair, none: RTP/Streams counts recovered
        // packets as received (mediasoup 3.14.16 leaves them in packetsLost,
        // its mediaTransmissionCounter skipping RTX).
        let stats = try expectNotNil(try await producer.getStats().first, "producer inbound-rtp stats")
        try expect(stats.nackCount >= 1, "producer nackCount is \(stats.nackCount)")
        try expect(
            stats.nackPacketCount >= withheldIndices.count,
            "producer nackPacketCount is \(stats.nackPacketCount), \(withheldIndices.count) packets withheld")
        try expect(
            stats.packetsRetransmitted >= withheldIndices.count,
            "producer packetsRetransmitted is \(stats.packetsRetransmitted), \(withheldIndices.count) packets withheld")
        try expectEqual(stats.packetsRepaired, withheldIndices.count, "producer packetsRepaired")
        try expectEqual(stats.packetCount, capture.packetCount, "producer packetCount (originals and repaired)")
        try expectEqual(stats.packetsLost, 0, "producer packetsLost after repair")
    }

    /// The RTX packet (RFC 4588 §4) carrying `original`, built by hand: its
    /// header (CSRCs and extension included) with the RTX payload type, SSRC
    /// and sequence number and without padding, then the original sequence
    /// number (OSN) and the original payload.
    static func rtxPacket(
        carrying original: [UInt8], payloadType: UInt8, ssrc: UInt32, sequenceNumber: UInt16
    ) throws -> [UInt8] {
        let packet = try RTPPacket(parsing: original)
        var bytes = Array(original[..<packet.header.payloadOffset])
        bytes[0] &= ~0x20
        bytes[1] = (bytes[1] & 0x80) | (payloadType & 0x7F)
        bytes.replaceSubrange(2..<4, with: bigEndian(sequenceNumber))
        bytes.replaceSubrange(8..<12, with: bigEndian(ssrc))
        bytes += bigEndian(packet.sequenceNumber)
        bytes += packet.payload
        return bytes
    }

    private static func bigEndian(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// vp8.pcap through a PlainTransport to a consumer with RTX (the router's
    /// VP8 has it). Its endpoint then NACKs two of the packets it got (k and
    /// k + 2, near the end): the consumer sends each again over RTX, on its
    /// RTX SSRC and payload type, the OSN the consumer-side sequence number
    /// asked for, then the payload it sent the first time, with the same
    /// timestamp. Its outbound-rtp stats count the NACK and the packets.
    static func consumerAnswersNackWithRtx(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let sent = try capture.datagrams()
        let relay = try await PlainRelay.make(capture, context: context)
        let (sendTransport, receiver, recvTransport, consumer) = (
            relay.sendTransport, relay.receiver, relay.recvTransport, relay.consumer)
        let encoding = try expectNotNil(consumer.rtpParameters.encodings?.first, "consumer encoding")
        let consumerSsrc = try expectNotNil(encoding.ssrc, "consumer SSRC")
        let rtxSsrc = try expectNotNil(encoding.rtx?.ssrc, "consumer RTX SSRC (the router's VP8 has RTX)")
        let rtxPayloadType = try expectNotNil(
            consumer.rtpParameters.codecs.first { $0.mimeType.lowercased() == "video/rtx" }?.payloadType,
            "consumer RTX payload type")

        let sender = try UdpPeer()
        let expected = sent.count
        let receiving = Task { await onItsOwnThread { receiver.receiveRTP(upTo: expected, quietMilliseconds: 2000) } }
        try await send(sent, from: sender, to: sendTransport.tuple.localPort)
        let received = await receiving.value
        try checkForwarded(received, sent: sent, capture: capture, consumer: consumer)

        // Recent packets: still in any retransmission buffer (mediasoup keeps 2 s of video).
        let packets = try received.map { try RTPPacket(parsing: $0) }
        try expect(packets.count >= 8, "at least 8 packets forwarded")
        let first = packets[packets.count - 6]
        let third = packets[packets.count - 4]
        try expectEqual(third.sequenceNumber, first.sequenceNumber &+ 2, "sequence number of packet k + 2")
        let nack = RTCPGenericNack(
            senderSSRC: 0x0BAD_CAFE, mediaSSRC: consumerSsrc,
            items: [RTCPGenericNack.Item(pid: first.sequenceNumber, blp: 0b10)])
        try expectEqual(nack.sequenceNumbers, [first.sequenceNumber, third.sequenceNumber], "sequence numbers NACKed")
        receiver.send(nack.bytes, to: recvTransport.tuple.localPort)

        let answers = await onItsOwnThread { receiver.receiveRTP(upTo: 2, quietMilliseconds: 2000) }
        try expectEqual(answers.count, 2, "RTP packets answering the NACK of 2 packets")
        for (index, (bytes, original)) in zip(answers, [first, third]).enumerated() {
            let answer = try RTPPacket(parsing: bytes)
            try expectEqual(answer.ssrc, rtxSsrc, "SSRC of answer \(index) (the consumer's RTX SSRC)")
            try expectEqual(answer.payloadType, rtxPayloadType, "payload type of answer \(index) (RTX)")
            let payload = answer.payload
            try expect(payload.count >= 2, "answer \(index) has no OSN")
            let osn = UInt16(payload[payload.startIndex]) << 8 | UInt16(payload[payload.startIndex + 1])
            try expectEqual(osn, original.sequenceNumber, "OSN of answer \(index)")
            try expect(
                payload.dropFirst(2).elementsEqual(original.payload),
                "answer \(index) does not carry the payload of the packet it repeats")
            try expectEqual(answer.timestamp, original.timestamp, "timestamp of answer \(index)")
        }

        let stats = try await consumer.getStats()
        let outbound = try expectNotNil(stats.first, "consumer stats")
        try expectEqual(outbound.type, "outbound-rtp", "consumer stats[0].type")
        try expect(outbound.nackCount >= 1, "consumer nackCount is \(outbound.nackCount)")
        try expect(outbound.nackPacketCount >= 2, "consumer nackPacketCount is \(outbound.nackPacketCount)")
        try expect(
            outbound.packetsRetransmitted >= 2, "consumer packetsRetransmitted is \(outbound.packetsRetransmitted)")
    }

    /// vp8.pcap paced through a PlainTransport, both endpoints listening: the
    /// consumer's endpoint gets sender reports (SSRC the consumer's, a
    /// packet count of what it sent so far, an NTP time), the producer's
    /// sender receiver reports with a block about the producer's stream (its
    /// highest sequence number one of the capture's, nothing lost).
    static func senderAndReceiverReports(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let timed = try capture.timedDatagrams()
        let ssrc = try expectNotNil(capture.encodings.first?.ssrc, "SSRC of vp8.pcap in the manifest")
        let captureSequenceNumbers = Set(try timed.map { try RTPPacket(parsing: $0.bytes).sequenceNumber })
        let relay = try await PlainRelay.make(capture, context: context)
        let (sendTransport, receiver, consumer) = (
            relay.sendTransport, relay.receiver, relay.consumer)
        let consumerSsrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")

        func senderReports(_ datagrams: [[UInt8]]) -> [RTCPSenderReport] {
            datagrams.flatMap(UdpPeer.rtcpPackets(in:)).compactMap { packet -> RTCPSenderReport? in
                guard case .senderReport(let report) = packet, report.ssrc == consumerSsrc else { return nil }
                return report
            }
        }
        func reportBlocks(_ datagrams: [[UInt8]]) -> [RTCPReportBlock] {
            datagrams.flatMap(UdpPeer.rtcpPackets(in:)).flatMap { packet -> [RTCPReportBlock] in
                guard case .receiverReport(let report) = packet else { return [] }
                return report.reportBlocks.filter { $0.ssrc == ssrc }
            }
        }

        let sender = try UdpPeer()
        let senderSide = UdpListener(sender, context: context)
        let receiverSide = UdpListener(receiver, context: context)
        // About 3 s of media; reports come about every second (video).
        try await FixtureCapture.sendPaced(timed, from: sender, to: sendTransport.tuple.localPort)
        await receiverSide.wait(until: { !senderReports($0).isEmpty }, timeout: .milliseconds(2500))
        await senderSide.wait(until: { !reportBlocks($0).isEmpty }, timeout: .milliseconds(2500))
        let toReceiver = await receiverSide.finish()
        let toSender = await senderSide.finish()

        let forwarded = toReceiver.filter(UdpPeer.isRTP).count
        let reports = senderReports(toReceiver)
        try expect(!reports.isEmpty, "no SR with the consumer's SSRC \(consumerSsrc) reached the consumer's endpoint")
        for (index, report) in reports.enumerated() {
            try expect(
                (1...timed.count).contains(Int(report.packetCount)),
                "SR \(index): packet count \(report.packetCount), \(forwarded) packets forwarded")
            try expect(report.ntpTimestamp != 0, "SR \(index): NTP timestamp 0")
            try expect(report.octetCount > 0, "SR \(index): octet count 0")
        }
        let blocks = reportBlocks(toSender)
        try expect(!blocks.isEmpty, "no RR with a block about the producer's SSRC \(ssrc) reached the sender")
        for (index, block) in blocks.enumerated() {
            let highest = UInt16(truncatingIfNeeded: block.extendedHighestSequenceNumber)
            try expect(
                captureSequenceNumbers.contains(highest),
                "RR block \(index): highest sequence number \(highest) is none of the capture's")
            try expectEqual(block.cumulativeLost, 0, "RR block \(index): cumulative lost")
        }
    }

    /// vp8.pcap through a PlainTransport, the producer's and consumer's
    /// `score` events listened to from before the first packet: the producer
    /// reports its stream (encoding 0, the capture's SSRC) with a score above
    /// 0, the consumer a producer score above 0, and their `score`
    /// properties settle on what the last events said.
    static func producerAndConsumerScores(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let sent = try capture.datagrams()
        let ssrc = try expectNotNil(capture.encodings.first?.ssrc, "SSRC of vp8.pcap in the manifest")
        let relay = try await PlainRelay.make(capture, context: context)
        let (sendTransport, producer, consumer) = (
            relay.sendTransport, relay.producer, relay.consumer)

        let producerScores = CallRecorder<[ProducerScore]>()
        producer.events.on { event in
            if case .score(let scores) = event { producerScores.record(scores) }
        }
        let consumerScores = CallRecorder<ConsumerScore>()
        consumer.events.on { event in
            if case .score(let score) = event { consumerScores.record(score) }
        }
        let producerScored = { @Sendable () -> Bool in
            producerScores.values.contains { scores in
                scores.contains { $0.encodingIdx == 0 && $0.ssrc == ssrc && $0.score > 0 }
            }
        }
        let consumerScored = { @Sendable () -> Bool in consumerScores.values.contains { $0.producerScore > 0 } }

        let sender = try UdpPeer()
        try await send(sent, from: sender, to: sendTransport.tuple.localPort)
        try await settle(within: .seconds(3)) { producerScored() && consumerScored() }

        try expect(
            producerScored(),
            "no producer score event with encoding 0, SSRC \(ssrc), score > 0 (got \(producerScores.values))")
        try expect(
            consumerScored(), "no consumer score event with producerScore > 0 (got \(consumerScores.values))")
        // A later event (a stream going inactive, say) may still come: the
        // properties must agree with the last event once things settle.
        let producerAgrees = try await settle(within: .seconds(2)) { producer.score == producerScores.values.last }
        try expect(
            producerAgrees,
            "producer.score \(producer.score) is not the last score event \(String(describing: producerScores.values.last))")
        let consumerAgrees = try await settle(within: .seconds(2)) { consumer.score == consumerScores.values.last }
        try expect(
            consumerAgrees,
            "consumer.score \(consumer.score) is not the last score event \(String(describing: consumerScores.values.last))")
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passed; true when it held.
    @discardableResult
    private static func settle(within timeout: Duration, _ condition: () -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !condition() {
            if clock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

extension ReplayCases {
    /// vp8.pcap through a PlainTransport; then the consumer's endpoint sends a
    /// PLI, the sender answers with a keyframe, and the endpoint sends a FIR,
    /// both about the consumer's stream. Both reach the producer's sender as
    /// PLIs naming the producer's SSRC (keyFrameRequestDelay is 0),
    /// and the consumer's stats count one PLI and one FIR received, the
    /// producer's the PLIs it sent.
    static func keyFrameRequestsFromTheConsumerEndpoint(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let sent = try capture.datagrams()
        let ssrc = try expectNotNil(capture.encodings.first?.ssrc, "SSRC of vp8.pcap in the manifest")
        let relay = try await PlainRelay.make(capture, context: context)
        let consumerSsrc = try expectNotNil(relay.consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let sender = try UdpPeer()
        let receiving = Task { await onItsOwnThread { relay.receiver.receiveRTP(upTo: sent.count, quietMilliseconds: 2000) } }
        try await send(sent, from: sender, to: relay.sendTransport.tuple.localPort)
        _ = await receiving.value

        let toSender = UdpListener(sender)
        relay.receiver.send(
            RTCPPictureLossIndication(senderSSRC: 0x0BAD_CAFE, mediaSSRC: consumerSsrc).bytes,
            to: relay.recvTransport.tuple.localPort)
        // A request while one is unanswered goes no further: the sender
        // answers the PLI first (the capture's opening keyframe, sent again).
        try await Task.sleep(for: .milliseconds(200))
        try await send(sent.prefix(8), from: sender, to: relay.sendTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(200))
        relay.receiver.send(
            RTCPFullIntraRequest(senderSSRC: 0x0BAD_CAFE, entries: [.init(ssrc: consumerSsrc, sequenceNumber: 1)]).bytes,
            to: relay.recvTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(300))
        let plis = await toSender.finish().flatMap(UdpPeer.pictureLossMediaSSRCs(in:))
        try expect(plis.count >= 2 && plis.allSatisfy { $0 == ssrc }, "PLIs at the sender: \(plis), expected 2 naming \(ssrc)")

        let outbound = try expectNotNil(try await relay.consumer.getStats().first, "consumer stats")
        try expectEqual(outbound.pliCount, 1, "consumer pliCount")
        try expectEqual(outbound.firCount, 1, "consumer firCount")
        let inbound = try expectNotNil(try await relay.producer.getStats().first, "producer stats")
        try expect(inbound.pliCount >= 2, "producer pliCount is \(inbound.pliCount)")
    }
}

extension ReplayCases {
    /// The start of vp8.pcap (its first keyframe) through a PlainTransport,
    /// then the sender goes quiet and the consumer's endpoint sends one PLI.
    /// The worker asks the sender at once, and once more after 1 s without a
    /// keyframe (mediasoup's KeyFrameRequestManager), then gives up: two PLIs
    /// in 2.6 s, though no packet arrived to make the worker look again.
    static func unansweredKeyFrameRequestGoesAgainOnce(context: AcceptanceContext) async throws {
        let capture = try FixtureCapture.named("vp8.pcap")
        let sent = try capture.datagrams()
        let ssrc = try expectNotNil(capture.encodings.first?.ssrc, "SSRC of vp8.pcap in the manifest")
        let relay = try await PlainRelay.make(capture, context: context)
        let consumerSsrc = try expectNotNil(relay.consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let sender = try UdpPeer()
        try await send(sent.prefix(8), from: sender, to: relay.sendTransport.tuple.localPort)
        let forwarded = await onItsOwnThread { relay.receiver.receiveRTP(upTo: 8, quietMilliseconds: 2000) }
        try expectEqual(forwarded.count, 8, "packets forwarded before the request")

        let toSender = UdpListener(sender)
        relay.receiver.send(
            RTCPPictureLossIndication(senderSSRC: 0x0BAD_CAFE, mediaSSRC: consumerSsrc).bytes,
            to: relay.recvTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(2600))
        let plis = await toSender.finish().flatMap(UdpPeer.pictureLossMediaSSRCs(in:))
        try expectEqual(plis, [ssrc, ssrc], "PLIs at the sender in 2.6 s after one from the consumer's endpoint")
    }
}
