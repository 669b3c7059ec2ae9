import Testing

@testable import RTP

@Suite("Receive statistics: RFC 3550 A.1 sequence, A.3 loss, A.8 jitter, RR report block")
struct ReceiveStreamStatisticsTests {
    /// Feeds `sequenceNumbers` 20 ms apart with timestamps 960 apart (Opus at 48 kHz).
    static func feed(
        _ stats: inout ReceiveStreamStatistics,
        _ sequenceNumbers: [UInt16],
        from start: UInt64 = 1000
    ) -> [ReceiveStreamStatistics.Outcome] {
        var outcomes = [ReceiveStreamStatistics.Outcome]()
        for (index, number) in sequenceNumbers.enumerated() {
            outcomes.append(
                stats.receive(
                    sequenceNumber: number, timestamp: UInt32(number) &* 960, now: start + UInt64(index) * 20))
        }
        return outcomes
    }

    @Test func probationNeedsTwoSequentialPackets() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 48000)
        #expect(stats.makeReportBlock(now: 0) == nil)
        #expect(Self.feed(&stats, [100, 101, 102]) == [.probation, .valid, .valid])
        // The base is the packet that ended probation.
        #expect(stats.packetsExpected == 2 && stats.packetsReceived == 2 && stats.cumulativeLost == 0)
    }

    @Test func probationRestartsOnAJump() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 48000)
        #expect(Self.feed(&stats, [100, 200, 201]) == [.probation, .probation, .valid])
        #expect(stats.extendedHighestSequenceNumber == 201)
    }

    @Test func withoutProbationTheFirstPacketCounts() {
        var stats = ReceiveStreamStatistics(
            ssrc: 1, clockRate: 48000, configuration: .init(minSequential: 1))
        #expect(Self.feed(&stats, [0, 1]) == [.valid, .valid])
        // A first sequence number of 0 adds no cycle.
        #expect(stats.extendedHighestSequenceNumber == 1 && stats.packetsExpected == 2)
    }

    @Test func wrapAroundCountsACycle() {
        var stats = ReceiveStreamStatistics(ssrc: 0x5566_7788, clockRate: 48000, configuration: .init(minSequential: 1))
        _ = Self.feed(&stats, Array(UInt16(65530)...65535) + Array(UInt16(0)...5))
        #expect(stats.extendedHighestSequenceNumber == 0x1_0005)
        #expect(stats.packetsExpected == 12 && stats.cumulativeLost == 0)
        let block = stats.makeReportBlock(now: 2000)
        #expect(block?.extendedHighestSequenceNumber == 0x0001_0005)
    }

    @Test func reorderingAndDuplicates() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 90000, configuration: .init(minSequential: 1))
        #expect(Self.feed(&stats, [10, 11, 13, 12, 14]).allSatisfy { $0 == .valid })
        #expect(stats.extendedHighestSequenceNumber == 14 && stats.cumulativeLost == 0)
        // A duplicate makes the loss negative (RFC 3550 §6.4.1).
        _ = Self.feed(&stats, [14])
        #expect(stats.cumulativeLost == -1)
        // Reordered across the wrap: 65535 arrives after 0.
        var wrapped = ReceiveStreamStatistics(ssrc: 1, clockRate: 90000, configuration: .init(minSequential: 1))
        _ = Self.feed(&wrapped, [65533, 65534, 0, 65535, 1])
        #expect(wrapped.extendedHighestSequenceNumber == 0x1_0001 && wrapped.cumulativeLost == 0)
    }

    @Test func largeJumpsAreDiscardedThenResynchronise() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 90000, configuration: .init(minSequential: 1))
        _ = Self.feed(&stats, [100, 101])
        // 3,000 ahead is beyond MAX_DROPOUT; 150 behind is beyond MAX_MISORDER.
        #expect(Self.feed(&stats, [3101, 65487]) == [.invalid, .invalid])
        #expect(stats.packetsDiscarded == 2 && stats.extendedHighestSequenceNumber == 101)
        // Two sequential packets after a jump: the sender restarted.
        #expect(Self.feed(&stats, [40000, 40001]) == [.invalid, .restarted])
        #expect(stats.extendedHighestSequenceNumber == 40001 && stats.packetsExpected == 1)
        // 2,999 ahead is still a gap.
        #expect(Self.feed(&stats, [43000]) == [.valid])
        #expect(stats.cumulativeLost == 2998)
    }

    @Test func fractionLostPerInterval() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 48000, configuration: .init(minSequential: 1))
        // 100 expected, 10 lost (every tenth).
        _ = Self.feed(&stats, (0..<100).filter { $0 % 10 != 5 }.map { UInt16($0) })
        let first = stats.makeReportBlock(now: 5000)
        #expect(first?.cumulativeLost == 10)
        #expect(first?.fractionLost == 25)  // ⌊10 × 256 / 100⌋
        // The next interval loses nothing: the fraction falls, the total stays.
        _ = Self.feed(&stats, (100..<150).map { UInt16($0) }, from: 6000)
        let second = stats.makeReportBlock(now: 7000)
        #expect(second?.cumulativeLost == 10 && second?.fractionLost == 0)
        // Half of the next one is lost.
        _ = Self.feed(&stats, (150..<250).filter { $0 % 2 == 1 }.map { UInt16($0) }, from: 8000)
        #expect(stats.makeReportBlock(now: 9000)?.fractionLost == 128)
    }

    @Test func recoveredPacketsRepairTheLoss() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 90000, configuration: .init(minSequential: 1))
        _ = Self.feed(&stats, [1, 2, 5])
        #expect(stats.cumulativeLost == 2)
        let jitter = stats.jitter
        stats.receive(sequenceNumber: 3, timestamp: 0, isRetransmission: true, now: 5000)
        stats.receive(sequenceNumber: 4, timestamp: 0, isRetransmission: true, now: 5000)
        stats.countRepaired()
        #expect(stats.cumulativeLost == 0 && stats.packetsRetransmitted == 2 && stats.packetsRepaired == 1)
        // Retransmissions take no part in jitter.
        #expect(stats.jitter == jitter && jitter > 0)
    }

    @Test func jitterFollowsTheIntegerFormOfA8() {
        var stats = ReceiveStreamStatistics(ssrc: 1, clockRate: 48000, configuration: .init(minSequential: 1))
        // Steady 20 ms spacing with 960-tick timestamps: no jitter.
        _ = Self.feed(&stats, (0..<50).map { UInt16($0) })
        #expect(stats.jitter == 0)
        // One packet 10 ms late: D = 480 ticks, J = 480 / 16.
        stats.receive(sequenceNumber: 50, timestamp: 50 * 960, now: 1000 + 50 * 20 + 10)
        #expect(stats.jitter == 30)
        // Alternating ±10 ms converges to 480 (each D is 480).
        for index in 51..<400 {
            let late: UInt64 = index % 2 == 0 ? 10 : 0
            stats.receive(sequenceNumber: UInt16(index), timestamp: UInt32(index) * 960, now: 1000 + UInt64(index) * 20 + late)
        }
        #expect((470...480).contains(stats.jitter))
        stats.resetJitter()
        #expect(stats.jitter == 0)
    }

    @Test func reportBlockEchoesTheLastSenderReport() {
        var stats = ReceiveStreamStatistics(ssrc: 0x5566_7788, clockRate: 48000, configuration: .init(minSequential: 1))
        _ = Self.feed(&stats, [7, 8, 9])
        #expect(stats.makeReportBlock(now: 1000)?.lastSenderReport == 0)
        // RFC 3550 §6.4.1's example: SR at 3024992005.125 s, RR 5.25 s later.
        stats.receiveSenderReport(ntpTimestamp: 0xB44D_B705_2000_0000, now: 10_000)
        let block = stats.makeReportBlock(now: 15_250)
        #expect(block?.lastSenderReport == 0xB705_2000)
        #expect(block?.delaySinceLastSenderReport == 0x0005_4000)

        // The block in our RR, on the wire.
        let report = RTCPReceiverReport(ssrc: 0x1122_3344, reportBlocks: block.map { [$0] } ?? [])
        #expect(
            serialized(report)
                == hex(
                    "81 c9 00 07",  // V=2 P=0 RC=1 | PT=RR=201 | length 7
                    "11 22 33 44",  // SSRC of packet sender
                    "55 66 77 88",  // SSRC_1
                    "00 00 00 00",  // fraction lost 0 | cumulative lost 0
                    "00 00 00 09",  // extended highest sequence number 9
                    "00 00 00 00",  // jitter 0
                    "b7 05 20 00",  // LSR
                    "00 05 40 00"  // DLSR 5.25 s
                ))
    }
}
