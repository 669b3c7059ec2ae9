/// The URI naming an RTP header extension.
///
/// A struct rather than an enum: endpoints may announce extensions mediasoup
/// does not know, and those must still decode (they simply never match).
public struct RtpHeaderExtensionUri: RawRepresentable, Sendable, Hashable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// RFC 8843 media identification.
    public static let mid: Self = "urn:ietf:params:rtp-hdrext:sdes:mid"
    /// RFC 8852 RTP stream id (simulcast RID).
    public static let rtpStreamId: Self = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
    /// RFC 8852 repaired RTP stream id (RTX RID).
    public static let repairedRtpStreamId: Self = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
    /// Frame marking, draft 07.
    public static let frameMarking07: Self = "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07"
    /// Frame marking.
    public static let frameMarking: Self = "urn:ietf:params:rtp-hdrext:framemarking"
    /// RFC 6464 client-to-mixer audio level.
    public static let audioLevel: Self = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
    /// 3GPP coordination of video orientation.
    public static let videoOrientation: Self = "urn:3gpp:video-orientation"
    /// RFC 5450 transmission time offset.
    public static let toffset: Self = "urn:ietf:params:rtp-hdrext:toffset"
    /// Transport-wide congestion control sequence numbers.
    public static let transportWideCc01: Self =
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    /// Absolute send time (REMB bandwidth estimation).
    public static let absSendTime: Self = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
    /// Absolute capture time.
    public static let absCaptureTime: Self = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time"
    /// Playout delay limits.
    public static let playoutDelay: Self = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"
}
