/// Kind of producer, decided by the worker from its encodings and codec.
public enum ProducerType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `simple`: one encoding without layers; `simulcast`: several encodings, or one VP8/H264 encoding with layers;
    /// `svc`: one VP9 or H264-SVC encoding with several spatial or temporal layers.
    case simple, simulcast, svc
}

/// Kind of consumer: the producer's type, or `pipe` for consumers on a PipeTransport.
public enum ConsumerType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `simple`, `simulcast`, `svc`: the producer's ``ProducerType``; `pipe`: a consumer that forwards every encoding
    /// of the producer to another router (PipeTransport consumers, or `consume` with `pipe: true`).
    case simple, simulcast, svc, pipe
}

/// Kind of data producer or consumer: SCTP, or direct (DirectTransport).
public enum DataProducerType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `sctp`: messages travel over SCTP (WebRtc, Plain and Pipe transports); `direct`: on a DirectTransport.
    case sctp, direct
}

/// Kind of data consumer; the same values as ``DataProducerType``.
public typealias DataConsumerType = DataProducerType

/// The parameters of one RTP stream inside the worker.
public struct RtpStreamParametersDump: Sendable, Hashable, Codable {
    /// Index of the stream's encoding in its owner's `rtpParameters.encodings`; absent for an RTX stream.
    public var encodingIdx: Int?
    /// SSRC of the stream.
    public var ssrc: UInt32
    /// RTP payload type of the stream's codec.
    public var payloadType: UInt8
    /// MIME type of the codec, e.g. `video/VP8`, or `audio/rtx` / `video/rtx` for an RTX stream.
    public var mimeType: String
    /// RTP clock rate of the codec, in Hz.
    public var clockRate: Int
    /// RID (`rtp-stream-id`) of the encoding; absent when the encoding has none.
    public var rid: String?
    /// Repaired RID: in an RTX stream's parameters, the RID of the stream it repairs; else absent.
    public var rrid: String?
    /// RTCP CNAME of the stream.
    public var cname: String
    /// SSRC of the associated RTX stream; absent without RTX.
    public var rtxSsrc: UInt32?
    /// Payload type of the associated RTX codec; absent without RTX.
    public var rtxPayloadType: UInt8?
    /// Whether generic NACK (`nack` RTCP feedback) is negotiated; absent for an RTX stream.
    public var useNack: Bool?
    /// Whether PLI (`nack pli` RTCP feedback) is negotiated; absent for an RTX stream.
    public var usePli: Bool?
    /// Whether FIR (`ccm fir` RTCP feedback) is negotiated; absent for an RTX stream.
    public var useFir: Bool?
    /// Whether in-band FEC is on (codec parameter `useinbandfec=1`, Opus); absent for an RTX stream.
    public var useInBandFec: Bool?
    /// Whether DTX is on (codec parameter `usedtx=1` or the encoding's `dtx`); absent for an RTX stream.
    public var useDtx: Bool?
    /// Spatial layers, from the encoding's `scalabilityMode` (1 for a simple consumer); absent for an RTX stream.
    public var spatialLayers: Int?
    /// Temporal layers, from the encoding's `scalabilityMode` (1 for a simple consumer); absent for an RTX stream.
    public var temporalLayers: Int?

    /// Creates stream parameters; the optional fields default to absent.
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
    /// The RTX stream that carries retransmissions of the media stream.
    public struct RtxStream: Sendable, Hashable, Codable {
        /// RTX stream parameters: `ssrc`, `payloadType`, `mimeType` (`<kind>/rtx`), `clockRate`, `rrid`, `cname`.
        public var params: RtpStreamParametersDump
        /// Creates an RTX stream entry with `params`.
        public init(params: RtpStreamParametersDump) { self.params = params }
    }
    /// Parameters of the media stream.
    public var params: RtpStreamParametersDump
    /// Quality score of the stream, 0 (worst) to 10 (best).
    public var score: Int
    /// The stream's RTX stream; absent without RTX.
    public var rtxStream: RtxStream?
    /// Creates a stream entry; `rtxStream` defaults to absent.
    public init(params: RtpStreamParametersDump, score: Int, rtxStream: RtxStream? = nil) {
        self.params = params
        self.score = score
        self.rtxStream = rtxStream
    }
}

/// `producer.dump()`.
public struct ProducerDump: Sendable, Hashable, Codable {
    /// Id of the producer (generated, or the `id` given to `produce`).
    public var id: String
    /// Media kind: `audio` or `video`.
    public var kind: MediaKind
    /// Producer type, decided by the worker: `simple`, `simulcast` or `svc`.
    public var type: ProducerType
    /// RTP parameters as the worker holds them (canonical MIME types, `codecPayloadType` filled in the encodings).
    public var rtpParameters: RtpParameters
    /// How the producer's payload types and encodings map to the router's: `codecs`, and `encodings` with `mappedSsrc`.
    public var rtpMapping: RtpMapping
    /// Receive streams of the producer as the worker reports them; may be empty, and absent when not reported.
    public var rtpStreams: [RtpStreamDump]?
    /// Trace event types enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`, `fir`, `sr`).
    public var traceEventTypes: [String]
    /// Whether the producer is paused.
    public var paused: Bool

    /// Creates a producer dump; `rtpStreams` defaults to absent and `traceEventTypes` to empty.
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
    /// Id of the consumer.
    public var id: String
    /// Id of the producer the consumer forwards.
    public var producerId: String
    /// Media kind: `audio` or `video`.
    public var kind: MediaKind
    /// Consumer type: the producer's type, or `pipe`.
    public var type: ConsumerType
    /// RTP parameters the consumer sends with, as the worker holds them.
    public var rtpParameters: RtpParameters
    /// The producer's consumable encodings (`ssrc`, `maxBitrate`, `scalabilityMode`), which the consumer picks from.
    public var consumableRtpEncodings: [RtpEncodingParameters]?
    /// Payload types of the media codecs (not RTX) in `rtpParameters`, ascending.
    public var supportedCodecPayloadTypes: [UInt8]
    /// Trace event types enabled with `enableTraceEvent` (`rtp`, `keyframe`, `nack`, `pli`, `fir`).
    public var traceEventTypes: [String]
    /// Whether the consumer itself is paused.
    public var paused: Bool
    /// Whether its producer is paused.
    public var producerPaused: Bool
    /// Priority when sharing the available outgoing bitrate; 1 unless changed with `setPriority`.
    public var priority: Int

    /// Simple, simulcast and SVC consumers.
    public var rtpStream: RtpStreamDump?
    /// Pipe consumers.
    public var rtpStreams: [RtpStreamDump]?
    /// Simulcast and SVC consumers.
    public var preferredSpatialLayer: Int?
    /// Simulcast and SVC: spatial layer the consumer is switching to; -1 while none is chosen.
    public var targetSpatialLayer: Int?
    /// Simulcast and SVC: spatial layer being sent; -1 while none is.
    public var currentSpatialLayer: Int?
    /// Simulcast and SVC: preferred temporal layer (see `setPreferredLayers`); -1 when there is none.
    public var preferredTemporalLayer: Int?
    /// Simulcast and SVC: temporal layer the consumer is switching to; -1 while none is chosen.
    public var targetTemporalLayer: Int?
    /// Simulcast and SVC: temporal layer being sent; -1 while none is.
    public var currentTemporalLayer: Int?

    /// Creates the base fields of a consumer dump; the stream and layer fields start absent.
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
    /// Id of the data producer (generated, or the `id` given to `produceData`).
    public var id: String
    /// `sctp`, or `direct` on a DirectTransport.
    public var type: DataProducerType
    /// SCTP stream parameters (`streamId`, `ordered`, `maxPacketLifeTime`, `maxRetransmits`); absent when `direct`.
    public var sctpStreamParameters: SctpStreamParameters?
    /// DataChannel label given to `produceData` (empty by default).
    public var label: String
    /// DataChannel sub-protocol given to `produceData` (empty by default).
    public var `protocol`: String
    /// Whether the data producer is paused.
    public var paused: Bool
    /// Creates a data producer dump; `sctpStreamParameters` defaults to absent.
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
    /// Id of the data consumer.
    public var id: String
    /// Id of the data producer whose messages the data consumer delivers.
    public var dataProducerId: String
    /// `sctp`, or `direct` on a DirectTransport.
    public var type: DataConsumerType
    /// SCTP stream parameters of the data consumer, with its own `streamId`; absent when `direct`.
    public var sctpStreamParameters: SctpStreamParameters?
    /// Label of its data producer.
    public var label: String
    /// Sub-protocol of its data producer.
    public var `protocol`: String
    /// Buffered amount, in bytes, at or below which `bufferedamountlow` fires (see `setBufferedAmountLowThreshold`).
    public var bufferedAmountLowThreshold: Int
    /// Whether the data consumer itself is paused.
    public var paused: Bool
    /// Whether its data producer is paused.
    public var dataProducerPaused: Bool
    /// Subchannels the data consumer is subscribed to (uint16 values, no duplicates).
    public var subchannels: [UInt16]
    /// Creates a data consumer dump; `sctpStreamParameters` defaults to absent and `subchannels` to empty.
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
