/// What an endpoint can receive (or a router can route): codecs and RTP header
/// extensions. The router's capabilities go to clients unchanged as JSON.
public struct RtpCapabilities: Sendable, Hashable, Codable {
    /// Supported media and RTX codecs. Absent means none.
    public var codecs: [RtpCodecCapability]?
    /// Supported RTP header extensions. Absent means none.
    public var headerExtensions: [RtpHeaderExtension]?

    /// Creates capabilities (mediasoup's `RtpCapabilities`); absent lists mean none.
    public init(codecs: [RtpCodecCapability]? = nil, headerExtensions: [RtpHeaderExtension]? = nil) {
        self.codecs = codecs
        self.headerExtensions = headerExtensions
    }
}

/// A codec an endpoint or router supports.
public struct RtpCodecCapability: Sendable, Hashable, Codable {
    /// Media kind; validation recomputes it from ``mimeType``.
    public var kind: MediaKind
    /// `audio/…` or `video/…`, e.g. `audio/opus`, `video/VP8`, `video/rtx`.
    public var mimeType: String
    /// The payload type the router assigns; chosen by mediasoup when absent.
    public var preferredPayloadType: UInt8?
    /// RTP clock rate in Hz.
    public var clockRate: Int
    /// Audio channels (validation defaults it to 1 for audio and removes it for video).
    public var channels: Int?
    /// Format parameters (`a=fmtp`), values strings or numbers.
    public var parameters: [String: JSONValue]?
    /// RTCP feedback mechanisms the codec supports.
    public var rtcpFeedback: [RtcpFeedback]?

    /// Creates a codec capability: an entry of `RtpCapabilities.codecs`, or of a router's `mediaCodecs`
    /// (where `preferredPayloadType` may be omitted and mediasoup picks one).
    public init(
        kind: MediaKind,
        mimeType: String,
        preferredPayloadType: UInt8? = nil,
        clockRate: Int,
        channels: Int? = nil,
        parameters: [String: JSONValue]? = nil,
        rtcpFeedback: [RtcpFeedback]? = nil
    ) {
        self.kind = kind
        self.mimeType = mimeType
        self.preferredPayloadType = preferredPayloadType
        self.clockRate = clockRate
        self.channels = channels
        self.parameters = parameters
        self.rtcpFeedback = rtcpFeedback
    }
}

/// An RTCP feedback mechanism (`a=rtcp-fb`), e.g. `nack`, `nack pli`, `ccm fir`.
public struct RtcpFeedback: Sendable, Hashable, Codable {
    /// Feedback type, e.g. `nack`, `ccm`, `goog-remb`, `transport-cc`.
    public var type: String
    /// Feedback parameter, e.g. `pli` or `fir`. Validated objects carry `""` for none;
    /// objects read back from a worker dump leave it absent.
    public var parameter: String?

    /// Creates a feedback entry such as `RtcpFeedback(type: "nack", parameter: "pli")`.
    public init(type: String, parameter: String? = nil) {
        self.type = type
        self.parameter = parameter
    }
}

/// Direction in which an RTP header extension may be used, from the router's point of view.
public enum RtpHeaderExtensionDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Received from producers and sent to consumers.
    case sendrecv
    /// The router sends only; like `sendrecv`, kept in a producer's consumable RTP parameters.
    case sendonly
    /// The router receives only: not offered to consumers, as for `rid`, `rrid` and
    /// audio transport-wide-cc in mediasoup's supported capabilities.
    case recvonly
    /// Neither direction; left out of consumable RTP parameters.
    case inactive
}

/// An RTP header extension an endpoint or router supports.
public struct RtpHeaderExtension: Sendable, Hashable, Codable {
    /// Media kind this entry applies to.
    public var kind: MediaKind
    /// The extension's URI.
    public var uri: RtpHeaderExtensionUri
    /// The id the router uses for it in RTP packets (1–14 one-byte, up to 255 two-byte).
    public var preferredId: UInt8
    /// Whether the extension should be encrypted (RFC 6904); validation defaults it to false.
    public var preferredEncrypt: Bool?
    /// Validation defaults it to `sendrecv`.
    public var direction: RtpHeaderExtensionDirection?

    /// Creates a header extension capability (an entry of `RtpCapabilities.headerExtensions`).
    public init(
        kind: MediaKind,
        uri: RtpHeaderExtensionUri,
        preferredId: UInt8,
        preferredEncrypt: Bool? = nil,
        direction: RtpHeaderExtensionDirection? = nil
    ) {
        self.kind = kind
        self.uri = uri
        self.preferredId = preferredId
        self.preferredEncrypt = preferredEncrypt
        self.direction = direction
    }
}
