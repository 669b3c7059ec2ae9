import Testing

@testable import RTP

@Suite("NACK generator: gaps, retries on the round trip, recovery, overflow")
struct NackGeneratorTests {
    /// Receives `sequenceNumbers` as plain packets at `now`.
    static func receive(_ generator: inout NackGenerator, _ sequenceNumbers: [UInt16], now: UInt64 = 1000) {
        for number in sequenceNumbers {
            generator.receive(sequenceNumber: number, isKeyFrame: false, isRecovered: false, now: now)
        }
    }

    /// Receives one packet; true when it was a repair.
    static func take(_ generator: inout NackGenerator, _ sequenceNumber: UInt16, recovered: Bool, now: UInt64) -> Bool {
        generator.receive(sequenceNumber: sequenceNumber, isKeyFrame: false, isRecovered: recovered, now: now)
    }

    /// The waiting NACK's sequence numbers, drained (empty when none).
    static func drain(_ generator: inout NackGenerator) -> [UInt16] {
        generator.pollNack(senderSSRC: 0, mediaSSRC: 0x5566_7788)?.sequenceNumbers ?? []
    }

    @Test func noGapNoNack() {
        var generator = NackGenerator()
        Self.receive(&generator, [1, 2, 3, 4, 5])
        #expect(generator.pendingNackSize == 0)
        #expect(generator.nextTimeout == nil)
        // A reordered packet is NACKed as soon as the next one shows the gap;
        // arriving after that it counts as repaired, as in mediasoup.
        Self.receive(&generator, [7])
        #expect(Self.drain(&generator) == [6])
        #expect(Self.take(&generator, 6, recovered: false, now: 1001))
        #expect(generator.missingCount == 0 && generator.nextTimeout == nil)
    }

    @Test func aGapIsNackedAtOnceOnTheWire() throws {
        var generator = NackGenerator()
        Self.receive(&generator, [1, 2, 6])
        #expect(generator.missingCount == 3)
        #expect(generator.pendingNackSize == 16)
        var buffer = [UInt8](repeating: 0xEE, count: 32)
        let written = buffer.withUnsafeMutableBytes {
            generator.writeNack(senderSSRC: 0, mediaSSRC: 0x5566_7788, into: $0)
        }
        let expected = hex(
            "81 cd 00 03",  // V=2 P=0 FMT=1 | PT=RTPFB=205 | length 3
            "00 00 00 00",  // SSRC of packet sender: 0, as mediasoup
            "55 66 77 88",  // SSRC of media source
            "00 03 00 03"  // PID 3 | BLP 0b11: 4 and 5
        )
        #expect(Array(buffer[0..<written]) == expected)
        guard case .genericNack(let nack) = try RTCPPacket(parsing: expected) else {
            Issue.record("not a NACK")
            return
        }
        #expect(nack.sequenceNumbers == [3, 4, 5])
        // Drained: nothing more until the timer.
        #expect(generator.pendingNackSize == 0 && generator.nackCount == 1 && generator.nackPacketCount == 3)
        #expect(generator.nextTimeout == 1040)
    }

    @Test func retriesAreSpacedByTheRoundTripAndCapped() {
        var generator = NackGenerator()
        Self.receive(&generator, [1, 2, 6])
        var sends = [(UInt64, [UInt16])]()
        sends.append((1000, Self.drain(&generator)))
        while let deadline = generator.nextTimeout {
            generator.handleTimeout(now: deadline)
            let numbers = Self.drain(&generator)
            if !numbers.isEmpty { sends.append((deadline, numbers)) }
        }
        // The 40 ms tick asks again once 100 ms (the default RTT) have passed;
        // after the 10th request the packets are given up.
        #expect(sends.map(\.0) == [1000, 1120, 1240, 1360, 1480, 1600, 1720, 1840, 1960, 2080])
        #expect(sends.allSatisfy { $0.1 == [3, 4, 5] })
        #expect(generator.missingCount == 0)
    }

    @Test func theRoundTripTimeSetsTheSpacing() {
        var generator = NackGenerator()
        generator.updateRoundTripTime(milliseconds: 200)
        Self.receive(&generator, [1, 3])
        #expect(Self.drain(&generator) == [2])
        for tick in stride(from: UInt64(1040), through: 1160, by: 40) {
            generator.handleTimeout(now: tick)
            #expect(Self.drain(&generator).isEmpty)
        }
        generator.handleTimeout(now: 1200)
        #expect(Self.drain(&generator) == [2])
    }

    @Test func recoveredAndLatePacketsLeaveTheList() {
        var generator = NackGenerator()
        Self.receive(&generator, [1, 2, 6])
        _ = Self.drain(&generator)
        // 4 by RTX, 3 late on the media SSRC: both had been asked for.
        #expect(Self.take(&generator, 4, recovered: true, now: 1050))
        #expect(Self.take(&generator, 3, recovered: false, now: 1060))
        // Twice is not repaired twice.
        #expect(!Self.take(&generator, 4, recovered: true, now: 1070))
        #expect(generator.missingCount == 1)
        generator.handleTimeout(now: 1120)
        #expect(Self.drain(&generator) == [5])
        #expect(Self.take(&generator, 5, recovered: true, now: 1130))
        #expect(generator.missingCount == 0 && generator.nextTimeout == nil)
    }

    @Test func aGapAcrossTheWrap() {
        var generator = NackGenerator()
        Self.receive(&generator, [65533, 65534, 2])
        let nack = generator.pollNack(senderSSRC: 0, mediaSSRC: 1)
        #expect(nack?.items == [RTCPGenericNack.Item(pid: 65535, blp: 0b11)])
        #expect(Self.take(&generator, 0, recovered: true, now: 1010))
        #expect(generator.missingCount == 2)
    }

    @Test func packetsRecoveredAheadAreNeverAskedFor() {
        var generator = NackGenerator()
        Self.receive(&generator, [10])
        #expect(!Self.take(&generator, 13, recovered: true, now: 1000))
        Self.receive(&generator, [15])
        let nack = generator.pollNack(senderSSRC: 0, mediaSSRC: 1)
        #expect(nack?.sequenceNumbers == [11, 12, 14])
        #expect(nack?.items == [RTCPGenericNack.Item(pid: 11, blp: 0b101)])
    }

    @Test func theSendDelayHoldsTheFirstNack() {
        var generator = NackGenerator(configuration: .init(sendDelay: 20))
        Self.receive(&generator, [1, 5], now: 0)
        #expect(generator.pendingNackSize == 0)
        // Arrived before being asked for: not a repair.
        #expect(!Self.take(&generator, 3, recovered: false, now: 10))
        generator.handleTimeout(now: 40)
        #expect(Self.drain(&generator) == [2, 4])
    }

    @Test func anOverflowWithoutKeyFrameClearsAndAsksForOne() {
        var generator = NackGenerator()
        Self.receive(&generator, [0, 1001])
        #expect(generator.missingCount == 1000)
        _ = Self.drain(&generator)
        Self.receive(&generator, [1003])
        #expect(generator.missingCount == 0 && generator.pendingNackSize == 0)
        let first = generator.pollKeyFrameRequest()
        let second = generator.pollKeyFrameRequest()
        #expect(first && !second)
        #expect(generator.keyFrameRequestCount == 1)
    }

    @Test func anOverflowIsCutBackToTheLatestKeyFrame() {
        var generator = NackGenerator()
        Self.receive(&generator, [0, 601])
        #expect(generator.missingCount == 600)
        _ = Self.drain(&generator)
        generator.receive(sequenceNumber: 602, isKeyFrame: true, isRecovered: false, now: 1000)
        Self.receive(&generator, [1103])
        // 1…600 predate the keyframe at 602: dropped to make room for 603…1102.
        #expect(generator.missingCount == 500)
        let keyFrameRequested = generator.pollKeyFrameRequest()
        #expect(!keyFrameRequested)
        #expect(Self.drain(&generator) == (603...1102).map { UInt16($0) })
    }

    @Test func oldMissingPacketsAgeOut() {
        var generator = NackGenerator()
        Self.receive(&generator, [0, 5])
        _ = Self.drain(&generator)
        Self.receive(&generator, (6...10_001).map { UInt16($0) })
        #expect(generator.missingCount == 4)
        // Each new packet forgets those 10,000 or more behind it.
        Self.receive(&generator, [10_002, 10_003, 10_004])
        #expect(generator.missingCount == 1)
        Self.receive(&generator, [10_005])
        #expect(generator.missingCount == 0)
    }

    @Test func manyRemovalsInTheMiddleKeepTheOrder() {
        // Ring of 8: tombstones in the middle, then compaction when it fills.
        var generator = NackGenerator(configuration: .init(maxNackPackets: 8))
        Self.receive(&generator, [0, 7])
        _ = Self.drain(&generator)
        for number: UInt16 in [2, 4, 6] {
            #expect(Self.take(&generator, number, recovered: true, now: 1000))
        }
        Self.receive(&generator, [12])
        #expect(generator.missingCount == 7)
        #expect(Self.drain(&generator) == [8, 9, 10, 11])
        generator.handleTimeout(now: 1100)
        #expect(Self.drain(&generator) == [1, 3, 5, 8, 9, 10, 11])
        for number: UInt16 in [1, 3, 5, 8, 9, 10, 11] {
            #expect(Self.take(&generator, number, recovered: true, now: 1200))
        }
        #expect(generator.missingCount == 0)
    }

    @Test func resetStartsAfresh() {
        var generator = NackGenerator()
        Self.receive(&generator, [1, 4])
        generator.reset()
        #expect(generator.missingCount == 0 && generator.pendingNackSize == 0 && generator.nextTimeout == nil)
        Self.receive(&generator, [100, 101])
        #expect(generator.pendingNackSize == 0)
    }
}
