/// Statistics of one RTP stream: `inbound-rtp` (a producer's receive stream) or
/// `outbound-rtp` (a consumer's send stream).
public struct RtpStreamStats: Sendable, Hashable, Codable {
    /// `inbound-rtp` or `outbound-rtp`.
    public var type: String
    /// When the stats were taken, in milliseconds since the epoch.
    public var timestamp: Double
    /// SSRC of the stream.
    public var ssrc: UInt32
    /// SSRC of the stream's RTX stream; absent without RTX.
    public var rtxSsrc: UInt32?
    /// RID of the stream's encoding; absent when it has none.
    public var rid: String?
    /// Media kind: `audio` or `video`.
    public var kind: MediaKind
    /// MIME type of the stream's codec, e.g. `video/VP8`.
    public var mimeType: String
    /// Cumulative packets lost: as counted on reception (inbound), or as the remote receiver reports (outbound).
    public var packetsLost: Int
    /// Fraction lost in the last RTCP report interval, 0–255 (lost / expected × 256, as RFC 3550 encodes it).
    public var fractionLost: Int
    /// RTP packets the stream discarded as invalid or unusable.
    public var packetsDiscarded: Int
    /// Packets retransmitted: recovered by retransmission (inbound), or resent on NACK (outbound).
    public var packetsRetransmitted: Int
    /// Lost packets repaired by retransmission (inbound), or packets resent for the first time (outbound).
    public var packetsRepaired: Int
    /// RTCP NACK packets sent to the remote sender (inbound) or received from the receiver (outbound).
    public var nackCount: Int
    /// Sequence numbers asked for in those NACKs.
    public var nackPacketCount: Int
    /// PLI (picture loss indication) requests sent (inbound) or received (outbound).
    public var pliCount: Int
    /// FIR (full intra request) requests sent (inbound) or received (outbound).
    public var firCount: Int
    /// 0 to 10.
    public var score: Int
    /// Round-trip time to the receiver from its RTCP reports, in milliseconds (0 until measured); absent for inbound.
    public var roundTripTime: Double?
    /// RTX packets discarded; absent for a stream without RTX.
    public var rtxPacketsDiscarded: Int?
    /// Inbound only.
    public var jitter: Int?
    /// RTP packets received (inbound) or sent (outbound) on the stream.
    public var packetCount: Int
    /// Bytes of those RTP packets.
    public var byteCount: Int
    /// Bitrate of the stream over the last second, in bits per second.
    public var bitrate: Int
    /// Inbound only: bitrate per `"spatial.temporal"` layer.
    public var bitrateByLayer: [String: Int]?

    /// Creates stats with every counter 0 and the optional fields absent.
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
    /// When the stats were taken, in milliseconds since the epoch.
    public var timestamp: Double
    /// DataChannel label of the data producer.
    public var label: String
    /// DataChannel sub-protocol of the data producer.
    public var `protocol`: String
    /// Messages received from the endpoint, counted even while the data producer is paused.
    public var messagesReceived: Int
    /// Bytes of those messages.
    public var bytesReceived: Int
    /// Creates the stats; `type` is `data-producer`.
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
    /// When the stats were taken, in milliseconds since the epoch.
    public var timestamp: Double
    /// DataChannel label of the data consumer (its data producer's).
    public var label: String
    /// DataChannel sub-protocol of the data consumer (its data producer's).
    public var `protocol`: String
    /// Messages delivered to the endpoint.
    public var messagesSent: Int
    /// Bytes of those messages.
    public var bytesSent: Int
    /// Bytes queued for sending and not yet sent.
    public var bufferedAmount: Int
    /// Creates the stats; `type` is `data-consumer`.
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
