import MediaEngine
import Testing

/// A consumer's stream numbering: what an endpoint receives reads as one
/// stream across pauses, dropped layers and switches of source encoding.
struct ConsumerSendStreamTests {
    static func stream() -> ConsumerSendStream {
        ConsumerSendStream(ssrc: 1111, clockRate: 90_000, rtx: nil, usesNack: true)
    }

    struct NotSent: Error {}

    /// The numbers the stream gives a source packet; throws when it is not to be sent.
    static func rewrite(
        _ stream: inout ConsumerSendStream, sequenceNumber: UInt16, timestamp: UInt32, encoding: Int, at now: UInt64
    ) throws -> (sequenceNumber: UInt16, timestamp: UInt32) {
        guard let rewritten = stream.rewrite(sequenceNumber: sequenceNumber, timestamp: timestamp, encoding: encoding, at: now)
        else { throw NotSent() }
        return rewritten
    }

    @Test func sequenceNumbersContinueAcrossAPauseWhateverTheSourceSkipped() throws {
        var stream = Self.stream()
        let first = try Self.rewrite(&stream, sequenceNumber: 100, timestamp: 9_000, encoding: 0, at: 1_000)
        let second = try Self.rewrite(&stream, sequenceNumber: 101, timestamp: 12_000, encoding: 0, at: 1_033)
        #expect(second.sequenceNumber == first.sequenceNumber &+ 1)
        #expect(second.timestamp &- first.timestamp == 3_000)

        // Paused while the source went on for 500 packets.
        stream.restart()
        let resumed = try Self.rewrite(&stream, sequenceNumber: 602, timestamp: 900_000, encoding: 0, at: 6_000)
        #expect(resumed.sequenceNumber == second.sequenceNumber &+ 1)
        // Same source stream: the timestamp keeps its offset (one clock).
        #expect(resumed.timestamp &- first.timestamp == 900_000 - 9_000)
    }

    @Test func aDroppedPacketLeavesNoGap() throws {
        var stream = Self.stream()
        let first = try Self.rewrite(&stream, sequenceNumber: 10, timestamp: 0, encoding: 0, at: 0)
        stream.drop(sequenceNumber: 11, pictureId: -1)
        let third = try Self.rewrite(&stream, sequenceNumber: 12, timestamp: 3_000, encoding: 0, at: 33)
        #expect(third.sequenceNumber == first.sequenceNumber &+ 1)
    }

    @Test func aSwitchOfSourceEncodingMovesTheTimestampByTheTimeElapsed() throws {
        var stream = Self.stream()
        let last = try Self.rewrite(&stream, sequenceNumber: 500, timestamp: 1_000_000, encoding: 2, at: 10_000)
        // 100 ms later, encoding 1 (another clock origin) takes over.
        let switched = try Self.rewrite(&stream, sequenceNumber: 7, timestamp: 42, encoding: 1, at: 10_100)
        #expect(switched.sequenceNumber == last.sequenceNumber &+ 1)
        #expect(switched.timestamp &- last.timestamp == 9_000)
        let next = try Self.rewrite(&stream, sequenceNumber: 8, timestamp: 3_042, encoding: 1, at: 10_133)
        #expect(next.timestamp &- switched.timestamp == 3_000)
    }

    @Test func aLatePacketKeepsItsPlace() throws {
        var stream = Self.stream()
        let first = try Self.rewrite(&stream, sequenceNumber: 1, timestamp: 0, encoding: 0, at: 0)
        _ = stream.rewrite(sequenceNumber: 3, timestamp: 6_000, encoding: 0, at: 66)
        let late = try Self.rewrite(&stream, sequenceNumber: 2, timestamp: 3_000, encoding: 0, at: 70)
        #expect(late.sequenceNumber == first.sequenceNumber &+ 1)
        #expect(late.timestamp &- first.timestamp == 3_000)
    }

    @Test func whatWasSentIsCountedAndRememberedForNacks() {
        var stream = Self.stream()
        stream.sent(sequenceNumber: 5, timestamp: 0, bytes: 1_200, payloadLength: 1_100, reference: 77, at: 1_000)
        stream.sent(sequenceNumber: 6, timestamp: 0, bytes: 800, payloadLength: 700, reference: 78, at: 1_050)
        #expect(stream.traffic.packets == 2)
        #expect(stream.traffic.bytes == 2_000)
        #expect(stream.traffic.bitrate(at: 1_100) == 16_000)
        #expect(stream.traffic.bitrate(at: 3_000) == 0)
        #expect(stream.retransmissions != nil)
    }
}
