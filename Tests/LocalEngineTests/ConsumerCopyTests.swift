#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import MediasoupLocal
import Synchronization
import Testing

/// The bytes of a consumer's copy of a packet, as the worker's packet path
/// writes them into a send slot (MediaPlane/ConsumerPacketWriter.swift): a
/// fresh fixed header (the consumer's payload type, SSRC, sequence number and
/// timestamp; no CSRCs, no padding), the consumer's header extensions by id
/// (its own MID; the transport's own transport-wide sequence number, the
/// consumer having negotiated transport-cc; the others with the value of the
/// producer's extension with the same URI; one-byte form when every element
/// fits it, else two-byte), then the payload. Checked byte for byte through a real worker,
/// DirectTransport in, DirectTransport out.
@Suite(.timeLimit(.minutes(1)))
struct ConsumerCopyTests {
    private static let vp8 = RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000)

    /// The producer negotiated mid 9, abs-send-time 3 and toffset 4.
    private static let producerOptions = ProducerOptions(
        kind: .video,
        rtpParameters: RtpParameters(
            mid: "m",
            codecs: [RtpCodecParameters(mimeType: "video/VP8", payloadType: 96, clockRate: 90000)],
            headerExtensions: [
                RtpHeaderExtensionParameters(uri: .mid, id: 9),
                RtpHeaderExtensionParameters(uri: .absSendTime, id: 3),
                RtpHeaderExtensionParameters(uri: .toffset, id: 4),
            ],
            encodings: [RtpEncodingParameters(ssrc: 0x1111_1111)]))

    private final class Recorder: Sendable {
        private let packets = Mutex<[[UInt8]]>([])
        func append(_ packet: [UInt8]) { packets.withLock { $0.append(packet) } }
        var all: [[UInt8]] { packets.withLock { $0 } }
    }

    /// A producer on one DirectTransport and its consumer on another; the
    /// consumer's `rtp` events are recorded.
    private static func withConsumer(
        _ body: (any Producer, any Consumer, Recorder) async throws -> Void
    ) async throws {
        let worker = try await LocalMediasoup().createWorker()
        defer { worker.close() }
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [vp8]))
        let producer = try await router.createDirectTransport().produce(producerOptions)
        let consumer = try await router.createDirectTransport().consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        let recorder = Recorder()
        consumer.events.on { event in
            if case .rtp(let bytes) = event { recorder.append(bytes) }
        }
        try await body(producer, consumer, recorder)
    }

    /// Waits (a second at most) until `count` copies arrived.
    private static func copies(_ recorder: Recorder, count: Int) async throws -> [[UInt8]] {
        for _ in 0..<100 where recorder.all.count < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        return recorder.all
    }

    /// The consumer's fixed header for a copy of a packet with marker `marker`,
    /// sequence number 0x1234 and timestamp 0x01020304 (the first packet of
    /// its stream keeps both), X set.
    private static func fixedHeader(_ consumer: any Consumer, marker: Bool) throws -> [UInt8] {
        let payloadType = try #require(consumer.rtpParameters.codecs.first?.payloadType)
        let ssrc = try #require(consumer.rtpParameters.encodings?.first?.ssrc)
        return [0x90, (marker ? 0x80 : 0) | payloadType, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04]
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: ssrc >> $0) }
    }

    /// The consumer's header extensions: its MID (1), abs-send-time (4) and
    /// toffset (12) are the ones the producer's packets can fill.
    private static func checkConsumerExtensions(_ consumer: any Consumer) throws {
        let ids = Dictionary(
            (consumer.rtpParameters.headerExtensions ?? []).map { ($0.uri, $0.id) }, uniquingKeysWith: { $1 })
        #expect(ids[.mid] == 1)
        #expect(ids[.absSendTime] == 4)
        #expect(ids[.toffset] == 12)
        #expect(consumer.rtpParameters.mid == "0")
    }

    /// The copy with its 3 abs-send-time bytes at `offset` zeroed.
    private static func zeroing(_ copy: [UInt8], at offset: Int) -> [UInt8] {
        var copy = copy
        if copy.count >= offset + 3 { copy.replaceSubrange(offset..<(offset + 3), with: [0, 0, 0]) }
        return copy
    }

    /// The abs-send-time at `offset` (6.18 fixed-point seconds on the worker's
    /// monotonic clock, this process's too) is of the last 2 seconds, not the producer's 0x0A0B0C.
    private static func expectSentJustNow(_ copy: [UInt8], at offset: Int) throws {
        try #require(copy.count >= offset + 3)
        let value = copy[offset..<(offset + 3)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let milliseconds = UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
        let nowValue = UInt32(truncatingIfNeeded: ((milliseconds << 18) + 500) / 1000) & 0xFF_FFFF
        let age = (nowValue &- value) & 0xFF_FFFF
        #expect(age < 2 << 18, "abs-send-time \(value) is not of the last 2 s (now \(nowValue))")
    }

    /// A VP8 keyframe start (S=1, partition 0; P=0 in the VP8 header), then 4 bytes.
    private static let keyFramePayload: [UInt8] = [0x10, 0x00, 0x9D, 0x01, 0x2A, 0xAA, 0xBB, 0xCC]

    @Test func copyHasConsumerHeaderOneByteExtensionsAndNoCsrcsOrPadding() async throws {
        try await Self.withConsumer { producer, consumer, recorder in
            try Self.checkConsumerExtensions(consumer)
            let packet: [UInt8] =
                [0xB1, 0xE0, 0x12, 0x34]  // V=2 P X CC=1; M, PT 96; sequence 0x1234
                + [0x01, 0x02, 0x03, 0x04]  // timestamp
                + [0x11, 0x11, 0x11, 0x11]  // SSRC
                + [0xAA, 0xBB, 0xCC, 0xDD]  // CSRC (dropped)
                + [0xBE, 0xDE, 0x00, 0x04]  // one-byte block, 4 words
                + [0x90, 0x6D]  // mid (9) "m": the consumer writes its own
                + [0x32, 0x0A, 0x0B, 0x0C]  // abs-send-time (3) 0x0A0B0C
                + [0x42, 0x01, 0x02, 0x03]  // toffset (4) 0x010203
                + [0x71, 0xEE, 0xEE]  // id 7: not negotiated by the producer (dropped)
                + [0x00, 0x00, 0x00]  // block padding
                + Self.keyFramePayload
                + [0x00, 0x00, 0x00, 0x04]  // RTP padding (dropped)
            try producer.send(packet)
            let copy = try #require(try await Self.copies(recorder, count: 1).first)
            let expected =
                try Self.fixedHeader(consumer, marker: true)
                + [0xBE, 0xDE, 0x00, 0x04]  // one-byte block, 4 words
                + [0x10, 0x30]  // mid (1) "0"
                + [0x42, 0x00, 0x00, 0x00]  // abs-send-time (4): when the copy was sent, checked below
                + [0x51, 0x00, 0x01]  // transport-wide-cc (5): the transport's first number
                + [0xC2, 0x01, 0x02, 0x03]  // toffset (12)
                + [0x00, 0x00, 0x00]  // block padding
                + Self.keyFramePayload
            let sendTime = try Self.fixedHeader(consumer, marker: true).count + 7
            try Self.expectSentJustNow(copy, at: sendTime)
            #expect(Self.zeroing(copy, at: sendTime) == expected)
        }
    }

    @Test func anEmptyValueMakesTheCopyTwoByte() async throws {
        try await Self.withConsumer { producer, consumer, recorder in
            try Self.checkConsumerExtensions(consumer)
            let packet: [UInt8] =
                [0x90, 0x60, 0x12, 0x34]  // V=2 X; PT 96; sequence 0x1234
                + [0x01, 0x02, 0x03, 0x04]  // timestamp
                + [0x11, 0x11, 0x11, 0x11]  // SSRC
                + [0x10, 0x00, 0x00, 0x03]  // two-byte block, 3 words
                + [0x03, 0x03, 0x0A, 0x0B, 0x0C]  // abs-send-time (3), 3 bytes
                + [0x04, 0x00]  // toffset (4), empty
                + [0x00, 0x00, 0x00, 0x00, 0x00]  // block padding
                + Self.keyFramePayload
            try producer.send(packet)
            let copy = try #require(try await Self.copies(recorder, count: 1).first)
            let expected =
                try Self.fixedHeader(consumer, marker: false)
                + [0x10, 0x00, 0x00, 0x04]  // two-byte block, 4 words
                + [0x01, 0x01, 0x30]  // mid (1) "0"
                + [0x04, 0x03, 0x00, 0x00, 0x00]  // abs-send-time (4): when the copy was sent, checked below
                + [0x05, 0x02, 0x00, 0x01]  // transport-wide-cc (5): the transport's first number
                + [0x0C, 0x00]  // toffset (12), empty
                + [0x00, 0x00]  // block padding
                + Self.keyFramePayload
            let sendTime = try Self.fixedHeader(consumer, marker: false).count + 9
            try Self.expectSentJustNow(copy, at: sendTime)
            #expect(Self.zeroing(copy, at: sendTime) == expected)
        }
    }

    @Test func aClosedConsumerGetsNothingAndANewOneGetsTheNextKeyframe() async throws {
        let worker = try await LocalMediasoup().createWorker()
        defer { worker.close() }
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [Self.vp8]))
        let producer = try await router.createDirectTransport().produce(Self.producerOptions)
        let transport = try await router.createDirectTransport()
        let options = ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities)
        let first = try await transport.consume(options)
        let firstCopies = Recorder()
        first.events.on { event in
            if case .rtp(let bytes) = event { firstCopies.append(bytes) }
        }
        let packet: [UInt8] = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0x11, 0x11, 0x11, 0x11] + Self.keyFramePayload
        try producer.send(packet)
        #expect(try await Self.copies(firstCopies, count: 1).count == 1)

        first.close()
        let second = try await transport.consume(options)
        let secondCopies = Recorder()
        second.events.on { event in
            if case .rtp(let bytes) = event { secondCopies.append(bytes) }
        }
        try producer.send(packet)
        #expect(try await Self.copies(secondCopies, count: 1).count == 1)
        #expect(firstCopies.all.count == 1)
    }
}
