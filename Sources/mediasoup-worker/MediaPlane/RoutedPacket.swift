import Mediasoup
import MediaEngine
import RTP

/// An RTP packet as the router forwards it, borrowed from the receive slot
/// for the hand-off to the producer's consumers: each one writes its own
/// copy from it (its SSRC, sequence number, timestamp and header extension
/// ids) into a send slot. Nothing is copied before that.
///
/// - Important: `bytes` and `extensionValues` are valid only during the hand-off.
struct RoutedPacket {
    /// The packet as received (after SRTP unprotect).
    let bytes: UnsafeRawBufferPointer
    let header: RTPHeaderFields
    /// The router's payload type for the packet's codec.
    let payloadType: UInt8
    /// The mapped SSRC of the producer encoding.
    let ssrc: UInt32
    /// Index of the producer encoding (simulcast stream) it belongs to.
    let encodingIndex: Int
    /// Its extended sequence number in the producer stream (the key of the
    /// stream's ``PacketHistory``).
    let sequence: Int64
    /// What the codec payload tells (keyframe, temporal layer, picture IDs);
    /// empty for audio.
    let payloadInfo: PayloadInfo
    /// The codec whose payload it carries, when the router knows its format.
    let codec: CodecPayload.Codec?
    /// Monotonic milliseconds when it arrived.
    let arrival: UInt64
    let producer: WorkerProducer
    /// Where the value of each of the producer's header extensions lies in
    /// `bytes` (in the order of ``ProducerRouting/extensionIds``).
    let extensionValues: UnsafePointer<ExtensionValue>

    /// Where a consumer finds the packet again to resend it: the encoding in
    /// the top 16 bits, the extended sequence number in the other 48.
    var historyReference: UInt64 {
        UInt64(truncatingIfNeeded: encodingIndex) << 48 | UInt64(truncatingIfNeeded: sequence) & 0xFFFF_FFFF_FFFF
    }

    var isKeyFrame: Bool { payloadInfo.isKeyFrame }

    /// The payload, padding excluded.
    var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[header.payloadOffset..<(header.payloadOffset + header.payloadLength)])
    }
}

/// Where a header extension value lies in a packet; `start` is -1 when the
/// packet does not carry it.
struct ExtensionValue {
    var start: Int32
    var count: Int32

    static let absent = ExtensionValue(start: -1, count: 0)

    var isPresent: Bool { start >= 0 }
}
