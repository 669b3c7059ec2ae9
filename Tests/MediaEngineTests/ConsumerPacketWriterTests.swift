import MediaEngine
import Mediasoup
import RTP
import Testing

/// A consumer's copy of a routed packet, byte for byte: its own header
/// fields, its own extension ids and MID, the producer's extension values,
/// the payload without the padding.
struct ConsumerPacketWriterTests {
    static let vp8 = RtpCodecParameters(mimeType: "video/VP8", payloadType: 96, clockRate: 90_000)

    /// V=2 P=1 X=1, M=1 PT=100, seq 0x1234, ts 0x11223344, SSRC 0xAABBCCDD;
    /// one-byte extensions: MID (id 1) "ab", abs-send-time (id 3) 0x0A0B0C, one
    /// byte of padding; payload 01 02 03 04; three bytes of RTP padding.
    static let source: [UInt8] = [
        0xB0, 0xE4, 0x12, 0x34, 0x11, 0x22, 0x33, 0x44, 0xAA, 0xBB, 0xCC, 0xDD,
        0xBE, 0xDE, 0x00, 0x02, 0x11, 0x61, 0x62, 0x32, 0x0A, 0x0B, 0x0C, 0x00,
        0x01, 0x02, 0x03, 0x04,
        0x00, 0x00, 0x03,
    ]

    static func producerRouting() throws -> ProducerRouting {
        let parameters = try WorkerRtpParameters(
            parsing: RtpParameters(
                mid: "p", codecs: [vp8],
                headerExtensions: [
                    RtpHeaderExtensionParameters(uri: .mid, id: 1),
                    RtpHeaderExtensionParameters(uri: .absSendTime, id: 3),
                ],
                encodings: [RtpEncodingParameters(ssrc: 0xAABB_CCDD)]))
        return ProducerRouting(
            parameters,
            mapping: RtpMapping(
                codecs: [.init(payloadType: 96, mappedPayloadType: 101)], encodings: [.init(mappedSsrc: 5555)]))
    }

    static func consumerParameters(_ extensions: [RtpHeaderExtensionParameters]) throws -> WorkerRtpParameters {
        try WorkerRtpParameters(
            parsing: RtpParameters(
                mid: "c0", codecs: [vp8], headerExtensions: extensions,
                encodings: [RtpEncodingParameters(ssrc: 7777)]))
    }

    /// The copy of ``source`` for a consumer with `extensions`, with sequence
    /// number 7, timestamp 9 and SSRC 7777.
    static func copy(
        for extensions: [RtpHeaderExtensionParameters], absSendTime: UInt32? = nil, room: Int = 0,
        slotSize: Int = 1500
    ) throws -> [UInt8]? {
        let routing = try producerRouting()
        let plan = ConsumerExtensionPlan(consumer: try consumerParameters(extensions), producer: routing)
        return try source.withUnsafeBytes { bytes -> [UInt8]? in
            let header = try RTPHeaderFields.parse(bytes)
            var values = [ExtensionValue](repeating: .absent, count: ProducerRouting.maxExtensions)
            return values.withUnsafeMutableBufferPointer { values -> [UInt8]? in
                guard let base = values.baseAddress else { return nil }
                routing.locateExtensions(in: bytes, header: header, into: base)
                let routed = RoutedPacket(
                    bytes: bytes, header: header, payloadType: 101, ssrc: 5555, encodingIndex: 0, sequence: 1,
                    payloadInfo: PayloadInfo(), codec: .vp8, arrival: 0, extensionValues: UnsafePointer(base))
                var slot = [UInt8](repeating: 0xFF, count: slotSize)
                let length = slot.withUnsafeMutableBytes { slot in
                    ConsumerPacketWriter.write(
                        routed, plan: plan, sequenceNumber: 7, timestamp: 9, ssrc: 7777, absSendTime: absSendTime,
                        into: slot, room: room)
                }
                return length.map { Array(slot.prefix($0)) }
            }
        }
    }

    @Test func theConsumersIdsAndMidReplaceTheProducersAndPaddingIsDropped() throws {
        let copy = try Self.copy(for: [
            RtpHeaderExtensionParameters(uri: .absSendTime, id: 2), RtpHeaderExtensionParameters(uri: .mid, id: 4),
        ])
        #expect(copy == [
            0x90, 0xE5, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x1E, 0x61,
            0xBE, 0xDE, 0x00, 0x02, 0x22, 0x0A, 0x0B, 0x0C, 0x41, 0x63, 0x30, 0x00,
            0x01, 0x02, 0x03, 0x04,
        ])
    }

    @Test func anIdAboveFourteenTakesTheTwoByteForm() throws {
        let copy = try Self.copy(for: [RtpHeaderExtensionParameters(uri: .absSendTime, id: 15)])
        #expect(copy == [
            0x90, 0xE5, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x1E, 0x61,
            0x10, 0x00, 0x00, 0x02, 0x0F, 0x03, 0x0A, 0x0B, 0x0C, 0x00, 0x00, 0x00,
            0x01, 0x02, 0x03, 0x04,
        ])
    }

    @Test func theSendTimeReplacesTheProducersAbsSendTime() throws {
        let copy = try Self.copy(for: [RtpHeaderExtensionParameters(uri: .absSendTime, id: 2)], absSendTime: 0xC0FFEE)
        #expect(copy?[12..<20] == [0xBE, 0xDE, 0x00, 0x01, 0x22, 0xC0, 0xFF, 0xEE])
        // 1.5 s is 1.5 * 2^18 in 6.18 fixed point; 64 s wraps to 0.
        #expect(ConsumerPacketWriter.absSendTime(milliseconds: 1_500) == 393_216)
        #expect(ConsumerPacketWriter.absSendTime(milliseconds: 64_000) == 0)
    }

    @Test func withoutExtensionsTheCopyHasNoExtensionBlock() throws {
        let copy = try Self.copy(for: [])
        #expect(copy == [
            0x80, 0xE5, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x1E, 0x61, 0x01, 0x02, 0x03, 0x04,
        ])
    }

    @Test func aCopyThatDoesNotFitWithItsRoomIsNotWritten() throws {
        #expect(try Self.copy(for: [], room: 0, slotSize: 16) != nil)
        #expect(try Self.copy(for: [], room: 1, slotSize: 16) == nil)
    }
}
