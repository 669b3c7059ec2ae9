import Testing

@testable import RTP

@Suite("Sequence mapping for forwarded streams: jumps, drops, late packets, wrap")
struct SequenceMapperTests {
    @Test func theFirstRunKeepsTheInputNumbers() {
        var mapper = SequenceMapper(bits: 16)
        #expect([10, 11, 12].map { mapper.map($0) } == [10, 11, 12])
    }

    @Test func aRestartContinuesAfterTheNewestOutput() {
        var mapper = SequenceMapper(bits: 16)
        _ = mapper.map(10)
        _ = mapper.map(11)
        mapper.restart()
        #expect(mapper.map(5000) == 12)
        #expect(mapper.map(5001) == 13)
    }

    @Test func dropsCloseTheirGap() {
        var mapper = SequenceMapper(bits: 16)
        #expect(mapper.map(10) == 10)
        #expect(mapper.map(11) == 11)
        mapper.drop(12)
        #expect(mapper.map(13) == 12)
        mapper.drop(14)
        mapper.drop(14)  // a second packet of the same dropped frame: counted once
        #expect(mapper.map(15) == 13)
    }

    @Test func aLateInputGetsTheNumberItWouldHaveHadInOrder() {
        var mapper = SequenceMapper(bits: 16)
        _ = mapper.map(10)
        // 11 is lost for now; 12 dropped; 13 and 14 sent.
        mapper.drop(12)
        #expect(mapper.map(13) == 12)
        #expect(mapper.map(14) == 13)
        // 11 arrives late (RTX): it takes 11, the number left for it.
        #expect(mapper.map(11) == 11)
        // A dropped input stays dropped when it comes again.
        #expect(mapper.map(12) == nil)
        #expect(mapper.map(15) == 14)
    }

    @Test func inputsOlderThanTheWindowAreRefused() {
        var mapper = SequenceMapper(bits: 16)
        _ = mapper.map(0)
        _ = mapper.map(3000)
        #expect(mapper.map(1000) == nil)
        #expect(mapper.map(2990) == 2990)
    }

    @Test func numbersWrapAtTheirWidth() {
        var mapper = SequenceMapper(bits: 15)
        #expect(mapper.map(0x7FFE) == 0x7FFE)
        mapper.drop(0x7FFF)
        #expect(mapper.map(0) == 0x7FFF)
        #expect(mapper.map(1) == 0)
        mapper.restart()
        #expect(mapper.map(0x1234) == 1)

        var tl0 = SequenceMapper(bits: 8)
        #expect(tl0.map(255) == 255)
        #expect(tl0.map(0) == 0)
        tl0.restart()
        #expect(tl0.map(77) == 1)
    }

    @Test func dropsFarBehindFoldIntoTheOffset() {
        var mapper = SequenceMapper(bits: 16)
        _ = mapper.map(0)
        var expected: UInt32 = 0
        for input in stride(from: UInt32(1), to: 6000, by: 2) {
            mapper.drop(input)
            expected += 1
            #expect(mapper.map(input + 1) == expected)
        }
    }
}
