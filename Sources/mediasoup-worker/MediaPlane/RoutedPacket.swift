import Mediasoup
import RTP

/// An RTP packet as the router forwards it: in the router's payload type and
/// SSRC space, with its header extensions by URI (each consumer writes them
/// with the ids it negotiated), and what the producer learned of it.
struct RoutedPacket {
    /// The packet with the router's payload type and mapped SSRC, without header extensions.
    var packet: RTPPacket
    /// Header extension values by URI, as the producer received them.
    var extensions: [RtpHeaderExtensionUri: ArraySlice<UInt8>]
    /// Index of the producer encoding (simulcast stream) it belongs to.
    var encodingIndex: Int
    var isKeyFrame: Bool
    /// Monotonic milliseconds when it arrived.
    var arrival: UInt64
}
