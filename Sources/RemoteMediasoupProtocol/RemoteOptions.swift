import Mediasoup

/// `WebRtcTransportOptions` on the wire: the WebRtcServer travels as its id.
public struct RemoteWebRtcTransportOptions: Sendable, Hashable, Codable {
    /// The id of the WebRtcServer to listen through (the contract's `webRtcServer`).
    public var webRtcServerId: String?
    /// Own sockets, one candidate each, in this order.
    public var listenInfos: [TransportListenInfo]?
    /// Deprecated: own sockets on these IPs (UDP and/or TCP per the flags).
    public var listenIps: [TransportListenIp]?
    /// Deprecated, with ``listenIps``: a fixed port.
    public var port: UInt16?
    /// Whether to use UDP. Default true.
    public var enableUdp: Bool?
    /// Whether to use TCP. Default true with a WebRtcServer, false otherwise.
    public var enableTcp: Bool?
    /// Whether to prefer UDP. Default false.
    public var preferUdp: Bool?
    /// Whether to prefer TCP. Default false.
    public var preferTcp: Bool?
    /// Seconds without ICE consent before the transport disconnects. Default 30.
    public var iceConsentTimeout: Int?
    /// The initial available outgoing bitrate. Default 600000 bps.
    public var initialAvailableOutgoingBitrate: Int?
    /// Whether to enable SCTP (data channels). Default false.
    public var enableSctp: Bool?
    /// The SCTP streams `{OS, MIS}`. Default 1024 each.
    public var numSctpStreams: NumSctpStreams?
    /// The largest SCTP message, in bytes. Default 262144.
    public var maxSctpMessageSize: Int?
    /// The SCTP send buffer size, in bytes. Default 262144.
    public var sctpSendBufferSize: Int?
    /// The transport's `appData`.
    public var appData: AppData?

    /// The wire form of the contract's options.
    public init(_ options: WebRtcTransportOptions) {
        webRtcServerId = options.webRtcServer?.id
        listenInfos = options.listenInfos
        listenIps = options.listenIps
        port = options.port
        enableUdp = options.enableUdp
        enableTcp = options.enableTcp
        preferUdp = options.preferUdp
        preferTcp = options.preferTcp
        iceConsentTimeout = options.iceConsentTimeout
        initialAvailableOutgoingBitrate = options.initialAvailableOutgoingBitrate
        enableSctp = options.enableSctp
        numSctpStreams = options.numSctpStreams
        maxSctpMessageSize = options.maxSctpMessageSize
        sctpSendBufferSize = options.sctpSendBufferSize
        appData = options.appData
    }

    /// The contract's options, with the server that ``webRtcServerId`` names.
    public func contractOptions(webRtcServer: (any WebRtcServer)?) -> WebRtcTransportOptions {
        WebRtcTransportOptions(
            webRtcServer: webRtcServer, listenInfos: listenInfos, listenIps: listenIps, port: port,
            enableUdp: enableUdp, enableTcp: enableTcp, preferUdp: preferUdp, preferTcp: preferTcp,
            iceConsentTimeout: iceConsentTimeout, initialAvailableOutgoingBitrate: initialAvailableOutgoingBitrate,
            enableSctp: enableSctp, numSctpStreams: numSctpStreams, maxSctpMessageSize: maxSctpMessageSize,
            sctpSendBufferSize: sctpSendBufferSize, appData: appData)
    }
}

/// `PipeToRouterOptions` on the wire: the destination router travels as its id.
public struct RemotePipeToRouterOptions: Sendable, Hashable, Codable {
    /// The producer to pipe (or ``dataProducerId``).
    public var producerId: String?
    /// The data producer to pipe (or ``producerId``).
    public var dataProducerId: String?
    /// The id of the destination router (the contract's `router`).
    public var routerId: String?
    /// Where both pipe transports listen. Default UDP on 127.0.0.1.
    public var listenInfo: TransportListenInfo?
    /// Deprecated form of ``listenInfo``.
    public var listenIp: TransportListenIp?
    /// Whether the pipe transports enable SCTP. Default true.
    public var enableSctp: Bool?
    /// The pipe transports' SCTP streams `{OS, MIS}`. Default 1024 each.
    public var numSctpStreams: NumSctpStreams?
    /// Whether the pipe transports enable RTX. Default false.
    public var enableRtx: Bool?
    /// Whether the pipe transports enable SRTP. Default false.
    public var enableSrtp: Bool?

    /// The wire form of the contract's options.
    public init(_ options: PipeToRouterOptions) {
        producerId = options.producerId
        dataProducerId = options.dataProducerId
        routerId = options.router?.id
        listenInfo = options.listenInfo
        listenIp = options.listenIp
        enableSctp = options.enableSctp
        numSctpStreams = options.numSctpStreams
        enableRtx = options.enableRtx
        enableSrtp = options.enableSrtp
    }

    /// The contract's options, with the router that ``routerId`` names.
    public func contractOptions(router: (any Router)?) -> PipeToRouterOptions {
        PipeToRouterOptions(
            producerId: producerId, dataProducerId: dataProducerId, router: router, listenInfo: listenInfo,
            listenIp: listenIp, enableSctp: enableSctp, numSctpStreams: numSctpStreams, enableRtx: enableRtx,
            enableSrtp: enableSrtp)
    }
}

/// What `Router.pipeToRouter` answers: the snapshots of the objects it created.
public struct RemotePipeToRouterResult: Sendable, Hashable, Codable {
    /// The consumer created in the source router, when piping a producer.
    public var pipeConsumer: ObjectSnapshot?
    /// The producer created in the destination router, when piping a producer.
    public var pipeProducer: ObjectSnapshot?
    /// The data consumer created in the source router, when piping a data producer.
    public var pipeDataConsumer: ObjectSnapshot?
    /// The data producer created in the destination router, when piping a data producer.
    public var pipeDataProducer: ObjectSnapshot?

    /// The snapshots of the objects `pipeToRouter` created; nil for the others.
    public init(
        pipeConsumer: ObjectSnapshot? = nil, pipeProducer: ObjectSnapshot? = nil,
        pipeDataConsumer: ObjectSnapshot? = nil, pipeDataProducer: ObjectSnapshot? = nil
    ) {
        self.pipeConsumer = pipeConsumer
        self.pipeProducer = pipeProducer
        self.pipeDataConsumer = pipeDataConsumer
        self.pipeDataProducer = pipeDataProducer
    }
}
