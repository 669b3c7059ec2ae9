/// The SCTP streams an endpoint offers: outgoing (OS) and maximum incoming (MIS).
public struct NumSctpStreams: Sendable, Hashable, Codable {
    /// Initially requested number of outgoing SCTP streams.
    public var OS: Int
    /// Maximum number of incoming SCTP streams.
    public var MIS: Int
    /// Creates a stream count pair, mediasoup's `numSctpStreams: {OS, MIS}`; both default to 1024
    /// in transport options.
    public init(OS: Int, MIS: Int) {
        self.OS = OS
        self.MIS = MIS
    }
    /// mediasoup's default: 1024 each way.
    public static let `default` = NumSctpStreams(OS: 1024, MIS: 1024)
}

/// An endpoint's SCTP capabilities.
public struct SctpCapabilities: Sendable, Hashable, Codable {
    /// The SCTP streams the endpoint offers (`sctpCapabilities.numStreams`).
    public var numStreams: NumSctpStreams
    /// Creates capabilities (mediasoup's `SctpCapabilities`) from the offered stream counts.
    public init(numStreams: NumSctpStreams) { self.numStreams = numStreams }
}

/// A transport's SCTP association parameters, as the transport and its dump show them.
public struct SctpParameters: Sendable, Hashable, Codable {
    /// SCTP port; always 5000.
    public var port: UInt16
    /// Initially requested number of outgoing SCTP streams, from the transport's `numSctpStreams.OS`.
    public var OS: Int
    /// Maximum number of incoming SCTP streams, from the transport's `numSctpStreams.MIS`.
    public var MIS: Int
    /// Largest message the association accepts, in bytes.
    public var maxMessageSize: Int
    /// Present in transport data and dumps.
    public var sendBufferSize: Int?
    /// Present in transport data and dumps.
    public var sctpBufferedAmount: Int?
    /// Whether the association carries WebRTC data channels.
    public var isDataChannel: Bool?

    /// Creates SCTP parameters as a transport's `sctpParameters` shows them;
    /// `port` defaults to 5000, the only port mediasoup uses.
    public init(
        port: UInt16 = 5000,
        OS: Int,
        MIS: Int,
        maxMessageSize: Int,
        sendBufferSize: Int? = nil,
        sctpBufferedAmount: Int? = nil,
        isDataChannel: Bool? = nil
    ) {
        self.port = port
        self.OS = OS
        self.MIS = MIS
        self.maxMessageSize = maxMessageSize
        self.sendBufferSize = sendBufferSize
        self.sctpBufferedAmount = sctpBufferedAmount
        self.isDataChannel = isDataChannel
    }
}

/// How one SCTP stream delivers messages (RFC 8831 reliability settings).
public struct SctpStreamParameters: Sendable, Hashable, Codable {
    /// SCTP stream id.
    public var streamId: UInt16
    /// In-order delivery. Validation defaults it to true, or false when a
    /// partial-reliability limit is given.
    public var ordered: Bool?
    /// Partial reliability: give up after this many milliseconds.
    public var maxPacketLifeTime: Int?
    /// Partial reliability: give up after this many retransmissions.
    public var maxRetransmits: Int?

    /// Creates stream parameters (mediasoup's `sctpStreamParameters`); give at most one of `maxPacketLifeTime`
    /// and `maxRetransmits`, and not with `ordered: true`, or validation throws a `TypeError`.
    public init(streamId: UInt16, ordered: Bool? = nil, maxPacketLifeTime: Int? = nil, maxRetransmits: Int? = nil) {
        self.streamId = streamId
        self.ordered = ordered
        self.maxPacketLifeTime = maxPacketLifeTime
        self.maxRetransmits = maxRetransmits
    }
}

/// State of a transport's SCTP association.
public enum SctpState: String, Sendable, Hashable, Codable, CaseIterable {
    /// mediasoup's `sctpState` values: `new` before the association starts, then `connecting`, `connected`
    /// or `failed`; `closed` when the association or the transport closes.
    case new, connecting, connected, failed, closed
}
