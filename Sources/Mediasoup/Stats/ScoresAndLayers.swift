/// Quality score (0 to 10) of one producer encoding.
public struct ProducerScore: Sendable, Hashable, Codable {
    /// Index of the encoding in the producer's `rtpParameters.encodings`.
    public var encodingIdx: Int
    /// SSRC of the encoding's RTP stream.
    public var ssrc: UInt32
    /// RID of the encoding; absent when it has none.
    public var rid: String?
    /// Quality score of the stream, 0 (worst) to 10 (best).
    public var score: Int
    /// Creates a score entry; `rid` defaults to absent.
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
    /// Creates a score from the consumer's own score and its producer's.
    public init(score: Int, producerScore: Int, producerScores: [Int]) {
        self.score = score
        self.producerScore = producerScore
        self.producerScores = producerScores
    }
}

/// Spatial and temporal layer of a simulcast or SVC stream.
public struct ConsumerLayers: Sendable, Hashable, Codable {
    /// Spatial layer, from 0 (lowest); for simulcast, the index of the encoding.
    public var spatialLayer: Int
    /// Temporal layer, from 0 (lowest); absent when not given (in `setPreferredLayers`, the highest is then used).
    public var temporalLayer: Int?
    /// Creates layers; `temporalLayer` defaults to absent.
    public init(spatialLayer: Int, temporalLayer: Int? = nil) {
        self.spatialLayer = spatialLayer
        self.temporalLayer = temporalLayer
    }
}

/// Video orientation announced by a producer (3GPP CVO extension).
public struct ProducerVideoOrientation: Sendable, Hashable, Codable {
    /// Whether the source is a video camera (the C bit of the CVO extension).
    public var camera: Bool
    /// F (flip) bit of the CVO extension: whether the video is flipped horizontally.
    public var flip: Bool
    /// 0, 90, 180 or 270 degrees.
    public var rotation: Int
    /// Creates an orientation; `rotation` is in degrees.
    public init(camera: Bool, flip: Bool, rotation: Int) {
        self.camera = camera
        self.flip = flip
        self.rotation = rotation
    }
}

/// Direction of a traced packet or event.
public enum TraceEventDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// `in`: received by the worker; `out`: sent by it.
    case `in`, out
}

/// A trace event: `type` is one of the event types enabled with `enableTraceEvent`.
public struct TraceEventData<EventType: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// Event type, one of those enabled with `enableTraceEvent`.
    public var type: EventType
    /// When the event happened, in milliseconds.
    public var timestamp: Double
    /// Whether the traced packet or event was received (`in`) or sent (`out`).
    public var direction: TraceEventDirection
    /// Per-type information. Absent for events that carry none (e.g. a producer's
    /// or consumer's `nack` trace), as in mediasoup.
    public var info: JSONValue?
    /// Creates a trace event; `info` defaults to absent.
    public init(type: EventType, timestamp: Double, direction: TraceEventDirection, info: JSONValue? = nil) {
        self.type = type
        self.timestamp = timestamp
        self.direction = direction
        self.info = info
    }
}

/// Trace event types of a transport.
public enum TransportTraceEventType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `probation`: an RTP probation packet sent to probe bandwidth; `bwe`: a bandwidth estimation update.
    case probation, bwe
}

/// Trace event types of a producer.
public enum ProducerTraceEventType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `rtp`: an RTP packet; `keyframe`: a video key frame; `nack`, `pli`, `fir`: RTCP feedback;
    /// `sr`: an RTCP Sender Report.
    case rtp, keyframe, nack, pli, fir, sr
}

/// Trace event types of a consumer.
public enum ConsumerTraceEventType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `rtp`: an RTP packet; `keyframe`: a video key frame; `nack`, `pli`, `fir`: RTCP feedback of those types.
    case rtp, keyframe, nack, pli, fir
}

/// Data of a transport `trace` event (types enabled with `enableTraceEvent`).
public typealias TransportTraceEventData = TraceEventData<TransportTraceEventType>
/// Data of a producer `trace` event (types enabled with `enableTraceEvent`).
public typealias ProducerTraceEventData = TraceEventData<ProducerTraceEventType>
/// Data of a consumer `trace` event (types enabled with `enableTraceEvent`).
public typealias ConsumerTraceEventData = TraceEventData<ConsumerTraceEventType>
