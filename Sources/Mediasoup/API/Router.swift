/// A room: routes media and data between the transports it holds. Lives in
/// one worker. mediasoup's `Router`.
public protocol Router: AnyObject, Sendable {
    /// The router's id (a UUID), as mediasoup's `router.id`.
    var id: String { get }
    /// Whether the router is closed, as mediasoup's `router.closed`.
    var closed: Bool { get }
    /// What the router can route; hand it to clients unchanged.
    var rtpCapabilities: RtpCapabilities { get }
    /// Application data, readable and writable: the ``RouterOptions`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The router's events (`workerclose`): see ``RouterEvent``.
    var events: EventEmitter<RouterEvent> { get }
    /// The router's observer events (`close`, `newtransport`, `newrtpobserver`), as mediasoup's
    /// `router.observer`.
    var observer: EventEmitter<RouterObserverEvent> { get }
    /// The router's live transports (mediasoup's `transportsForTesting`).
    var transportsForTesting: [any Transport] { get }

    /// Closes the router, its transports and RTP observers. Idempotent.
    func close()
    /// The worker's view of the router: transport and RTP observer ids and the producer/consumer maps
    /// (mediasoup's `router.dump()`).
    ///
    /// - Throws: `MediasoupError` when the router is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> RouterDump

    /// Creates a WebRtcTransport, as mediasoup's `router.createWebRtcTransport()`; emits observer
    /// `newtransport`.
    ///
    /// - Throws: `TypeError` when none or all three of `webRtcServer`, `listenInfos` and `listenIps`
    ///   are given, or for invalid listen options; `MediasoupError` when a socket cannot be bound.
    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport
    /// Creates a PlainTransport, as mediasoup's `router.createPlainTransport()`; emits observer
    /// `newtransport`.
    ///
    /// - Throws: `TypeError` when neither or both of `listenInfo` and `listenIp` are given, or for an
    ///   invalid IP or port range; `MediasoupError` when the socket cannot be bound.
    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport
    /// Creates a PipeTransport, as mediasoup's `router.createPipeTransport()`; emits observer
    /// `newtransport`.
    ///
    /// - Throws: `TypeError` when neither or both of `listenInfo` and `listenIp` are given, for TCP, or
    ///   for an invalid IP or port range; `MediasoupError` when the socket cannot be bound.
    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport
    /// Creates a DirectTransport, as mediasoup's `router.createDirectTransport()`; emits observer
    /// `newtransport`.
    ///
    /// - Throws: `TypeError` for a negative `maxMessageSize`; `InvalidStateError` when the worker is
    ///   closed.
    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport

    /// Pipes a producer or data producer into another router (usually in
    /// another worker), creating the pair of PipeTransports between the two
    /// routers once and reusing it.
    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult

    /// Creates an ActiveSpeakerObserver, as mediasoup's `router.createActiveSpeakerObserver()`; emits
    /// observer `newrtpobserver`.
    ///
    /// - Throws: `MediasoupError` when the router is closed; `InvalidStateError` when its worker is closed.
    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    /// Creates an AudioLevelObserver, as mediasoup's `router.createAudioLevelObserver()`; emits observer
    /// `newrtpobserver`.
    ///
    /// - Throws: `TypeError` when `maxEntries` is not positive or `threshold` is outside -127...0 dBov.
    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws -> any AudioLevelObserver

    /// Whether a consumer with these capabilities could consume the producer.
    /// False for an unknown producer or invalid capabilities.
    func canConsume(producerId: String, rtpCapabilities: RtpCapabilities) -> Bool

    /// Replaces the router's media codecs (mediasoup 3.17).
    func updateMediaCodecs(_ mediaCodecs: [RtpCodecCapability]) throws
}

extension Router {
    /// Creates a DirectTransport with default options (`maxMessageSize` 262144 bytes).
    ///
    /// - Throws: `InvalidStateError` when the worker is closed.
    public func createDirectTransport() async throws -> any DirectTransport {
        try await createDirectTransport(DirectTransportOptions())
    }

    /// Creates an ActiveSpeakerObserver with default options (`interval` 300 ms).
    ///
    /// - Throws: `InvalidStateError` when the worker is closed.
    public func createActiveSpeakerObserver() async throws -> any ActiveSpeakerObserver {
        try await createActiveSpeakerObserver(ActiveSpeakerObserverOptions())
    }

    /// Creates an AudioLevelObserver with default options (`maxEntries` 1, `threshold` -80 dBov,
    /// `interval` 1000 ms).
    ///
    /// - Throws: `InvalidStateError` when the worker is closed.
    public func createAudioLevelObserver() async throws -> any AudioLevelObserver {
        try await createAudioLevelObserver(AudioLevelObserverOptions())
    }
}

/// Options of `worker.createRouter()`.
public struct RouterOptions: Sendable, Hashable, Codable {
    /// The codecs the router routes; see ``ORTC/generateRouterRtpCapabilities(mediaCodecs:)``.
    public var mediaCodecs: [RtpCodecCapability]?
    /// Application data for the router. Default `[:]`.
    public var appData: AppData?
    /// Options with the router's media codecs (none when nil) and application data.
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
    /// Put UDP candidates first (with `listenIps` or a WebRtcServer). Default false.
    public var preferUdp: Bool?
    /// Put TCP candidates first (with `listenIps` or a WebRtcServer). Default false.
    public var preferTcp: Bool?
    /// Seconds without ICE consent before the transport disconnects. Default 30.
    public var iceConsentTimeout: Int?
    /// Default 600000 bps.
    public var initialAvailableOutgoingBitrate: Int?
    /// Open an SCTP association for data channels. Default false.
    public var enableSctp: Bool?
    /// SCTP streams offered (OS and MIS). Default 1024 each.
    public var numSctpStreams: NumSctpStreams?
    /// Default 262144.
    public var maxSctpMessageSize: Int?
    /// Default 262144.
    public var sctpSendBufferSize: Int?
    /// Application data for the transport. Default `[:]`.
    public var appData: AppData?

    /// Options of a WebRtcTransport: give exactly one of `webRtcServer`, `listenInfos` or `listenIps`;
    /// nil fields take mediasoup's defaults.
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
    /// The socket to listen on: RTP, and RTCP too unless `rtcpListenInfo` is given.
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
    /// Open an SCTP association for data. Default false.
    public var enableSctp: Bool?
    /// SCTP streams offered (OS and MIS). Default 1024 each.
    public var numSctpStreams: NumSctpStreams?
    /// Largest SCTP message in bytes. Default 262144.
    public var maxSctpMessageSize: Int?
    /// SCTP send buffer in bytes. Default 262144.
    public var sctpSendBufferSize: Int?
    /// Protect RTP and RTCP with SRTP; keys are exchanged through `srtpParameters` and `connect()`.
    /// Default false.
    public var enableSrtp: Bool?
    /// Default `AES_CM_128_HMAC_SHA1_80`.
    public var srtpCryptoSuite: SrtpCryptoSuite?
    /// Application data for the transport. Default `[:]`.
    public var appData: AppData?

    /// Options of a PlainTransport: give exactly one of `listenInfo` or `listenIp`; nil fields take
    /// mediasoup's defaults.
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
    /// The UDP socket to listen on.
    public var listenInfo: TransportListenInfo?
    /// Deprecated form of `listenInfo` (UDP).
    public var listenIp: TransportListenIp?
    /// Deprecated, with `listenIp`: a fixed port.
    public var port: UInt16?
    /// Open an SCTP association for data. Default false.
    public var enableSctp: Bool?
    /// SCTP streams offered (OS and MIS). Default 1024 each.
    public var numSctpStreams: NumSctpStreams?
    /// Default 268435456.
    public var maxSctpMessageSize: Int?
    /// Default 268435456.
    public var sctpSendBufferSize: Int?
    /// Retransmissions between the routers. Default false.
    public var enableRtx: Bool?
    /// SRTP (AEAD_AES_256_GCM) between the routers. Default false.
    public var enableSrtp: Bool?
    /// Application data for the transport. Default `[:]`.
    public var appData: AppData?

    /// Options of a PipeTransport: give exactly one of `listenInfo` or `listenIp`; nil fields take
    /// mediasoup's defaults.
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
    /// Largest data message in bytes. Default ``defaultMaxMessageSize``; negative is a `TypeError`.
    public var maxMessageSize: Int?
    /// mediasoup's default maxMessageSize of a DirectTransport.
    public static let defaultMaxMessageSize = 262_144
    /// Application data for the transport. Default `[:]`.
    public var appData: AppData?
    /// Options of a DirectTransport; nil fields take mediasoup's defaults.
    public init(maxMessageSize: Int? = nil, appData: AppData? = nil) {
        self.maxMessageSize = maxMessageSize
        self.appData = appData
    }
}

/// Options of `router.pipeToRouter()`. Give exactly one of ``producerId`` or ``dataProducerId``.
public struct PipeToRouterOptions: Sendable {
    /// The producer of this router to pipe.
    public var producerId: String?
    /// The data producer of this router to pipe.
    public var dataProducerId: String?
    /// The destination router.
    public var router: (any Router)?
    /// Where both pipe transports listen. Default UDP on 127.0.0.1.
    public var listenInfo: TransportListenInfo?
    /// Deprecated form of ``listenInfo``.
    public var listenIp: TransportListenIp?
    /// Default true.
    public var enableSctp: Bool?
    /// SCTP streams of the pipe transports (OS and MIS). Default 1024 each.
    public var numSctpStreams: NumSctpStreams?
    /// Retransmissions (RTX) between the routers. Default false.
    public var enableRtx: Bool?
    /// SRTP between the routers. Default false.
    public var enableSrtp: Bool?

    /// Options to pipe `producerId` or `dataProducerId` into `router`; nil fields take mediasoup's
    /// defaults.
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
    /// The pipe consumer created in this router (media); nil when piping a data producer.
    public var pipeConsumer: (any Consumer)?
    /// The producer created in the destination router, with the original producer's id (media); nil
    /// when piping a data producer.
    public var pipeProducer: (any Producer)?
    /// The data consumer created in this router (data); nil when piping a producer.
    public var pipeDataConsumer: (any DataConsumer)?
    /// The data producer created in the destination router, with the original id (data); nil when
    /// piping a producer.
    public var pipeDataProducer: (any DataProducer)?
    /// A result holding the media pair or the data pair.
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
