import Mediasoup
import RTP

/// An RTP packet as the router forwards it, borrowed from the receive slot
/// for the hand-off to the producer's consumers: each one writes its own
/// copy from it (its SSRC, sequence number, timestamp and header extension
/// ids) into a send slot. Nothing is copied before that.
///
/// - Important: `bytes` and `extensionValues` are valid only during the hand-off.
package struct RoutedPacket {
    /// The packet as received (after SRTP unprotect).
    package let bytes: UnsafeRawBufferPointer
    package let header: RTPHeaderFields
    /// The router's payload type for the packet's codec.
    package let payloadType: UInt8
    /// The mapped SSRC of the producer encoding.
    package let ssrc: UInt32
    /// Index of the producer encoding (simulcast stream) it belongs to.
    package let encodingIndex: Int
    /// Its extended sequence number in the producer stream (the key of the
    /// stream's ``PacketHistory``).
    package let sequence: Int64
    /// What the codec payload tells (keyframe, temporal layer, picture IDs);
    /// empty for audio.
    package let payloadInfo: PayloadInfo
    /// The codec whose payload it carries, when the router knows its format.
    package let codec: CodecPayload.Codec?
    /// Monotonic milliseconds when it arrived.
    package let arrival: UInt64
    /// Where the value of each of the producer's header extensions lies in
    /// `bytes` (in the order of ``ProducerRouting/extensionIds``).
    package let extensionValues: UnsafePointer<ExtensionValue>

    package init(
        bytes: UnsafeRawBufferPointer, header: RTPHeaderFields, payloadType: UInt8, ssrc: UInt32, encodingIndex: Int,
        sequence: Int64, payloadInfo: PayloadInfo, codec: CodecPayload.Codec?, arrival: UInt64,
        extensionValues: UnsafePointer<ExtensionValue>
    ) {
        self.bytes = bytes
        self.header = header
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.encodingIndex = encodingIndex
        self.sequence = sequence
        self.payloadInfo = payloadInfo
        self.codec = codec
        self.arrival = arrival
        self.extensionValues = extensionValues
    }

    /// Where a consumer finds the packet again to resend it: the encoding in
    /// the top 16 bits, the extended sequence number in the other 48.
    package var historyReference: UInt64 {
        UInt64(truncatingIfNeeded: encodingIndex) << 48 | UInt64(truncatingIfNeeded: sequence) & 0xFFFF_FFFF_FFFF
    }

    package var isKeyFrame: Bool { payloadInfo.isKeyFrame }

    /// The payload, padding excluded.
    package var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[header.payloadOffset..<(header.payloadOffset + header.payloadLength)])
    }
}

/// Where a header extension value lies in a packet; `start` is -1 when the
/// packet does not carry it.
package struct ExtensionValue {
    package var start: Int32
    package var count: Int32

    package static let absent = ExtensionValue(start: -1, count: 0)

    package init(start: Int32, count: Int32) {
        self.start = start
        self.count = count
    }

    package var isPresent: Bool { start >= 0 }
}
