import Testing

@testable import RTP

@Suite("Sender reports (RFC 3550 §6.4.1): counts, NTP and RTP time, round trip from RR")
struct SenderReportGeneratorTests {
    @Test func ntpArithmetic() {
        #expect(NTPTimestamp.timestamp(unixMilliseconds: 0) == 0x83AA_7E80_0000_0000)
        #expect(NTPTimestamp.timestamp(unixMilliseconds: 1_700_000_000_500) == 0xE8FE_6F80_8000_0000)
        #expect(NTPTimestamp.compact(0xB44D_B705_2000_0000) == 0xB705_2000)
        #expect(NTPTimestamp.compactDuration(milliseconds: 5250) == 0x0005_4000)
        #expect(NTPTimestamp.compactDuration(milliseconds: .max) == .max)
        #expect(NTPTimestamp.milliseconds(compactDuration: 0x0005_4000) == 5250)
    }

    @Test func theRoundTripOfRFC3550() {
        // A 0xb710:8000 − LSR 0xb705:2000 − DLSR 0x0005:4000 = 0x0006:2000 (6.125 s).
        let delay = SenderReportGenerator.roundTripTime(
            arrival: 0xB710_8000, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000)
        #expect(delay == 0x0006_2000)
        #expect(SenderReportGenerator.roundTripTime(arrival: 5, lastSenderReport: 0, delaySinceLastSenderReport: 0) == nil)
        #expect(SenderReportGenerator.roundTripTime(arrival: 5, lastSenderReport: 4, delaySinceLastSenderReport: 2) == nil)
    }

    @Test func countsAndTheExtrapolatedTimestamp() {
        var generator = SenderReportGenerator(ssrc: 0x1122_3344, clockRate: 90000)
        #expect(generator.makeSenderReport(ntpTimestamp: 1, now: 0) == nil)
        generator.packetSent(timestamp: 1000, payloadLength: 100, now: 0)
        generator.packetSent(timestamp: 4000, payloadLength: 200, now: 33)
        // An older timestamp (reordered frame) does not move the reference.
        generator.packetSent(timestamp: 3000, payloadLength: 50, now: 60)
        let ntp = NTPTimestamp.timestamp(unixMilliseconds: 1_700_000_000_500)
        let report = generator.makeSenderReport(ntpTimestamp: ntp, now: 133)
        let expectedTimestamp: UInt32 = 4000 + 100 * 90
        #expect(report?.rtpTimestamp == expectedTimestamp)
        #expect(report.map { serialized($0) }
            == hex(
                "80 c8 00 06",  // V=2 P=0 RC=0 | PT=SR=200 | length 6
                "11 22 33 44",  // SSRC of sender
                "e8 fe 6f 80",  // NTP seconds (2023-11-14T22:13:20Z)
                "80 00 00 00",  // NTP fraction: .5 s
                "00 00 32 c8",  // RTP timestamp 13000: 4000 + 100 ms × 90 kHz
                "00 00 00 03",  // packet count
                "00 00 01 5e"  // octet count 350
            ))
    }

    @Test func senderAndReceiverReportsMeasureTheRoundTrip() throws {
        // Sender and receiver each on their own monotonic clock; 20 ms each way.
        var sender = SenderReportGenerator(ssrc: 0x1122_3344, clockRate: 90000)
        var receiver = ReceiveStreamStatistics(ssrc: 0x1122_3344, clockRate: 90000, configuration: .init(minSequential: 1))
        sender.packetSent(timestamp: 90000, payloadLength: 1000, now: 900)
        receiver.receive(sequenceNumber: 1, timestamp: 90000, now: 50_000 - 80)

        let ntp = NTPTimestamp.timestamp(unixMilliseconds: 1_700_000_000_000)
        let sr0 = sender.makeSenderReport(ntpTimestamp: ntp, now: 1000)
        let srBytes = try #require(sr0).bytes
        guard case .senderReport(let sr) = try RTCPPacket(parsing: srBytes) else {
            Issue.record("not an SR")
            return
        }
        receiver.receiveSenderReport(ntpTimestamp: sr.ntpTimestamp, now: 50_020)

        // The receiver reports 30 ms after the SR arrived.
        let made = receiver.makeReportBlock(now: 50_050)
        let block = try #require(made)
        let rrBytes = RTCPReceiverReport(ssrc: 0xAABB_CCDD, reportBlocks: [block]).bytes
        guard case .receiverReport(let rr) = try RTCPPacket(parsing: rrBytes), let echoed = rr.reportBlocks.first else {
            Issue.record("not an RR")
            return
        }
        #expect(echoed.lastSenderReport == NTPTimestamp.compact(ntp))
        let measured = sender.receiveReportBlock(echoed, now: 1070)
        let rtt = try #require(measured)
        // 70 ms between SR and RR on the sender's clock, less the 30 ms DLSR.
        #expect(abs(rtt - 40) < 0.1)
        #expect(sender.roundTripTime == rtt && sender.lastReportBlock == echoed)

        // A block that echoes no SR of ours measures nothing.
        var stray = echoed
        stray.lastSenderReport &+= 1
        let strayRTT = sender.receiveReportBlock(stray, now: 1100)
        stray.lastSenderReport = 0
        let noRTT = sender.receiveReportBlock(stray, now: 1100)
        #expect(strayRTT == nil && noRTT == nil)
        #expect(sender.roundTripTime == rtt)
    }

    @Test func eachOfTheLastEightReportsCanBeEchoed() throws {
        var sender = SenderReportGenerator(ssrc: 1, clockRate: 48000)
        sender.packetSent(timestamp: 0, payloadLength: 10, now: 0)
        var compacts = [UInt32]()
        for index in 0..<10 {
            let ntp = NTPTimestamp.timestamp(unixMilliseconds: 1_000_000 + UInt64(index) * 1000)
            _ = sender.makeSenderReport(ntpTimestamp: ntp, now: UInt64(index) * 1000)
            compacts.append(NTPTimestamp.compact(ntp))
        }
        // Reports 0 and 1 have left the history; 2 is echoed 10 s after it was sent.
        let forgotten = sender.receiveReportBlock(RTCPReportBlock(ssrc: 1, lastSenderReport: compacts[1]), now: 10_000)
        #expect(forgotten == nil)
        let rtt = sender.receiveReportBlock(RTCPReportBlock(ssrc: 1, lastSenderReport: compacts[2]), now: 10_000)
        #expect(rtt == 8000)
    }
}
