import Testing

@testable import RTP

@Suite("Retransmission buffer and RTX (RFC 4588): store, NACK, resend")
struct RetransmissionBufferTests {
    /// A packet with padding and a header extension, as a consumer sends it.
    static let stored = hex(
        "b0 e0 00 0a",  // V=2 P=1 X=1 CC=0 | M=1 PT=96 | sequence number 10
        "00 00 03 e8",  // timestamp 1000
        "11 22 33 44",  // SSRC
        "be de 00 01",  // one-byte extensions, 1 word
        "10 ff 00 00",  // id 1, 1 byte: ff | padding
        "aa bb cc 00",  // payload aa bb cc | padding...
        "00 03"  // ...padding count 3
    )

    /// The same packet as RTX: SSRC 0x55667788, PT 97, RTX sequence 0x1234.
    static let rtx = hex(
        "90 e1 12 34",  // V=2 P=0 X=1 CC=0 | M=1 PT=97 | RTX sequence number
        "00 00 03 e8",  // timestamp 1000, kept
        "55 66 77 88",  // RTX SSRC
        "be de 00 01",  // header extensions, kept
        "10 ff 00 00",
        "00 0a aa bb",  // OSN 10 | original payload...
        "cc"  // ...without the padding
    )

    static func packet(_ sequenceNumber: UInt16, payload: [UInt8] = [1, 2, 3, 4]) -> [UInt8] {
        (try? RTPPacket(payloadType: 96, sequenceNumber: sequenceNumber, timestamp: UInt32(sequenceNumber) * 3000, ssrc: 7, payload: payload))?.bytes ?? []
    }

    static func store(_ buffer: inout RetransmissionBuffer, _ bytes: [UInt8], now: UInt64 = 0) -> Bool {
        bytes.withUnsafeBytes { buffer.store($0, now: now) }
    }

    static func poll(_ buffer: inout RetransmissionBuffer) -> [[UInt8]] {
        var out = [[UInt8]]()
        var scratch = [UInt8](repeating: 0, count: buffer.maxRetransmissionSize)
        while let count = scratch.withUnsafeMutableBytes({ buffer.pollRetransmission(into: $0) }) {
            out.append(Array(scratch[0..<count]))
        }
        return out
    }

    static func nack(_ pid: UInt16, _ blp: UInt16 = 0) -> RTCPGenericNack {
        RTCPGenericNack(senderSSRC: 0, mediaSSRC: 7, items: [.init(pid: pid, blp: blp)])
    }

    @Test func withoutRTXThePacketGoesAgainAsItWas() {
        var buffer = RetransmissionBuffer()
        #expect(Self.store(&buffer, Self.stored))
        buffer.receiveNack(Self.nack(10), now: 50)
        #expect(Self.poll(&buffer) == [Self.stored])
    }

    @Test func rtxEncodingOnTheWire() {
        var buffer = RetransmissionBuffer(rtx: .init(ssrc: 0x5566_7788, payloadType: 97), initialRTXSequenceNumber: 0x1234)
        #expect(Self.store(&buffer, Self.stored))
        buffer.receiveNack(Self.nack(10), now: 50)
        #expect(Self.poll(&buffer) == [Self.rtx])
        #expect(buffer.rtxSequenceNumber == 0x1235)
    }

    @Test func rtxDecodingRestoresTheOriginal() {
        var bytes = Self.rtx + [0xEE, 0xEE]
        let decoded = bytes.withUnsafeMutableBytes {
            RTXDecoding.decode($0, length: Self.rtx.count, mediaPayloadType: 96, mediaSSRC: 0x1122_3344)
        }
        #expect(decoded?.sequenceNumber == 10)
        // The original without its padding (P cleared).
        let original = [0x90] + Self.stored[1..<23]
        #expect(decoded.map { Array(bytes[0..<$0.length]) } == Array(original))
        // Empty RTX packets (padding) carry no OSN.
        var empty = hex("80 61 00 01", "00 00 00 00", "55 66 77 88", "00")
        #expect(empty.withUnsafeMutableBytes { RTXDecoding.decode($0, length: 13, mediaPayloadType: 96, mediaSSRC: 1) } == nil)
        var short = [UInt8](repeating: 0x80, count: 4)
        #expect(short.withUnsafeMutableBytes { RTXDecoding.decode($0, length: 4, mediaPayloadType: 96, mediaSSRC: 1) } == nil)
    }

    @Test func theBitmaskNamesTheFollowingPackets() {
        var buffer = RetransmissionBuffer()
        for number in UInt16(10)...14 { #expect(Self.store(&buffer, Self.packet(number))) }
        buffer.receiveNack(Self.nack(10, 0b101), now: 10)
        #expect(Self.poll(&buffer) == [Self.packet(10), Self.packet(11), Self.packet(13)])
        #expect(buffer.nackCount == 1 && buffer.nackPacketCount == 3)
        #expect(buffer.packetsRetransmitted == 3 && buffer.packetsRepaired == 3)
    }

    @Test func notTwiceWithinARoundTrip() {
        var buffer = RetransmissionBuffer(rtx: .init(ssrc: 9, payloadType: 97), initialRTXSequenceNumber: 65535)
        #expect(Self.store(&buffer, Self.packet(1)))
        buffer.receiveNack(Self.nack(1), now: 100)
        // Asked twice before polling: queued once.
        buffer.receiveNack(Self.nack(1), now: 100)
        #expect(Self.poll(&buffer).count == 1)
        buffer.receiveNack(Self.nack(1), now: 200)
        #expect(Self.poll(&buffer).isEmpty)
        buffer.receiveNack(Self.nack(1), now: 201)
        let again = Self.poll(&buffer)
        // RTX sequence numbers wrap.
        #expect(again.count == 1 && again.first.map { Array($0[2..<4]) } == [0, 0])
        #expect(buffer.packetsRetransmitted == 2 && buffer.packetsRepaired == 1)
        buffer.updateRoundTripTime(milliseconds: 500)
        buffer.receiveNack(Self.nack(1), now: 650)
        #expect(Self.poll(&buffer).isEmpty)
    }

    @Test func tooOldPacketsAreNotResent() {
        var buffer = RetransmissionBuffer(configuration: .init(maxAge: 1000))
        #expect(Self.store(&buffer, Self.packet(1), now: 0))
        #expect(Self.store(&buffer, Self.packet(2), now: 500))
        buffer.receiveNack(Self.nack(1, 0b1), now: 1001)
        #expect(Self.poll(&buffer) == [Self.packet(2)])
    }

    @Test func slotsAreReusedAfterCapacitySequenceNumbers() {
        var buffer = RetransmissionBuffer(configuration: .init(capacity: 3))
        #expect(buffer.configuration.capacity == 4)
        #expect(Self.store(&buffer, Self.packet(1)))
        #expect(Self.store(&buffer, Self.packet(5)))
        buffer.receiveNack(Self.nack(1), now: 0)
        #expect(Self.poll(&buffer).isEmpty)
        buffer.receiveNack(Self.nack(5), now: 0)
        #expect(Self.poll(&buffer) == [Self.packet(5)])
    }

    @Test func aNackAcrossTheWrap() {
        var buffer = RetransmissionBuffer()
        for number: UInt16 in [65534, 65535, 0, 1] { #expect(Self.store(&buffer, Self.packet(number))) }
        buffer.receiveNack(Self.nack(65535, 0b11), now: 0)
        #expect(Self.poll(&buffer) == [Self.packet(65535), Self.packet(0), Self.packet(1)])
    }

    @Test func whatIsNotStored() {
        var buffer = RetransmissionBuffer(configuration: .init(maxPacketSize: 100))
        #expect(!Self.store(&buffer, Self.packet(1, payload: [UInt8](repeating: 1, count: 89))))
        #expect(Self.store(&buffer, Self.packet(2, payload: [UInt8](repeating: 1, count: 88))))
        #expect(!Self.store(&buffer, Self.packet(3, payload: [])))
        #expect(!Self.store(&buffer, [0x40, 0, 0]))
        // A packet overwritten after the NACK queued it is skipped.
        buffer.receiveNack(Self.nack(2), now: 0)
        buffer.clear()
        #expect(Self.poll(&buffer).isEmpty)
    }
}
