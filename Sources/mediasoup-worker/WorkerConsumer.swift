#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup
import MediasoupChannel
import MediaEngine
import RTP

/// A consumer inside the worker: one outgoing track of a transport that
/// follows a producer of the same router.
///
/// Simple consumers send one stream; simulcast and SVC consumers send one
/// stream with the layers they select (preferred layers clamped to what the
/// stream has); pipe consumers send every stream of the producer. Control
/// plane here; what it sends is in MediaPlane/WorkerConsumer+Send.swift and
/// MediaPlane/WorkerConsumer+RTCP.swift.
final class WorkerConsumer: RequestHandler {
    let id: String
    let producerId: String
    let kind: MediaKind
    let type: ConsumerType
    let rtpParameters: WorkerRtpParameters
    let consumableRtpEncodings: [WorkerEncoding]
    let ignoreDtx: Bool
    unowned let transport: WorkerTransport

    private(set) var priority = 1
    private(set) var traceEventTypes: Set<ConsumerTraceEventType> = []
    /// The producer's stream scores, by encoding.
    var producerScores: [Int] = []
    /// Whether its endpoint negotiated generic NACK: what it sends is remembered for resending.
    let usesNack: Bool

    /// The streams this consumer sends: one, or one per encoding for pipe consumers.
    private let sendStreams: [RtpStreamParametersDump]
    /// Rewriting and counters of each stream sent, in the order of ``sendStreams``.
    var sendStates: [ConsumerSendStream] = []
    /// Pause, keyframe waits, and the layers it forwards.
    var selection: ConsumerLayerSelection
    /// What its header extensions carry, resolved at its first packet (MediaPlane/ConsumerPacketWriter.swift).
    var extensionPlan: ConsumerExtensionPlan?
    /// When it began forwarding without a break (a pause, a stop for lack of bitrate); nil while it does not.
    var forwardingSince: UInt64?

    /// Checks the request as mediasoup's worker does for the consumer's type.
    ///
    /// - Throws: ``TypeError`` for parameters the worker refuses: invalid RTP
    ///   parameters, encodings without SSRC, no consumable encodings, a number
    ///   of encodings or layers that does not fit the type, a codec the type
    ///   does not support.
    init(transport: WorkerTransport, request: ConsumeRequestPayload) throws {
        self.id = request.consumerId
        self.producerId = request.producerId
        self.kind = request.kind
        self.type = request.type
        self.transport = transport
        self.ignoreDtx = request.ignoreDtx
        let params = try WorkerRtpParameters(parsing: request.rtpParameters)
        self.rtpParameters = params

        for encoding in params.encodings {
            guard encoding.ssrc != 0 else { throw TypeError("invalid encoding in rtpParameters (missing ssrc)") }
            if let rtxSsrc = encoding.rtxSsrc, rtxSsrc == 0 {
                throw TypeError("invalid encoding in rtpParameters (missing rtx.ssrc)")
            }
        }
        guard !request.consumableRtpEncodings.isEmpty else { throw TypeError("empty consumableRtpEncodings") }
        consumableRtpEncodings = request.consumableRtpEncodings.map(WorkerEncoding.init)
        guard consumableRtpEncodings.allSatisfy({ $0.ssrc != 0 }) else {
            throw TypeError("wrong encoding in consumableRtpEncodings (missing ssrc)")
        }

        guard let encoding = params.encodings.first, let (_, mimeType) = params.mediaCodec(of: encoding) else {
            throw TypeError("no media codec for the encoding")
        }
        switch type {
        case .simple:
            guard consumableRtpEncodings.count == 1 else {
                throw TypeError("invalid consumableRtpEncodings with size != 1")
            }
        case .simulcast:
            guard encoding.spatialLayers == consumableRtpEncodings.count else {
                throw TypeError("encoding.spatialLayers does not match number of consumableRtpEncodings")
            }
        case .svc:
            guard consumableRtpEncodings.count == 1 else {
                throw TypeError("invalid consumableRtpEncodings with size != 1")
            }
            guard encoding.spatialLayers > 1 || encoding.temporalLayers > 1 else {
                throw TypeError("invalid number of layers")
            }
        case .pipe:
            guard params.encodings.count == consumableRtpEncodings.count else {
                throw TypeError("number of rtpParameters.encodings and consumableRtpEncodings do not match")
            }
        }
        guard mimeType.isValid(for: type) else {
            throw TypeError("\(mimeType.string) codec not supported for \(type.rawValue)")
        }

        let layered = type != .simple
        let streamEncodings = type == .pipe ? params.encodings : [encoding]
        sendStreams = streamEncodings.enumerated().compactMap { index, encoding in
            RtpStreamParametersDump(encodingIdx: index, encoding: encoding, in: params, withLayers: layered)
        }
        // Preferred layers start at the given ones, clamped, or at the highest.
        selection = ConsumerLayerSelection(
            type: type, isVideo: request.kind == .video, streamCount: sendStreams.count,
            spatialLayers: encoding.spatialLayers, temporalLayers: encoding.temporalLayers,
            preferred: request.preferredLayers, paused: request.paused)
        let usesNack = params.usesNack(encoding)
        self.usesNack = usesNack
        sendStates = sendStreams.map { stream in
            let rtx = stream.rtxSsrc.flatMap { ssrc in
                stream.rtxPayloadType.map { RetransmissionBuffer.RTX(ssrc: ssrc, payloadType: $0) }
            }
            return ConsumerSendStream(ssrc: stream.ssrc, clockRate: stream.clockRate, rtx: rtx, usesNack: usesNack)
        }
    }

    /// Follows `producer`: takes its paused state (without notifying the
    /// library, which learns it from the response) and its stream scores.
    func attach(to producer: WorkerProducer) {
        selection.producerPaused = producer.paused
        producerScores = producer.rtpStreamScores
    }

    var paused: Bool { selection.paused }
    var producerPaused: Bool { selection.producerPaused }
    /// Nil for simple and pipe consumers.
    var preferredLayers: ConsumerLayers? { selection.preferredLayers }

    /// SSRCs of the streams it sends.
    var mediaSsrcs: [UInt32] { rtpParameters.encodings.map(\.ssrc) }
    var rtxSsrcs: [UInt32] { rtpParameters.encodings.compactMap(\.rtxSsrc) }

    var runtime: WorkerRuntime { transport.runtime }

    // MARK: Producer events

    func producerDidPause() {
        guard !producerPaused else { return }
        selection.producerPaused = true
        runtime.notify(targetId: id, event: ConsumerNotification.producerPause)
    }

    func producerDidResume() {
        guard producerPaused else { return }
        selection.producerPaused = false
        runtime.notify(targetId: id, event: ConsumerNotification.producerResume)
        restartSending()
    }

    /// The producer closed: tell the library; the caller removes the consumer.
    func producerDidClose() {
        runtime.notify(targetId: id, event: ConsumerNotification.producerClose)
    }

    // MARK: Requests

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .consumerDump:
            return try dump().channelData()
        case .consumerGetStats:
            return try (stats() + forwardedProducerStats()).channelData()
        case .consumerPause:
            selection.paused = true
            return nil
        case .consumerResume:
            let wasPaused = paused
            selection.paused = false
            if wasPaused { restartSending() }
            return nil
        case .consumerSetPreferredLayers:
            guard selection.preferredLayers != nil,
                let layers = try request.payload(PreferredLayersPayload.self).preferredLayers
            else {
                return try PreferredLayersPayload(preferredLayers: nil).channelData()
            }
            let preferred = selection.prefer(layers)
            transport.distributeAvailableOutgoingBitrate()
            return try PreferredLayersPayload(preferredLayers: preferred).channelData()
        case .consumerSetPriority:
            let requested = try request.payload(PriorityPayload.self).priority
            guard requested >= 1 else { throw TypeError("wrong priority (must be higher than 0)") }
            priority = requested
            transport.distributeAvailableOutgoingBitrate()
            return try PriorityPayload(priority: priority).channelData()
        case .consumerRequestKeyFrame:
            requestKeyFrame()
            return nil
        case .consumerEnableTraceEvent:
            let types = try request.payload(TraceEventTypesPayload.self).types
            traceEventTypes = Set(types.compactMap(ConsumerTraceEventType.init(rawValue:)))
            return nil
        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    // MARK: Dump and stats

    func dump() -> ConsumerDump {
        var dump = ConsumerDump(
            id: id, producerId: producerId, kind: kind, type: type, rtpParameters: rtpParameters.dump,
            consumableRtpEncodings: consumableRtpEncodings.map(\.parameters),
            supportedCodecPayloadTypes: supportedCodecPayloadTypes,
            traceEventTypes: ConsumerTraceEventType.allCases.filter(traceEventTypes.contains).map(\.rawValue),
            paused: paused, producerPaused: producerPaused, priority: priority)
        let streams = sendStreams.map { params in
            RtpStreamDump(
                params: params, score: Int(sendStates.first { $0.ssrc == params.ssrc }?.score.score ?? 10),
                rtxStream: params.rtxSsrc.flatMap { rtxSsrc in
                    params.rtxPayloadType.map { rtxPayloadType in
                        RtpStreamDump.RtxStream(
                            params: RtpStreamParametersDump(
                                ssrc: rtxSsrc, payloadType: rtxPayloadType, mimeType: "\(kind.rawValue)/rtx",
                                clockRate: params.clockRate, rrid: params.rid, cname: params.cname))
                    }
                })
        }
        switch type {
        case .simple:
            dump.rtpStream = streams.first
        case .simulcast, .svc:
            dump.rtpStream = streams.first
            // mediasoup's dump says -1 for a layer not (yet) chosen.
            dump.preferredSpatialLayer = selection.preferredLayers?.spatialLayer ?? -1
            dump.targetSpatialLayer = selection.targetSpatialLayer ?? -1
            dump.currentSpatialLayer = selection.currentSpatialLayer ?? -1
            dump.preferredTemporalLayer = selection.preferredLayers?.temporalLayer ?? -1
            dump.targetTemporalLayer = selection.targetTemporalLayer ?? -1
            dump.currentTemporalLayer = selection.currentLayers?.temporalLayer ?? -1
        case .pipe:
            dump.rtpStreams = streams
        }
        return dump
    }

    /// Payload types of the media codecs (not RTX, FEC…), ascending.
    private var supportedCodecPayloadTypes: [UInt8] {
        rtpParameters.codecs.indices.filter { rtpParameters.mimeTypes[$0].category == .media }
            .map { rtpParameters.codecs[$0].payloadType }.sorted()
    }

    /// One `outbound-rtp` per send stream: what it sent and resent, and what
    /// its endpoint's last receiver report said.
    func stats() -> [RtpStreamStats] {
        let timestamp = Date().timeIntervalSince1970 * 1000
        let now = monotonicMilliseconds()
        return zip(sendStreams, sendStates).map { params, state in
            var stats = RtpStreamStats(
                type: "outbound-rtp", timestamp: timestamp, ssrc: params.ssrc, kind: kind, mimeType: params.mimeType)
            stats.packetCount = state.traffic.packets
            stats.byteCount = state.traffic.bytes
            stats.bitrate = state.traffic.bitrate(at: now)
            stats.rtxSsrc = params.rtxSsrc
            stats.rid = params.rid
            stats.score = Int(state.score.score)
            stats.pliCount = state.pliCount
            stats.firCount = state.firCount
            stats.roundTripTime = state.senderReport.roundTripTime ?? 0
            if let block = state.senderReport.lastReportBlock {
                stats.packetsLost = Int(max(block.cumulativeLost, 0))
                stats.fractionLost = Int(block.fractionLost)
            }
            if let schedule = state.retransmissions {
                stats.nackCount = Int(clamping: schedule.nackCount)
                stats.nackPacketCount = Int(clamping: schedule.nackPacketCount)
                stats.packetsRetransmitted = Int(clamping: schedule.packetsRetransmitted)
                stats.packetsRepaired = Int(clamping: schedule.packetsRepaired)
            }
            return stats
        }
    }
}
