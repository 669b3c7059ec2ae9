/// What a producer sends or a consumer receives: codecs, header extensions,
/// encodings and RTCP settings. Clients exchange them with the server as JSON.
public struct RtpParameters: Sendable, Hashable, Codable {
    /// The MID of the media section (RFC 8843). Consumers get one from their transport.
    public var mid: String?
    /// Media codecs first, each optionally followed by its RTX codec.
    public var codecs: [RtpCodecParameters]
    /// Header extensions in use. Validation defaults it to `[]`.
    public var headerExtensions: [RtpHeaderExtensionParameters]?
    /// One entry per simulcast stream (or one for a single stream). Validation defaults it to `[]`.
    public var encodings: [RtpEncodingParameters]?
    /// RTCP settings. Validation defaults it to `{}` with `reducedSize: true`.
    public var rtcp: RtcpParameters?

    /// Creates RTP parameters (mediasoup's `RtpParameters`), e.g. for `produce()`; validation gives
    /// absent `headerExtensions`, `encodings` and `rtcp` their defaults.
    public init(
        mid: String? = nil,
        codecs: [RtpCodecParameters],
        headerExtensions: [RtpHeaderExtensionParameters]? = nil,
        encodings: [RtpEncodingParameters]? = nil,
        rtcp: RtcpParameters? = nil
    ) {
        self.mid = mid
        self.codecs = codecs
        self.headerExtensions = headerExtensions
        self.encodings = encodings
        self.rtcp = rtcp
    }
}

/// A codec in use, with the payload type that carries it.
public struct RtpCodecParameters: Sendable, Hashable, Codable {
    /// `audio/…` or `video/…`.
    public var mimeType: String
    /// RTP payload type (0–127).
    public var payloadType: UInt8
    /// RTP clock rate in Hz.
    public var clockRate: Int
    /// Audio channels (validation defaults it to 1 for audio and removes it for video).
    public var channels: Int?
    /// Format parameters, values strings or numbers (RTX carries `apt`).
    public var parameters: [String: JSONValue]?
    /// RTCP feedback in use.
    public var rtcpFeedback: [RtcpFeedback]?

    /// Creates a codec entry (an item of mediasoup's `rtpParameters.codecs`).
    public init(
        mimeType: String,
        payloadType: UInt8,
        clockRate: Int,
        channels: Int? = nil,
        parameters: [String: JSONValue]? = nil,
        rtcpFeedback: [RtcpFeedback]? = nil
    ) {
        self.mimeType = mimeType
        self.payloadType = payloadType
        self.clockRate = clockRate
        self.channels = channels
        self.parameters = parameters
        self.rtcpFeedback = rtcpFeedback
    }
}

/// A header extension in use, with the id that carries it.
public struct RtpHeaderExtensionParameters: Sendable, Hashable, Codable {
    /// The extension's URI, e.g. `urn:ietf:params:rtp-hdrext:sdes:mid`.
    public var uri: RtpHeaderExtensionUri
    /// The id in RTP packets.
    public var id: UInt8
    /// Validation defaults it to false.
    public var encrypt: Bool?
    /// Validation defaults it to `{}`.
    public var parameters: [String: JSONValue]?

    /// Creates a header extension entry (an item of mediasoup's `rtpParameters.headerExtensions`).
    public init(
        uri: RtpHeaderExtensionUri,
        id: UInt8,
        encrypt: Bool? = nil,
        parameters: [String: JSONValue]? = nil
    ) {
        self.uri = uri
        self.id = id
        self.encrypt = encrypt
        self.parameters = parameters
    }
}

/// The SSRC of an encoding's retransmission (RTX) stream.
public struct RtxParameters: Sendable, Hashable, Codable {
    /// The SSRC of the RTX stream (`rtx.ssrc` in mediasoup's encodings).
    public var ssrc: UInt32
    /// Creates RTX parameters for the RTX stream with SSRC `ssrc`.
    public init(ssrc: UInt32) { self.ssrc = ssrc }
}

/// One RTP stream of a producer or consumer: identified by SSRC or RID.
public struct RtpEncodingParameters: Sendable, Hashable, Codable {
    /// The stream's SSRC.
    public var ssrc: UInt32?
    /// The RID (RFC 8851), for simulcast streams identified by RID.
    public var rid: String?
    /// The payload type of the codec this encoding uses.
    public var codecPayloadType: UInt8?
    /// The RTX stream for this encoding.
    public var rtx: RtxParameters?
    /// Discontinuous transmission (audio). Validation defaults it to false.
    public var dtx: Bool?
    /// Spatial and temporal layers, e.g. `L1T3`, `L3T3_KEY`, `S2T3`.
    public var scalabilityMode: String?
    /// Downscale factor, as in WebRTC (informational).
    public var scaleResolutionDownBy: Double?
    /// Maximum bitrate in bps.
    public var maxBitrate: Int?

    /// Creates an encoding (an item of mediasoup's `rtpParameters.encodings`).
    public init(
        ssrc: UInt32? = nil,
        rid: String? = nil,
        codecPayloadType: UInt8? = nil,
        rtx: RtxParameters? = nil,
        dtx: Bool? = nil,
        scalabilityMode: String? = nil,
        scaleResolutionDownBy: Double? = nil,
        maxBitrate: Int? = nil
    ) {
        self.ssrc = ssrc
        self.rid = rid
        self.codecPayloadType = codecPayloadType
        self.rtx = rtx
        self.dtx = dtx
        self.scalabilityMode = scalabilityMode
        self.scaleResolutionDownBy = scaleResolutionDownBy
        self.maxBitrate = maxBitrate
    }
}

/// RTCP settings of a producer or consumer.
public struct RtcpParameters: Sendable, Hashable, Codable {
    /// The canonical name (RFC 3550 CNAME) of the sender.
    public var cname: String?
    /// Reduced-size RTCP (RFC 5506). Validation sets it to true.
    public var reducedSize: Bool?

    /// Creates RTCP settings (mediasoup's `rtpParameters.rtcp`).
    public init(cname: String? = nil, reducedSize: Bool? = nil) {
        self.cname = cname
        self.reducedSize = reducedSize
    }
}
