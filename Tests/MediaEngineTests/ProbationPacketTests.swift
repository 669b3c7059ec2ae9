import MediaEngine
import RTP
import Testing

/// Probation packets parse as RTP with the transport-wide number where the peer's transport-cc looks for it.
struct ProbationPacketTests {
    @Test func aProbationPacketIsRtpOfTheProbatorStreamWithItsTransportWideNumber() throws {
        var slot = [UInt8](repeating: 0xFF, count: 1500)
        let length = try #require(slot.withUnsafeMutableBytes {
            ProbationPacket.write(
                into: $0, length: 600, sequenceNumber: 0xABCD, timestamp: 0x0102_0304, transportWideCcId: 5,
                transportWideSequenceNumber: 0x1234)
        })
        #expect(length == 600)
        let packet = try RTPPacket(parsing: Array(slot[..<length]))
        #expect(packet.ssrc == 1234)
        #expect(packet.payloadType == 127)
        #expect(packet.sequenceNumber == 0xABCD)
        #expect(packet.timestamp == 0x0102_0304)
        #expect(packet.headerExtension(id: 5).map { Array($0) } == [0x12, 0x34])
        #expect(packet.payload.count == 580 && packet.payload.allSatisfy { $0 == 0 })
    }

    @Test func lengthsAreBoundedAndABadIdOrASmallSlotWritesNothing() {
        var slot = [UInt8](repeating: 0, count: 1500)
        slot.withUnsafeMutableBytes { slot in
            #expect(ProbationPacket.write(
                into: slot, length: 5_000, sequenceNumber: 1, timestamp: 1, transportWideCcId: 3,
                transportWideSequenceNumber: 1) == ProbationPacket.maxLength)
            #expect(ProbationPacket.write(
                into: slot, length: 1, sequenceNumber: 1, timestamp: 1, transportWideCcId: 3,
                transportWideSequenceNumber: 1) == ProbationPacket.headerLength)
            #expect(ProbationPacket.write(
                into: slot, length: 100, sequenceNumber: 1, timestamp: 1, transportWideCcId: 15,
                transportWideSequenceNumber: 1) == nil)
            #expect(ProbationPacket.write(
                into: UnsafeMutableRawBufferPointer(rebasing: slot[..<50]), length: 100, sequenceNumber: 1,
                timestamp: 1, transportWideCcId: 3, transportWideSequenceNumber: 1) == nil)
        }
    }
}
