/// Quality score (0 to 10) of one producer encoding.
public struct ProducerScore: Sendable, Hashable, Codable {
    public var encodingIdx: Int
    public var ssrc: UInt32
    public var rid: String?
    public var score: Int
    public init(encodingIdx: Int, ssrc: UInt32, rid: String? = nil, score: Int) {
        self.encodingIdx = encodingIdx
        self.ssrc = ssrc
        self.rid = rid
        self.score = score
    }
}

/// Quality score of a consumer's stream and of the producer's streams it follows.
public struct ConsumerScore: Sendable, Hashable, Codable {
    /// Score of the RTP stream the consumer sends (0 to 10).
    public var score: Int
    /// Score of the producer stream currently forwarded.
    public var producerScore: Int
    /// Scores of every producer stream, by encoding.
    public var producerScores: [Int]
    public init(score: Int, producerScore: Int, producerScores: [Int]) {
        self.score = score
        self.producerScore = producerScore
        self.producerScores = producerScores
    }
}

/// Spatial and temporal layer of a simulcast or SVC stream.
public struct ConsumerLayers: Sendable, Hashable, Codable {
    public var spatialLayer: Int
    public var temporalLayer: Int?
    public init(spatialLayer: Int, temporalLayer: Int? = nil) {
        self.spatialLayer = spatialLayer
        self.temporalLayer = temporalLayer
    }
}

/// Video orientation announced by a producer (3GPP CVO extension).
public struct ProducerVideoOrientation: Sendable, Hashable, Codable {
    public var camera: Bool
    public var flip: Bool
    /// 0, 90, 180 or 270 degrees.
    public var rotation: Int
    public init(camera: Bool, flip: Bool, rotation: Int) {
        self.camera = camera
        self.flip = flip
        self.rotation = rotation
    }
}

/// Direction of a traced packet or event.
public enum TraceEventDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case `in`, out
}

/// A trace event: `type` is one of the event types enabled with `enableTraceEvent`.
public struct TraceEventData<EventType: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public var type: EventType
    public var timestamp: Double
    public var direction: TraceEventDirection
    /// Per-type information. Absent for events that carry none (e.g. a producer's
    /// or consumer's `nack` trace), as in mediasoup.
    public var info: JSONValue?
    public init(type: EventType, timestamp: Double, direction: TraceEventDirection, info: JSONValue? = nil) {
        self.type = type
        self.timestamp = timestamp
        self.direction = direction
        self.info = info
    }
}

/// Trace event types of a transport.
public enum TransportTraceEventType: String, Sendable, Hashable, Codable, CaseIterable {
    case probation, bwe
}

/// Trace event types of a producer.
public enum ProducerTraceEventType: String, Sendable, Hashable, Codable, CaseIterable {
    case rtp, keyframe, nack, pli, fir, sr
}

/// Trace event types of a consumer.
public enum ConsumerTraceEventType: String, Sendable, Hashable, Codable, CaseIterable {
    case rtp, keyframe, nack, pli, fir
}

public typealias TransportTraceEventData = TraceEventData<TransportTraceEventType>
public typealias ProducerTraceEventData = TraceEventData<ProducerTraceEventType>
public typealias ConsumerTraceEventData = TraceEventData<ConsumerTraceEventType>
