/// The SCTP streams an endpoint offers: outgoing (OS) and maximum incoming (MIS).
public struct NumSctpStreams: Sendable, Hashable, Codable {
    /// Initially requested number of outgoing SCTP streams.
    public var OS: Int
    /// Maximum number of incoming SCTP streams.
    public var MIS: Int
    public init(OS: Int, MIS: Int) {
        self.OS = OS
        self.MIS = MIS
    }
    /// mediasoup's default: 1024 each way.
    public static let `default` = NumSctpStreams(OS: 1024, MIS: 1024)
}

/// An endpoint's SCTP capabilities.
public struct SctpCapabilities: Sendable, Hashable, Codable {
    public var numStreams: NumSctpStreams
    public init(numStreams: NumSctpStreams) { self.numStreams = numStreams }
}

/// A transport's SCTP association parameters, as the transport and its dump show them.
public struct SctpParameters: Sendable, Hashable, Codable {
    /// SCTP port; always 5000.
    public var port: UInt16
    public var OS: Int
    public var MIS: Int
    /// Largest message the association accepts, in bytes.
    public var maxMessageSize: Int
    /// Present in transport data and dumps.
    public var sendBufferSize: Int?
    /// Present in transport data and dumps.
    public var sctpBufferedAmount: Int?
    /// Whether the association carries WebRTC data channels.
    public var isDataChannel: Bool?

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

    public init(streamId: UInt16, ordered: Bool? = nil, maxPacketLifeTime: Int? = nil, maxRetransmits: Int? = nil) {
        self.streamId = streamId
        self.ordered = ordered
        self.maxPacketLifeTime = maxPacketLifeTime
        self.maxRetransmits = maxRetransmits
    }
}

/// State of a transport's SCTP association.
public enum SctpState: String, Sendable, Hashable, Codable, CaseIterable {
    case new, connecting, connected, failed, closed
}
