/// Statistics of one RTP stream: `inbound-rtp` (a producer's receive stream) or
/// `outbound-rtp` (a consumer's send stream).
public struct RtpStreamStats: Sendable, Hashable, Codable {
    /// `inbound-rtp` or `outbound-rtp`.
    public var type: String
    public var timestamp: Double
    public var ssrc: UInt32
    public var rtxSsrc: UInt32?
    public var rid: String?
    public var kind: MediaKind
    public var mimeType: String
    public var packetsLost: Int
    public var fractionLost: Int
    public var packetsDiscarded: Int
    public var packetsRetransmitted: Int
    public var packetsRepaired: Int
    public var nackCount: Int
    public var nackPacketCount: Int
    public var pliCount: Int
    public var firCount: Int
    /// 0 to 10.
    public var score: Int
    public var roundTripTime: Double?
    public var rtxPacketsDiscarded: Int?
    /// Inbound only.
    public var jitter: Int?
    public var packetCount: Int
    public var byteCount: Int
    public var bitrate: Int
    /// Inbound only: bitrate per `"spatial.temporal"` layer.
    public var bitrateByLayer: [String: Int]?

    public init(type: String, timestamp: Double, ssrc: UInt32, kind: MediaKind, mimeType: String) {
        self.type = type
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.kind = kind
        self.mimeType = mimeType
        packetsLost = 0
        fractionLost = 0
        packetsDiscarded = 0
        packetsRetransmitted = 0
        packetsRepaired = 0
        nackCount = 0
        nackPacketCount = 0
        pliCount = 0
        firCount = 0
        score = 0
        packetCount = 0
        byteCount = 0
        bitrate = 0
    }
}

/// `dataProducer.getStats()` element.
public struct DataProducerStats: Sendable, Hashable, Codable {
    /// `data-producer`.
    public var type: String
    public var timestamp: Double
    public var label: String
    public var `protocol`: String
    public var messagesReceived: Int
    public var bytesReceived: Int
    public init(timestamp: Double, label: String, protocol: String, messagesReceived: Int, bytesReceived: Int) {
        type = "data-producer"
        self.timestamp = timestamp
        self.label = label
        self.protocol = `protocol`
        self.messagesReceived = messagesReceived
        self.bytesReceived = bytesReceived
    }
}

/// `dataConsumer.getStats()` element.
public struct DataConsumerStats: Sendable, Hashable, Codable {
    /// `data-consumer`.
    public var type: String
    public var timestamp: Double
    public var label: String
    public var `protocol`: String
    public var messagesSent: Int
    public var bytesSent: Int
    public var bufferedAmount: Int
    public init(
        timestamp: Double, label: String, protocol: String, messagesSent: Int, bytesSent: Int, bufferedAmount: Int
    ) {
        type = "data-consumer"
        self.timestamp = timestamp
        self.label = label
        self.protocol = `protocol`
        self.messagesSent = messagesSent
        self.bytesSent = bytesSent
        self.bufferedAmount = bufferedAmount
    }
}
