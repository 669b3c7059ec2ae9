/// Kind of producer, decided by the worker from its encodings and codec.
public enum ProducerType: String, Sendable, Hashable, Codable, CaseIterable {
    case simple, simulcast, svc
}

/// Kind of consumer: the producer's type, or `pipe` for consumers on a PipeTransport.
public enum ConsumerType: String, Sendable, Hashable, Codable, CaseIterable {
    case simple, simulcast, svc, pipe
}

/// Kind of data producer or consumer: SCTP, or direct (DirectTransport).
public enum DataProducerType: String, Sendable, Hashable, Codable, CaseIterable {
    case sctp, direct
}

/// Kind of data consumer; the same values as ``DataProducerType``.
public typealias DataConsumerType = DataProducerType

/// The parameters of one RTP stream inside the worker.
public struct RtpStreamParametersDump: Sendable, Hashable, Codable {
    public var encodingIdx: Int?
    public var ssrc: UInt32
    public var payloadType: UInt8
    public var mimeType: String
    public var clockRate: Int
    public var rid: String?
    public var rrid: String?
    public var cname: String
    public var rtxSsrc: UInt32?
    public var rtxPayloadType: UInt8?
    public var useNack: Bool?
    public var usePli: Bool?
    public var useFir: Bool?
    public var useInBandFec: Bool?
    public var useDtx: Bool?
    public var spatialLayers: Int?
    public var temporalLayers: Int?

    public init(
        encodingIdx: Int? = nil, ssrc: UInt32, payloadType: UInt8, mimeType: String, clockRate: Int,
        rid: String? = nil, rrid: String? = nil, cname: String, rtxSsrc: UInt32? = nil, rtxPayloadType: UInt8? = nil,
        useNack: Bool? = nil, usePli: Bool? = nil, useFir: Bool? = nil, useInBandFec: Bool? = nil,
        useDtx: Bool? = nil, spatialLayers: Int? = nil, temporalLayers: Int? = nil
    ) {
        self.encodingIdx = encodingIdx
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.mimeType = mimeType
        self.clockRate = clockRate
        self.rid = rid
        self.rrid = rrid
        self.cname = cname
        self.rtxSsrc = rtxSsrc
        self.rtxPayloadType = rtxPayloadType
        self.useNack = useNack
        self.usePli = usePli
        self.useFir = useFir
        self.useInBandFec = useInBandFec
        self.useDtx = useDtx
        self.spatialLayers = spatialLayers
        self.temporalLayers = temporalLayers
    }
}

/// One RTP stream (and its RTX stream) inside the worker.
public struct RtpStreamDump: Sendable, Hashable, Codable {
    public struct RtxStream: Sendable, Hashable, Codable {
        public var params: RtpStreamParametersDump
        public init(params: RtpStreamParametersDump) { self.params = params }
    }
    public var params: RtpStreamParametersDump
    public var score: Int
    public var rtxStream: RtxStream?
    public init(params: RtpStreamParametersDump, score: Int, rtxStream: RtxStream? = nil) {
        self.params = params
        self.score = score
        self.rtxStream = rtxStream
    }
}

/// `producer.dump()`.
public struct ProducerDump: Sendable, Hashable, Codable {
    public var id: String
    public var kind: MediaKind
    public var type: ProducerType
    public var rtpParameters: RtpParameters
    public var rtpMapping: RtpMapping
    public var rtpStreams: [RtpStreamDump]?
    public var traceEventTypes: [String]
    public var paused: Bool

    public init(
        id: String, kind: MediaKind, type: ProducerType, rtpParameters: RtpParameters, rtpMapping: RtpMapping,
        rtpStreams: [RtpStreamDump]? = nil, traceEventTypes: [String] = [], paused: Bool
    ) {
        self.id = id
        self.kind = kind
        self.type = type
        self.rtpParameters = rtpParameters
        self.rtpMapping = rtpMapping
        self.rtpStreams = rtpStreams
        self.traceEventTypes = traceEventTypes
        self.paused = paused
    }
}

/// `consumer.dump()` for every consumer type: the base fields and, present only
/// for the types that have them, the stream and layer fields.
public struct ConsumerDump: Sendable, Hashable, Codable {
    public var id: String
    public var producerId: String
    public var kind: MediaKind
    public var type: ConsumerType
    public var rtpParameters: RtpParameters
    public var consumableRtpEncodings: [RtpEncodingParameters]?
    public var supportedCodecPayloadTypes: [UInt8]
    public var traceEventTypes: [String]
    public var paused: Bool
    public var producerPaused: Bool
    public var priority: Int

    /// Simple, simulcast and SVC consumers.
    public var rtpStream: RtpStreamDump?
    /// Pipe consumers.
    public var rtpStreams: [RtpStreamDump]?
    /// Simulcast and SVC consumers.
    public var preferredSpatialLayer: Int?
    public var targetSpatialLayer: Int?
    public var currentSpatialLayer: Int?
    public var preferredTemporalLayer: Int?
    public var targetTemporalLayer: Int?
    public var currentTemporalLayer: Int?

    public init(
        id: String, producerId: String, kind: MediaKind, type: ConsumerType, rtpParameters: RtpParameters,
        consumableRtpEncodings: [RtpEncodingParameters]? = nil, supportedCodecPayloadTypes: [UInt8] = [],
        traceEventTypes: [String] = [], paused: Bool, producerPaused: Bool, priority: Int = 1
    ) {
        self.id = id
        self.producerId = producerId
        self.kind = kind
        self.type = type
        self.rtpParameters = rtpParameters
        self.consumableRtpEncodings = consumableRtpEncodings
        self.supportedCodecPayloadTypes = supportedCodecPayloadTypes
        self.traceEventTypes = traceEventTypes
        self.paused = paused
        self.producerPaused = producerPaused
        self.priority = priority
    }
}

/// `dataProducer.dump()`.
public struct DataProducerDump: Sendable, Hashable, Codable {
    public var id: String
    public var type: DataProducerType
    public var sctpStreamParameters: SctpStreamParameters?
    public var label: String
    public var `protocol`: String
    public var paused: Bool
    public init(
        id: String, type: DataProducerType, sctpStreamParameters: SctpStreamParameters? = nil, label: String,
        protocol: String, paused: Bool
    ) {
        self.id = id
        self.type = type
        self.sctpStreamParameters = sctpStreamParameters
        self.label = label
        self.protocol = `protocol`
        self.paused = paused
    }
}

/// `dataConsumer.dump()`.
public struct DataConsumerDump: Sendable, Hashable, Codable {
    public var id: String
    public var dataProducerId: String
    public var type: DataConsumerType
    public var sctpStreamParameters: SctpStreamParameters?
    public var label: String
    public var `protocol`: String
    public var bufferedAmountLowThreshold: Int
    public var paused: Bool
    public var dataProducerPaused: Bool
    public var subchannels: [UInt16]
    public init(
        id: String, dataProducerId: String, type: DataConsumerType, sctpStreamParameters: SctpStreamParameters? = nil,
        label: String, protocol: String, bufferedAmountLowThreshold: Int, paused: Bool, dataProducerPaused: Bool,
        subchannels: [UInt16] = []
    ) {
        self.id = id
        self.dataProducerId = dataProducerId
        self.type = type
        self.sctpStreamParameters = sctpStreamParameters
        self.label = label
        self.protocol = `protocol`
        self.bufferedAmountLowThreshold = bufferedAmountLowThreshold
        self.paused = paused
        self.dataProducerPaused = dataProducerPaused
        self.subchannels = subchannels
    }
}
