/// A room: routes media and data between the transports it holds. Lives in
/// one worker. mediasoup's `Router`.
public protocol Router: AnyObject, Sendable {
    var id: String { get }
    var closed: Bool { get }
    /// What the router can route; hand it to clients unchanged.
    var rtpCapabilities: RtpCapabilities { get }
    var appData: AppData { get set }
    var events: EventEmitter<RouterEvent> { get }
    var observer: EventEmitter<RouterObserverEvent> { get }
    /// The router's live transports (mediasoup's `transportsForTesting`).
    var transportsForTesting: [any Transport] { get }

    /// Closes the router, its transports and RTP observers. Idempotent.
    func close()
    func dump() async throws -> RouterDump

    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport
    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport
    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport
    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport

    /// Pipes a producer or data producer into another router (usually in
    /// another worker), creating the pair of PipeTransports between the two
    /// routers once and reusing it.
    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult

    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws -> any AudioLevelObserver

    /// Whether a consumer with these capabilities could consume the producer.
    /// False for an unknown producer or invalid capabilities.
    func canConsume(producerId: String, rtpCapabilities: RtpCapabilities) -> Bool

    /// Replaces the router's media codecs (mediasoup 3.17).
    func updateMediaCodecs(_ mediaCodecs: [RtpCodecCapability]) throws
}

extension Router {
    public func createDirectTransport() async throws -> any DirectTransport {
        try await createDirectTransport(DirectTransportOptions())
    }

    public func createActiveSpeakerObserver() async throws -> any ActiveSpeakerObserver {
        try await createActiveSpeakerObserver(ActiveSpeakerObserverOptions())
    }

    public func createAudioLevelObserver() async throws -> any AudioLevelObserver {
        try await createAudioLevelObserver(AudioLevelObserverOptions())
    }
}

/// Options of `worker.createRouter()`.
public struct RouterOptions: Sendable, Hashable, Codable {
    /// The codecs the router routes; see ``ORTC/generateRouterRtpCapabilities(mediaCodecs:)``.
    public var mediaCodecs: [RtpCodecCapability]?
    public var appData: AppData?
    public init(mediaCodecs: [RtpCodecCapability]? = nil, appData: AppData? = nil) {
        self.mediaCodecs = mediaCodecs
        self.appData = appData
    }
}

/// Options of `router.createWebRtcTransport()`. Give exactly one of
/// ``webRtcServer``, ``listenInfos`` or ``listenIps``.
public struct WebRtcTransportOptions: Sendable {
    /// Listen through a WebRtcServer's sockets.
    public var webRtcServer: (any WebRtcServer)?
    /// Own sockets, one candidate each, in this order.
    public var listenInfos: [TransportListenInfo]?
    /// Deprecated: own sockets on these IPs (UDP and/or TCP per the flags below).
    public var listenIps: [TransportListenIp]?
    /// Deprecated, with ``listenIps``: a fixed port.
    public var port: UInt16?
    /// Default true.
    public var enableUdp: Bool?
    /// Default true with a WebRtcServer, false otherwise.
    public var enableTcp: Bool?
    public var preferUdp: Bool?
    public var preferTcp: Bool?
    /// Seconds without ICE consent before the transport disconnects. Default 30.
    public var iceConsentTimeout: Int?
    /// Default 600000 bps.
    public var initialAvailableOutgoingBitrate: Int?
    public var enableSctp: Bool?
    public var numSctpStreams: NumSctpStreams?
    /// Default 262144.
    public var maxSctpMessageSize: Int?
    /// Default 262144.
    public var sctpSendBufferSize: Int?
    public var appData: AppData?

    public init(
        webRtcServer: (any WebRtcServer)? = nil, listenInfos: [TransportListenInfo]? = nil,
        listenIps: [TransportListenIp]? = nil, port: UInt16? = nil, enableUdp: Bool? = nil, enableTcp: Bool? = nil,
        preferUdp: Bool? = nil, preferTcp: Bool? = nil, iceConsentTimeout: Int? = nil,
        initialAvailableOutgoingBitrate: Int? = nil, enableSctp: Bool? = nil, numSctpStreams: NumSctpStreams? = nil,
        maxSctpMessageSize: Int? = nil, sctpSendBufferSize: Int? = nil, appData: AppData? = nil
    ) {
        self.webRtcServer = webRtcServer
        self.listenInfos = listenInfos
        self.listenIps = listenIps
        self.port = port
        self.enableUdp = enableUdp
        self.enableTcp = enableTcp
        self.preferUdp = preferUdp
        self.preferTcp = preferTcp
        self.iceConsentTimeout = iceConsentTimeout
        self.initialAvailableOutgoingBitrate = initialAvailableOutgoingBitrate
        self.enableSctp = enableSctp
        self.numSctpStreams = numSctpStreams
        self.maxSctpMessageSize = maxSctpMessageSize
        self.sctpSendBufferSize = sctpSendBufferSize
        self.appData = appData
    }
}

/// Options of `router.createPlainTransport()`. Give exactly one of ``listenInfo`` or ``listenIp``.
public struct PlainTransportOptions: Sendable, Hashable, Codable {
    public var listenInfo: TransportListenInfo?
    /// A separate RTCP socket; forces ``rtcpMux`` off.
    public var rtcpListenInfo: TransportListenInfo?
    /// Deprecated form of ``listenInfo``.
    public var listenIp: TransportListenIp?
    /// Deprecated, with ``listenIp``.
    public var port: UInt16?
    /// RTP and RTCP on one port. Default true.
    public var rtcpMux: Bool?
    /// Learn the remote address from the first packet instead of `connect()`. Default false.
    public var comedia: Bool?
    public var enableSctp: Bool?
    public var numSctpStreams: NumSctpStreams?
    public var maxSctpMessageSize: Int?
    public var sctpSendBufferSize: Int?
    public var enableSrtp: Bool?
    /// Default `AES_CM_128_HMAC_SHA1_80`.
    public var srtpCryptoSuite: SrtpCryptoSuite?
    public var appData: AppData?

    public init(
        listenInfo: TransportListenInfo? = nil, rtcpListenInfo: TransportListenInfo? = nil,
        listenIp: TransportListenIp? = nil, port: UInt16? = nil, rtcpMux: Bool? = nil, comedia: Bool? = nil,
        enableSctp: Bool? = nil, numSctpStreams: NumSctpStreams? = nil, maxSctpMessageSize: Int? = nil,
        sctpSendBufferSize: Int? = nil, enableSrtp: Bool? = nil, srtpCryptoSuite: SrtpCryptoSuite? = nil,
        appData: AppData? = nil
    ) {
        self.listenInfo = listenInfo
        self.rtcpListenInfo = rtcpListenInfo
        self.listenIp = listenIp
        self.port = port
        self.rtcpMux = rtcpMux
        self.comedia = comedia
        self.enableSctp = enableSctp
        self.numSctpStreams = numSctpStreams
        self.maxSctpMessageSize = maxSctpMessageSize
        self.sctpSendBufferSize = sctpSendBufferSize
        self.enableSrtp = enableSrtp
        self.srtpCryptoSuite = srtpCryptoSuite
        self.appData = appData
    }
}

/// Options of `router.createPipeTransport()`. Give exactly one of ``listenInfo``
/// or ``listenIp``; UDP only.
public struct PipeTransportOptions: Sendable, Hashable, Codable {
    public var listenInfo: TransportListenInfo?
    public var listenIp: TransportListenIp?
    public var port: UInt16?
    public var enableSctp: Bool?
    public var numSctpStreams: NumSctpStreams?
    /// Default 268435456.
    public var maxSctpMessageSize: Int?
    /// Default 268435456.
    public var sctpSendBufferSize: Int?
    /// Retransmissions between the routers. Default false.
    public var enableRtx: Bool?
    /// SRTP (AEAD_AES_256_GCM) between the routers. Default false.
    public var enableSrtp: Bool?
    public var appData: AppData?

    public init(
        listenInfo: TransportListenInfo? = nil, listenIp: TransportListenIp? = nil, port: UInt16? = nil,
        enableSctp: Bool? = nil, numSctpStreams: NumSctpStreams? = nil, maxSctpMessageSize: Int? = nil,
        sctpSendBufferSize: Int? = nil, enableRtx: Bool? = nil, enableSrtp: Bool? = nil, appData: AppData? = nil
    ) {
        self.listenInfo = listenInfo
        self.listenIp = listenIp
        self.port = port
        self.enableSctp = enableSctp
        self.numSctpStreams = numSctpStreams
        self.maxSctpMessageSize = maxSctpMessageSize
        self.sctpSendBufferSize = sctpSendBufferSize
        self.enableRtx = enableRtx
        self.enableSrtp = enableSrtp
        self.appData = appData
    }
}

/// Options of `router.createDirectTransport()`.
public struct DirectTransportOptions: Sendable, Hashable, Codable {
    /// Largest data message in bytes. Default ``defaultMaxMessageSize``; negative is a ``TypeError``.
    public var maxMessageSize: Int?
    /// mediasoup's default maxMessageSize of a DirectTransport.
    public static let defaultMaxMessageSize = 262_144
    public var appData: AppData?
    public init(maxMessageSize: Int? = nil, appData: AppData? = nil) {
        self.maxMessageSize = maxMessageSize
        self.appData = appData
    }
}

/// Options of `router.pipeToRouter()`. Give exactly one of ``producerId`` or ``dataProducerId``.
public struct PipeToRouterOptions: Sendable {
    public var producerId: String?
    public var dataProducerId: String?
    /// The destination router.
    public var router: (any Router)?
    /// Where both pipe transports listen. Default UDP on 127.0.0.1.
    public var listenInfo: TransportListenInfo?
    /// Deprecated form of ``listenInfo``.
    public var listenIp: TransportListenIp?
    /// Default true.
    public var enableSctp: Bool?
    public var numSctpStreams: NumSctpStreams?
    public var enableRtx: Bool?
    public var enableSrtp: Bool?

    public init(
        producerId: String? = nil, dataProducerId: String? = nil, router: (any Router)?,
        listenInfo: TransportListenInfo? = nil, listenIp: TransportListenIp? = nil, enableSctp: Bool? = nil,
        numSctpStreams: NumSctpStreams? = nil, enableRtx: Bool? = nil, enableSrtp: Bool? = nil
    ) {
        self.producerId = producerId
        self.dataProducerId = dataProducerId
        self.router = router
        self.listenInfo = listenInfo
        self.listenIp = listenIp
        self.enableSctp = enableSctp
        self.numSctpStreams = numSctpStreams
        self.enableRtx = enableRtx
        self.enableSrtp = enableSrtp
    }
}

/// What `router.pipeToRouter()` created: a pipe consumer in this router and a
/// pipe producer (with the original id) in the other, or their data counterparts.
public struct PipeToRouterResult: Sendable {
    public var pipeConsumer: (any Consumer)?
    public var pipeProducer: (any Producer)?
    public var pipeDataConsumer: (any DataConsumer)?
    public var pipeDataProducer: (any DataProducer)?
    public init(
        pipeConsumer: (any Consumer)? = nil, pipeProducer: (any Producer)? = nil,
        pipeDataConsumer: (any DataConsumer)? = nil, pipeDataProducer: (any DataProducer)? = nil
    ) {
        self.pipeConsumer = pipeConsumer
        self.pipeProducer = pipeProducer
        self.pipeDataConsumer = pipeDataConsumer
        self.pipeDataProducer = pipeDataProducer
    }
}
