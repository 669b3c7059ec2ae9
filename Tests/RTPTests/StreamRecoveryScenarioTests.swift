import Testing

@testable import RTP

/// A sender (retransmission buffer with RTX, sender reports) and a receiver
/// (statistics, NACK generator) trading packets over a lossy in-memory link,
/// on manual time.
struct RecoveryLink {
    static let mediaSSRC: UInt32 = 0x1111_1111
    static let rtxSSRC: UInt32 = 0x2222_2222

    var sendBuffer = RetransmissionBuffer(
        configuration: .init(capacity: 128), rtx: .init(ssrc: rtxSSRC, payloadType: 97), initialRTXSequenceNumber: 500)
    var sender = SenderReportGenerator(ssrc: mediaSSRC, clockRate: 90000)
    var stats = ReceiveStreamStatistics(ssrc: mediaSSRC, clockRate: 90000, configuration: .init(minSequential: 1))
    var nack = NackGenerator()
    /// Original packets as the receiver has them, by sequence number.
    var received = [UInt16: [UInt8]]()
    /// RTX packets dropped on the link, by original sequence number (once each).
    var dropRTX = Set<UInt16>()
    var rtxSequenceNumbers = [UInt16]()

    mutating func send(_ packet: [UInt8], lost: Bool, now: UInt64) throws {
        runTimers(until: now)
        let header = try parseHeader(packet)
        _ = packet.withUnsafeBytes { sendBuffer.store($0, now: now) }
        sender.packetSent(timestamp: header.timestamp, payloadLength: header.payloadLength, now: now)
        guard !lost else { return }
        stats.receive(sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, now: now)
        nack.receive(sequenceNumber: header.sequenceNumber, isKeyFrame: false, isRecovered: false, now: now)
        received[header.sequenceNumber] = packet
        try exchangeNacks(now: now)
    }

    mutating func runTimers(until now: UInt64) {
        while let deadline = nack.nextTimeout, deadline <= now {
            nack.handleTimeout(now: deadline)
            try? exchangeNacks(now: deadline)
        }
    }

    /// The receiver's NACK to the sender, the sender's RTX back.
    mutating func exchangeNacks(now: UInt64) throws {
        let size = nack.pendingNackSize
        guard size > 0 else { return }
        var bytes = [UInt8](repeating: 0, count: size)
        let written = bytes.withUnsafeMutableBytes { nack.writeNack(senderSSRC: 0, mediaSSRC: Self.mediaSSRC, into: $0) }
        #expect(written == size)
        guard case .genericNack(let feedback) = try RTCPPacket(parsing: bytes) else {
            Issue.record("not a NACK")
            return
        }
        #expect(feedback.mediaSSRC == Self.mediaSSRC)
        sendBuffer.receiveNack(feedback, now: now)
        var scratch = [UInt8](repeating: 0, count: sendBuffer.maxRetransmissionSize)
        while let count = scratch.withUnsafeMutableBytes({ sendBuffer.pollRetransmission(into: $0) }) {
            try receiveRTX(Array(scratch[0..<count]), now: now)
        }
    }

    mutating func receiveRTX(_ packet: [UInt8], now: UInt64) throws {
        let header = try parseHeader(packet)
        #expect(header.ssrc == Self.rtxSSRC && header.payloadType == 97)
        rtxSequenceNumbers.append(header.sequenceNumber)
        var bytes = packet
        let decoded = bytes.withUnsafeMutableBytes {
            RTXDecoding.decode($0, length: packet.count, mediaPayloadType: 96, mediaSSRC: Self.mediaSSRC)
        }
        guard let decoded else {
            Issue.record("undecodable RTX")
            return
        }
        if dropRTX.remove(decoded.sequenceNumber) != nil { return }
        let original = Array(bytes[0..<decoded.length])
        let timestamp = try parseHeader(original).timestamp
        stats.receive(sequenceNumber: decoded.sequenceNumber, timestamp: timestamp, isRetransmission: true, now: now)
        if nack.receive(sequenceNumber: decoded.sequenceNumber, isKeyFrame: false, isRecovered: true, now: now) {
            stats.countRepaired()
        }
        received[decoded.sequenceNumber] = original
    }
}

@Suite("Scenario: a burst loss across the wrap, NACKs, RTX recovery, reports and scores")
struct StreamRecoveryScenarioTests {
    @Test func aBurstLossIsRecoveredByRTX() throws {
        var link = RecoveryLink()
        // The first retransmission of sequence number 0 is lost too.
        link.dropRTX = [0]
        var sent = [UInt16: [UInt8]]()
        for index in 0..<60 {
            let sequenceNumber = UInt16(65511) &+ UInt16(index)
            let packet = try RTPPacket(
                payloadType: 96, sequenceNumber: sequenceNumber, timestamp: UInt32(index / 3) * 3000,
                ssrc: RecoveryLink.mediaSSRC, marker: index % 3 == 2, payload: [UInt8](repeating: UInt8(index), count: 100)
            ).bytes
            sent[sequenceNumber] = packet
            // Indices 20…29 (65531…65535, 0…4) are lost in a burst.
            try link.send(packet, lost: (20..<30).contains(index), now: 1000 + UInt64(index) * 10)
        }
        link.runTimers(until: 3000)

        // Everything arrived, byte for byte, and nothing is missing any more.
        #expect(link.received == sent)
        #expect(link.nack.missingCount == 0 && link.nack.nextTimeout == nil)
        // One NACK for the burst (PID 65531 + 9 bits), one retry for 0 after the
        // round trip; eleven RTX packets with their own sequence numbers.
        #expect(link.nack.nackCount == 2 && link.nack.nackPacketCount == 11)
        #expect(link.rtxSequenceNumbers == Array(500...510))
        #expect(link.sendBuffer.packetsRetransmitted == 11 && link.sendBuffer.packetsRepaired == 10)
        #expect(link.stats.packetsRepaired == 10 && link.stats.packetsRetransmitted == 10)

        // The receiver's report: no loss left after repair.
        let made = link.stats.makeReportBlock(now: 3000)
        let block = try #require(made)
        #expect(block.cumulativeLost == 0 && block.fractionLost == 0)
        #expect(block.extendedHighestSequenceNumber == 0x1_0022)

        // Scores: the producer side counts the repairs as mediasoup does
        // (lost' = ⌊10 − 10 × (50 / 60)⁴⌋ = 5 of 50 → 0.9⁴ → 7); the consumer
        // side sees no loss in the RR.
        var producerScore = StreamScore()
        producerScore.update(receiving: link.stats, usesRTX: true)
        #expect(producerScore.score == 7)
        var consumerScore = StreamScore()
        consumerScore.update(
            packetsSent: UInt64(link.sender.packetCount), reportBlock: block,
            packetsRepaired: link.sendBuffer.packetsRepaired, packetsRetransmitted: link.sendBuffer.packetsRetransmitted)
        #expect(consumerScore.score == 10)
    }
}
