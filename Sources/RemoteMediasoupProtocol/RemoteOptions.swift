import Mediasoup

/// `WebRtcTransportOptions` on the wire: the WebRtcServer travels as its id.
public struct RemoteWebRtcTransportOptions: Sendable, Hashable, Codable {
    public var webRtcServerId: String?
    public var listenInfos: [TransportListenInfo]?
    public var listenIps: [TransportListenIp]?
    public var port: UInt16?
    public var enableUdp: Bool?
    public var enableTcp: Bool?
    public var preferUdp: Bool?
    public var preferTcp: Bool?
    public var iceConsentTimeout: Int?
    public var initialAvailableOutgoingBitrate: Int?
    public var enableSctp: Bool?
    public var numSctpStreams: NumSctpStreams?
    public var maxSctpMessageSize: Int?
    public var sctpSendBufferSize: Int?
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
    public var producerId: String?
    public var dataProducerId: String?
    public var routerId: String?
    public var listenInfo: TransportListenInfo?
    public var listenIp: TransportListenIp?
    public var enableSctp: Bool?
    public var numSctpStreams: NumSctpStreams?
    public var enableRtx: Bool?
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
    public var pipeConsumer: ObjectSnapshot?
    public var pipeProducer: ObjectSnapshot?
    public var pipeDataConsumer: ObjectSnapshot?
    public var pipeDataProducer: ObjectSnapshot?

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
