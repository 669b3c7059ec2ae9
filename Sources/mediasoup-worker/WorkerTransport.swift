#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MediaEngine
import Mediasoup
import MediasoupChannel
import NIOCore
import SCTP

/// What every transport of the worker has: its producers, consumers, data
/// producers and data consumers, bitrate limits, trace settings, and the
/// requests they share. The four kinds subclass it.
class WorkerTransport: RequestHandler, NotificationHandler {
    let id: String
    unowned let router: WorkerRouter
    var runtime: WorkerRuntime { router.runtime }
    let maxMessageSize: Int
    var sctpParameters: SctpParameters?
    var sctpState: SctpState?
    /// The SCTP association of data channels, when SCTP is enabled
    /// (MediaPlane/WorkerTransport+SCTP.swift).
    var sctpAssociation: SctpAssociation?
    /// SCTP messages received on a stream of no data producer.
    var sctpMessagesWithoutDataProducer = 0

    var producers = OrderedEntities<WorkerProducer>()
    var consumers = OrderedEntities<WorkerConsumer>()
    var dataProducers = OrderedEntities<WorkerDataProducer>()
    var dataConsumers = OrderedEntities<WorkerDataConsumer>()

    var maxIncomingBitrate: Int?
    var maxOutgoingBitrate: Int?
    var minOutgoingBitrate: Int?
    var traceEventTypes: [TransportTraceEventType] = []

    /// Everything received and sent, and the RTP part of it (stats).
    var received = TrafficCounter()
    var sent = TrafficCounter()
    var rtpReceived = TrafficCounter()
    var rtpSent = TrafficCounter()
    /// RTP packets dropped: unknown SSRC, unknown payload type, malformed.
    var rtpPacketsDiscarded = 0
    /// The RTP listener's answers by SSRC so far (MediaPlane/WorkerTransport+RTP.swift);
    /// emptied whenever a producer comes or goes.
    var listenedSsrcs: [UInt32: WorkerProducer] = [:]
    /// The next periodic RTCP reports (MediaPlane/WorkerTransport+RTCP.swift).
    var rtcpTimer: Scheduled<Void>?
    /// The receive side of transport-cc, while a producer negotiated it
    /// (MediaPlane/WorkerTransport+TransportCC.swift).
    var transportCc: TransportCcReceiver?
    /// The send side of transport-cc, once a consumer negotiated it.
    var outgoingEstimation: OutgoingEstimation?
    /// Where the send-side estimate starts (WebRtcTransport's option; mediasoup's default otherwise).
    let initialAvailableOutgoingBitrate: Int

    /// `webrtc-transport`, `plain-rtp-transport`, `pipe-transport` or `direct-transport`.
    class var statsType: String { "transport" }
    /// Whether this is a DirectTransport (dump's `direct`).
    var isDirect: Bool { false }

    init(router: WorkerRouter, options: TransportBaseOptions) {
        self.id = options.transportId
        self.router = router
        self.maxMessageSize = options.maxMessageSize
        self.initialAvailableOutgoingBitrate = options.initialAvailableOutgoingBitrate ?? 600_000
        if let sctp = options.sctp {
            sctpParameters = SctpParameters(
                port: 5000, OS: sctp.numSctpStreams.OS, MIS: sctp.numSctpStreams.MIS,
                maxMessageSize: options.maxMessageSize, sendBufferSize: sctp.sendBufferSize, sctpBufferedAmount: 0,
                isDataChannel: sctp.isDataChannel)
            sctpState = .new
            do {
                sctpAssociation = try SctpAssociation(
                    outboundStreams: sctp.numSctpStreams.OS, maxInboundStreams: sctp.numSctpStreams.MIS,
                    maxMessageSize: options.maxMessageSize, sendBufferSize: sctp.sendBufferSize)
            } catch {
                router.runtime.log(.error, "transport \(options.transportId): no SCTP association: \(error)")
            }
        }
    }

    // MARK: Requests

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .transportDump:
            return try dump().channelData()
        case .transportGetStats:
            return try [stats()].channelData()
        case .transportSetMaxIncomingBitrate:
            let bitrate = try request.payload(BitratePayload.self).bitrate
            setMaxIncomingBitrate(bitrate == 0 ? nil : bitrate)
            return nil
        case .transportSetMaxOutgoingBitrate:
            let bitrate = try request.payload(BitratePayload.self).bitrate
            if bitrate != 0, let minimum = minOutgoingBitrate, bitrate < minimum {
                throw MediasoupError("maxOutgoingBitrate \(bitrate) cannot be lower than minOutgoingBitrate \(minimum)")
            }
            maxOutgoingBitrate = bitrate == 0 ? nil : bitrate
            distributeAvailableOutgoingBitrate()
            return nil
        case .transportSetMinOutgoingBitrate:
            let bitrate = try request.payload(BitratePayload.self).bitrate
            if bitrate != 0, let maximum = maxOutgoingBitrate, bitrate > maximum {
                throw MediasoupError("minOutgoingBitrate \(bitrate) cannot be higher than maxOutgoingBitrate \(maximum)")
            }
            minOutgoingBitrate = bitrate == 0 ? nil : bitrate
            distributeAvailableOutgoingBitrate()
            return nil
        case .transportEnableTraceEvent:
            let types = try request.payload(TraceEventTypesPayload.self).types
            traceEventTypes = types.compactMap(TransportTraceEventType.init(rawValue:))
            return nil
        default:
            if let data = try handleMedia(request) { return data }
            if let data = try handleData(request) { return data }
            return try handleKind(request)
        }
    }

    /// Requests only this kind of transport answers (connect, restartIce…).
    /// The default refuses the method.
    func handleKind(_ request: ChannelRequest) throws -> JSONValue? {
        throw MediasoupError("unknown method '\(request.method)'")
    }

    func handle(_ notification: ChannelNotification) throws {}

    // MARK: Media out (each kind has its own way)

    /// Where consumers' RTP goes (MediaPlane/WorkerTransport+RTP.swift): the
    /// socket kinds answer their socket; the default is ``transmitRTP(_:from:)``.
    func rtpOutput() -> RTPOutput { .transmit }

    /// Puts an RTP packet of a consumer on the wire when ``rtpOutput()`` says
    /// `.transmit`; false when it cannot. Default: nowhere to send.
    func transmitRTP(_ bytes: [UInt8], from consumer: WorkerConsumer) -> Bool { false }

    /// Puts an RTCP packet on the wire; false when it cannot. Default: nowhere to send.
    func transmitRTCP(_ bytes: [UInt8]) -> Bool { false }

    /// A producer that closed used `ssrcs`: kinds with SRTP forget their
    /// inbound state of them. Default: nothing kept.
    func producerSsrcsReleased(_ ssrcs: Set<UInt32>) {}

    // MARK: Dump and stats

    /// The base dump; kinds add their fields in ``fillDump(_:)``.
    func dump() -> TransportDump {
        var dump = TransportDump(
            id: id, direct: isDirect, producerIds: producers.ids, consumerIds: consumers.ids,
            maxMessageSize: maxMessageSize, dataProducerIds: dataProducers.ids, dataConsumerIds: dataConsumers.ids,
            sctpParameters: sctpParameters, sctpState: sctpState,
            sctpListener: sctpParameters == nil ? nil : SctpListenerDump(),
            traceEventTypes: traceEventTypes.map(\.rawValue))
        fillMediaDump(&dump)
        fillDataDump(&dump)
        fillDump(&dump)
        return dump
    }

    /// Adds the kind's own dump fields.
    func fillDump(_ dump: inout TransportDump) {}

    /// The stats of a transport; kinds add their fields in ``fillStats(_:)``.
    func stats() -> TransportStats {
        var stats = TransportStats(
            type: Self.statsType, transportId: id, timestamp: Date().timeIntervalSince1970 * 1000)
        stats.sctpState = sctpState
        stats.maxIncomingBitrate = maxIncomingBitrate
        stats.maxOutgoingBitrate = maxOutgoingBitrate
        stats.minOutgoingBitrate = minOutgoingBitrate
        stats.availableOutgoingBitrate = availableOutgoingBitrate
        let now = monotonicMilliseconds()
        stats.bytesReceived = received.bytes
        stats.recvBitrate = received.bitrate(at: now)
        stats.bytesSent = sent.bytes
        stats.sendBitrate = sent.bitrate(at: now)
        stats.rtpBytesReceived = rtpReceived.bytes
        stats.rtpRecvBitrate = rtpReceived.bitrate(at: now)
        stats.rtpBytesSent = rtpSent.bytes
        stats.rtpSendBitrate = rtpSent.bitrate(at: now)
        if let probation = outgoingEstimation?.probation.traffic {
            stats.probationBytesSent = probation.bytes
            stats.probationSendBitrate = probation.bitrate(at: now)
        }
        fillStats(&stats)
        return stats
    }

    func fillStats(_ stats: inout TransportStats) {}

    // MARK: Closing

    /// Closes everything on the transport and unregisters it; kinds release
    /// their sockets in ``closeKind()``.
    func close() {
        stopRtcpReports()
        stopTransportCc()
        stopOutgoingEstimation()
        closeMedia()
        closeData()
        closeSctp()
        closeKind()
        if sctpState != nil { sctpState = .closed }
    }

    func closeKind() {}

    /// Sends an SCTP packet of the association to the peer (in a DTLS record,
    /// or a UDP datagram to the remote tuple); false when it cannot go now.
    func transmitSctp(_ packet: [UInt8]) -> Bool { false }
}
