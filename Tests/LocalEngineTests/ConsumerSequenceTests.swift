import Mediasoup
import MediasoupLocal
import Synchronization
import Testing

/// A consumer's sequence numbers through a real worker (DirectTransport in,
/// DirectTransport out): reordered packets keep their place, and a new run
/// after a pause starts after the newest packet sent.
@Suite(.timeLimit(.minutes(1)))
struct ConsumerSequenceTests {
    private static let opus = RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)

    private final class Recorder: Sendable {
        private let packets = Mutex<[[UInt8]]>([])
        func append(_ packet: [UInt8]) { packets.withLock { $0.append(packet) } }
        var all: [[UInt8]] { packets.withLock { $0 } }

        /// Waits (a second at most) until `count` packets arrived.
        func wait(for count: Int) async throws -> [[UInt8]] {
            for _ in 0..<100 where all.count < count {
                try await Task.sleep(for: .milliseconds(10))
            }
            return all
        }
    }

    private static func packet(sequenceNumber: UInt16) -> [UInt8] {
        [0x80, 100, UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)]
            + [0, 0, UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)]  // timestamp
            + [0x22, 0x22, 0x22, 0x22]  // SSRC
            + [0xF8, 0xFF, 0xFE]  // an Opus frame
    }

    private static func sequenceNumber(_ packet: [UInt8]) -> UInt16 {
        UInt16(packet[2]) << 8 | UInt16(packet[3])
    }

    /// Failed before the fix: a late packet moved the consumer's "last sent"
    /// back, so the run after a resume reused the sequence number of the
    /// newest packet already sent.
    @Test func aLatePacketDoesNotMoveTheNextRunBack() async throws {
        let worker = try await LocalMediasoup().createWorker()
        defer { worker.close() }
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [Self.opus]))
        let producer = try await router.createDirectTransport().produce(
            ProducerOptions(
                kind: .audio,
                rtpParameters: RtpParameters(
                    codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2)],
                    encodings: [RtpEncodingParameters(ssrc: 0x2222_2222)])))
        let consumer = try await router.createDirectTransport().consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        let recorder = Recorder()
        consumer.events.on { event in
            if case .rtp(let bytes) = event { recorder.append(bytes) }
        }

        for sequenceNumber: UInt16 in [10, 11, 13, 12] { try producer.send(Self.packet(sequenceNumber: sequenceNumber)) }
        let first = try await recorder.wait(for: 4).map(Self.sequenceNumber)
        try #require(first.count == 4)
        let base = first[0]
        #expect(first == [base, base &+ 1, base &+ 3, base &+ 2])

        try await consumer.pause()
        try await consumer.resume()
        try producer.send(Self.packet(sequenceNumber: 500))
        let all = try await recorder.wait(for: 5).map(Self.sequenceNumber)
        try #require(all.count == 5)
        #expect(all[4] == base &+ 4)
    }
}
