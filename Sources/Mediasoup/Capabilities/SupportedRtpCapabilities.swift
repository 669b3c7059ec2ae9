/// The codecs and header extensions mediasoup can route (mediasoup 3.14's table).
///
/// A router's capabilities are drawn from this table by
/// ``ORTC/generateRouterRtpCapabilities(mediaCodecs:)``. Being a value type,
/// every read is a fresh copy: changing one never changes the next.
public enum SupportedRtpCapabilities {
    /// The whole table.
    public static var rtpCapabilities: RtpCapabilities {
        RtpCapabilities(codecs: codecs, headerExtensions: headerExtensions)
    }

    private static let nack = RtcpFeedback(type: "nack")
    private static let nackPli = RtcpFeedback(type: "nack", parameter: "pli")
    private static let ccmFir = RtcpFeedback(type: "ccm", parameter: "fir")
    private static let googRemb = RtcpFeedback(type: "goog-remb")
    private static let transportCc = RtcpFeedback(type: "transport-cc")
    private static let videoFeedback = [nack, nackPli, ccmFir, googRemb, transportCc]

    private static func audio(
        _ mimeType: String, _ clockRate: Int, channels: Int? = nil, payloadType: UInt8? = nil,
        parameters: [String: JSONValue]? = nil, feedback: [RtcpFeedback]? = [transportCc]
    ) -> RtpCodecCapability {
        RtpCodecCapability(
            kind: .audio, mimeType: mimeType, preferredPayloadType: payloadType, clockRate: clockRate,
            channels: channels, parameters: parameters, rtcpFeedback: feedback)
    }

    private static func video(_ mimeType: String, parameters: [String: JSONValue]? = nil) -> RtpCodecCapability {
        RtpCodecCapability(
            kind: .video, mimeType: mimeType, clockRate: 90000, parameters: parameters, rtcpFeedback: videoFeedback)
    }

    private static let codecs: [RtpCodecCapability] = [
        audio("audio/opus", 48000, channels: 2, feedback: [nack, transportCc]),
        audio(
            "audio/multiopus", 48000, channels: 4,
            parameters: ["channel_mapping": "0,1,2,3", "num_streams": 2, "coupled_streams": 2],
            feedback: [nack, transportCc]),
        audio(
            "audio/multiopus", 48000, channels: 6,
            parameters: ["channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2],
            feedback: [nack, transportCc]),
        audio(
            "audio/multiopus", 48000, channels: 8,
            parameters: ["channel_mapping": "0,6,1,2,3,4,5,7", "num_streams": 5, "coupled_streams": 3],
            feedback: [nack, transportCc]),
        audio("audio/PCMU", 8000, payloadType: 0),
        audio("audio/PCMA", 8000, payloadType: 8),
        audio("audio/ISAC", 32000),
        audio("audio/ISAC", 16000),
        audio("audio/G722", 8000, payloadType: 9),
        audio("audio/iLBC", 8000),
        audio("audio/SILK", 24000),
        audio("audio/SILK", 16000),
        audio("audio/SILK", 12000),
        audio("audio/SILK", 8000),
        audio("audio/CN", 32000, payloadType: 13, feedback: nil),
        audio("audio/CN", 16000, payloadType: 13, feedback: nil),
        audio("audio/CN", 8000, payloadType: 13, feedback: nil),
        audio("audio/telephone-event", 48000, feedback: nil),
        audio("audio/telephone-event", 32000, feedback: nil),
        audio("audio/telephone-event", 16000, feedback: nil),
        audio("audio/telephone-event", 8000, feedback: nil),
        video("video/VP8"),
        video("video/VP9"),
        video("video/H264", parameters: ["level-asymmetry-allowed": 1]),
        video("video/H264-SVC", parameters: ["level-asymmetry-allowed": 1]),
        video("video/H265", parameters: ["level-asymmetry-allowed": 1]),
    ]

    private static func ext(
        _ kind: MediaKind, _ uri: RtpHeaderExtensionUri, _ id: UInt8, _ direction: RtpHeaderExtensionDirection
    ) -> RtpHeaderExtension {
        RtpHeaderExtension(kind: kind, uri: uri, preferredId: id, preferredEncrypt: false, direction: direction)
    }

    private static let headerExtensions: [RtpHeaderExtension] = [
        ext(.audio, .mid, 1, .sendrecv),
        ext(.video, .mid, 1, .sendrecv),
        ext(.video, .rtpStreamId, 2, .recvonly),
        ext(.video, .repairedRtpStreamId, 3, .recvonly),
        ext(.audio, .absSendTime, 4, .sendrecv),
        ext(.video, .absSendTime, 4, .sendrecv),
        // Audio transport-cc is receive-only: BWE runs on video.
        ext(.audio, .transportWideCc01, 5, .recvonly),
        ext(.video, .transportWideCc01, 5, .sendrecv),
        ext(.video, .frameMarking07, 6, .sendrecv),
        ext(.video, .frameMarking, 7, .sendrecv),
        ext(.audio, .audioLevel, 10, .sendrecv),
        ext(.video, .videoOrientation, 11, .sendrecv),
        ext(.video, .toffset, 12, .sendrecv),
        ext(.audio, .absCaptureTime, 13, .sendrecv),
        ext(.video, .absCaptureTime, 13, .sendrecv),
        ext(.audio, .playoutDelay, 14, .sendrecv),
        ext(.video, .playoutDelay, 14, .sendrecv),
    ]
}
