// The fuzz entry of the stream cores: arbitrary bytes as an RTX packet, then
// as a run of packet arrivals (sequence number, flags, time step) driving the
// receive statistics, the NACK generator, a retransmission buffer answering
// its NACKs, the sender report generator and the scores. Nothing may trap,
// and what the cores write must parse back. `fuzzCheck` is in RTPPacket+Fuzz.swift.

extension NackGenerator {
    /// Runs `data` through `RTXDecoding` and the stream cores (see the file header).
    package static func fuzz(_ data: UnsafeRawBufferPointer) {
        fuzzRTXDecoding(data)

        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 90000, configuration: .init(minSequential: 1))
        var generator = NackGenerator(configuration: .init(maxNackPackets: 64, sendDelay: 10))
        var buffer = RetransmissionBuffer(
            configuration: .init(capacity: 16, maxPacketSize: 64), rtx: .init(ssrc: 2, payloadType: 97))
        var sender = SenderReportGenerator(ssrc: 1, clockRate: 90000)
        var receiveScore = StreamScore()
        var sendScore = StreamScore()
        var packet = [UInt8](repeating: 0xAB, count: 40)
        var rtcp = [UInt8](repeating: 0, count: 12 + 4 * 64)
        var out = [UInt8](repeating: 0, count: buffer.maxRetransmissionSize)
        var now: UInt64 = 0

        var offset = 0
        while offset + 4 <= data.count {
            let sequenceNumber = data.u16(offset)
            let flags = data.u8(offset + 2)
            now += UInt64(data.u8(offset + 3))
            offset += 4

            let timestamp = UInt32(sequenceNumber) &* 3000
            packet.withUnsafeMutableBytes { raw in
                raw[0] = 0x80
                raw[1] = 96
                RTPHeaderFields.setSequenceNumber(sequenceNumber, in: raw)
                RTPHeaderFields.setTimestamp(timestamp, in: raw)
                RTPHeaderFields.setSSRC(1, in: raw)
                fuzzCheck(buffer.store(UnsafeRawBufferPointer(raw), now: now), "a valid packet not stored")
            }
            sender.packetSent(timestamp: timestamp, payloadLength: 28, now: now)
            let recovered = flags & 0x02 != 0
            stats.receive(sequenceNumber: sequenceNumber, timestamp: timestamp, isRetransmission: recovered, now: now)
            if generator.receive(sequenceNumber: sequenceNumber, isKeyFrame: flags & 0x01 != 0, isRecovered: recovered, now: now) {
                stats.countRepaired()
            }
            if flags & 0x04 != 0 { generator.handleTimeout(now: now) }
            if flags & 0x08 != 0 { generator.updateRoundTripTime(milliseconds: UInt64(flags >> 4) * 20) }
            fuzzCheck(generator.missingCount <= 64, "NACK list over its capacity")
            _ = generator.pollKeyFrameRequest()

            let size = generator.pendingNackSize
            let written = rtcp.withUnsafeMutableBytes { generator.writeNack(senderSSRC: 0, mediaSSRC: 1, into: $0) }
            fuzzCheck(written == size, "NACK size and write disagree")
            if written > 0 {
                guard let nack = try? RTCPGenericNack(parsing: Array(rtcp[0..<written])) else {
                    fuzzCheck(false, "written NACK does not parse")
                    return
                }
                buffer.receiveNack(nack, now: now)
                while let length = out.withUnsafeMutableBytes({ buffer.pollRetransmission(into: $0) }) {
                    let header = out.withUnsafeBytes { try? RTPHeaderFields.parse(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
                    fuzzCheck(header?.ssrc == 2 && header?.payloadType == 97, "RTX packet malformed")
                }
            }

            if flags & 0x80 != 0, let block = stats.makeReportBlock(now: now) {
                receiveScore.update(receiving: stats, usesRTX: true)
                sendScore.update(
                    packetsSent: UInt64(sender.packetCount), reportBlock: block,
                    packetsRepaired: buffer.packetsRepaired, packetsRetransmitted: buffer.packetsRetransmitted)
                _ = sender.makeSenderReport(ntpTimestamp: UInt64(now) << 32, now: now)
                sender.receiveReportBlock(block, now: now)
                fuzzCheck(receiveScore.score <= 10 && sendScore.score <= 10, "score out of range")
            }
        }
    }

    /// Decodes `data` as an RTX packet and checks the result against the input.
    private static func fuzzRTXDecoding(_ data: UnsafeRawBufferPointer) {
        var bytes = [UInt8](data)
        let decoded = bytes.withUnsafeMutableBytes {
            RTXDecoding.decode($0, length: data.count, mediaPayloadType: 96, mediaSSRC: 7)
        }
        guard let decoded, let header = try? RTPHeaderFields.parse(data) else { return }
        fuzzCheck(decoded.length == header.payloadOffset + header.payloadLength - 2, "RTX length")
        fuzzCheck(decoded.sequenceNumber == data.u16(header.payloadOffset), "RTX OSN")
        let restored = bytes.withUnsafeBytes { try? RTPHeaderFields.parse(UnsafeRawBufferPointer(rebasing: $0[0..<decoded.length])) }
        fuzzCheck(restored?.sequenceNumber == decoded.sequenceNumber && restored?.ssrc == 7, "RTX restore")
    }
}
