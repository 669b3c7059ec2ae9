import MediaEngine
import Mediasoup
import MediasoupChannel
import NIOCore

/// A producer inside the worker: one incoming track of a transport, with the
/// mapping of its payload types and streams onto the router's.
///
/// Its receive streams (one per encoding) appear when RTP for them arrives
/// (MediaPlane/WorkerProducer+Receive.swift).
final class WorkerProducer: RequestHandler, NotificationHandler {
    let id: String
    let kind: MediaKind
    let type: ProducerType
    let rtpParameters: WorkerRtpParameters
    let rtpMapping: RtpMapping
    let keyFrameRequestDelay: Int
    unowned let transport: WorkerTransport
    private(set) var paused: Bool
    private(set) var traceEventTypes: Set<ProducerTraceEventType> = []
    /// One score per encoding (0 until its stream receives RTP).
    var rtpStreamScores: [Int] { receiveStreams.map { stream in stream.map { Int($0.score.score) } ?? 0 } }
    /// One receive stream per encoding, once RTP for it arrived.
    var receiveStreams: [ProducerReceiveStream?]
    /// Its consumers in the router, in consume order: the packet path's
    /// fan-out, kept by the transports as consumers come and go.
    var consumers: [WorkerConsumer] = [] {
        didSet { keepsHistory = kind == .video && consumers.contains { $0.usesNack } }
    }
    /// Whether its streams keep their last packets: a consumer may have to resend them.
    private(set) var keepsHistory = false
    /// The NACK generators' retry timer, while packets are missing (MediaPlane/WorkerProducer+RTCP.swift).
    var nackTimer: Scheduled<Void>?
    /// The keyframe requests' check, while one is held or unanswered (MediaPlane/KeyFrameRequests.swift).
    var keyFrameCheck: Scheduled<Void>?
    var keyFrameCheckDeadline: UInt64 = 0
    /// Its parameters as the packet path reads them (MediaPlane/ProducerRouting.swift).
    private(set) lazy var routing = ProducerRouting(rtpParameters, mapping: rtpMapping)

    var router: WorkerRouter { transport.router }

    /// Checks the request as mediasoup's worker does.
    ///
    /// - Throws: ``TypeError`` for parameters the worker refuses: invalid RTP
    ///   parameters, no type for the encodings and codec, mapping entries
    ///   without SSRC or RID (or MID for a single encoding), a mapping that
    ///   does not match the encodings.
    init(transport: WorkerTransport, request: ProduceRequestPayload) throws {
        self.id = request.producerId
        self.kind = request.kind
        self.transport = transport
        self.rtpParameters = try WorkerRtpParameters(parsing: request.rtpParameters)
        self.rtpMapping = request.rtpMapping
        self.keyFrameRequestDelay = request.keyFrameRequestDelay
        self.paused = request.paused

        guard let type = Self.type(of: rtpParameters) else { throw TypeError("invalid RTP parameters") }
        self.type = type
        if let first = rtpParameters.encodings.first, let (_, mimeType) = rtpParameters.mediaCodec(of: first),
            let consumerType = ConsumerType(rawValue: type.rawValue), !mimeType.isValid(for: consumerType)
        {
            throw TypeError("\(mimeType.string) codec not supported for \(type.rawValue)")
        }

        let encodings = rtpMapping.encodings
        for encoding in encodings {
            let identified = encoding.ssrc != nil || encoding.rid != nil
            if encodings.count > 1 && !identified {
                throw TypeError("wrong entry in rtpMapping.encodings (missing ssrc or rid)")
            }
            if rtpParameters.mid == nil && encodings.count == 1 && !identified {
                throw TypeError("wrong entry in rtpMapping.encodings (missing ssrc or rid, or rtpParameters.mid)")
            }
            if encoding.mappedSsrc == 0 {
                throw TypeError("wrong entry in rtpMapping.encodings (missing mappedSsrc)")
            }
        }
        guard rtpParameters.encodings.count == encodings.count else {
            throw TypeError("rtpParameters.encodings size does not match rtpMapping.encodings size")
        }
        receiveStreams = Array(repeating: nil, count: rtpParameters.encodings.count)
    }

    /// mediasoup's type rule: several encodings are simulcast; one encoding
    /// with several spatial or temporal layers is SVC for VP9 and H264-SVC,
    /// simulcast for VP8 and H264, and nothing else; otherwise simple.
    private static func type(of params: WorkerRtpParameters) -> ProducerType? {
        guard let encoding = params.encodings.first else { return nil }
        guard params.encodings.count == 1 else { return .simulcast }
        guard encoding.spatialLayers > 1 || encoding.temporalLayers > 1 else { return .simple }
        guard let (_, mimeType) = params.mediaCodec(of: encoding) else { return nil }
        if mimeType.isValid(for: .svc) { return .svc }
        if mimeType.isValid(for: .simulcast) { return .simulcast }
        return nil
    }

    // MARK: Requests and notifications

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .producerDump:
            return try dump().channelData()
        case .producerGetStats:
            // One `inbound-rtp` per receive stream; none exists before RTP arrives.
            return try receiveStats().channelData()
        case .producerPause:
            guard !paused else { return nil }
            paused = true
            for consumer in router.consumers(ofProducer: id) { consumer.producerDidPause() }
            router.rtpObserversProducerPausedChanged(self)
            return nil
        case .producerResume:
            guard paused else { return nil }
            paused = false
            for consumer in router.consumers(ofProducer: id) { consumer.producerDidResume() }
            router.rtpObserversProducerPausedChanged(self)
            return nil
        case .producerEnableTraceEvent:
            let types = try request.payload(TraceEventTypesPayload.self).types
            traceEventTypes = Set(types.compactMap(ProducerTraceEventType.init(rawValue:)))
            return nil
        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    func handle(_ notification: ChannelNotification) throws {
        switch notification.event {
        case ProducerNotification.send:
            guard let bytes = notification.data?.stringValue.flatMap({ [UInt8](base64: $0) }) else {
                throw TypeError("producer.send without a Base64 packet")
            }
            transport.receiveRTP(bytes)
        default:
            runtime.log(.warn, "producer \(id): ignoring unknown notification '\(notification.event)'")
        }
    }

    var runtime: WorkerRuntime { transport.runtime }

    // MARK: Dump

    func dump() -> ProducerDump {
        ProducerDump(
            id: id, kind: kind, type: type, rtpParameters: rtpParameters.dump, rtpMapping: rtpMapping,
            rtpStreams: [],
            traceEventTypes: ProducerTraceEventType.allCases.filter(traceEventTypes.contains).map(\.rawValue),
            paused: paused)
    }

    // MARK: RTP listener

    /// SSRCs (media and RTX) that identify this producer's streams.
    var ssrcs: [UInt32] {
        rtpParameters.encodings.flatMap { encoding in
            [encoding.ssrc, encoding.rtxSsrc ?? 0].filter { $0 != 0 }
        }
    }

    /// RIDs of this producer's encodings.
    var rids: [String] { rtpParameters.encodings.compactMap(\.rid) }
}
