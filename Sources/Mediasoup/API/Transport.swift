/// What every transport can do. mediasoup's abstract `Transport`; the four
/// kinds refine it.
public protocol Transport: AnyObject, Sendable {
    var id: String { get }
    var closed: Bool { get }
    var appData: AppData { get set }
    var events: EventEmitter<TransportEvent> { get }
    var observer: EventEmitter<TransportObserverEvent> { get }

    /// Closes the transport and everything produced or consumed on it. Idempotent.
    func close()
    func dump() async throws -> TransportDump
    /// One element, with the counters of the transport's kind.
    func getStats() async throws -> [TransportStats]

    /// 0 removes the limit.
    func setMaxIncomingBitrate(_ bitrate: Int) async throws
    /// 0 removes the limit. - Throws: ``MediasoupError`` below the minimum.
    func setMaxOutgoingBitrate(_ bitrate: Int) async throws
    /// 0 removes the limit. - Throws: ``MediasoupError`` above the maximum.
    func setMinOutgoingBitrate(_ bitrate: Int) async throws
    func enableTraceEvent(_ types: [TransportTraceEventType]) async throws

    func produce(_ options: ProducerOptions) async throws -> any Producer
    func consume(_ options: ConsumerOptions) async throws -> any Consumer
    func produceData(_ options: DataProducerOptions) async throws -> any DataProducer
    func consumeData(_ options: DataConsumerOptions) async throws -> any DataConsumer
}

extension Transport {
    /// A data producer with default options (DirectTransport).
    public func produceData() async throws -> any DataProducer {
        try await produceData(DataProducerOptions())
    }
}

/// A transport to a WebRTC endpoint: ICE-lite, DTLS, SRTP and SCTP.
public protocol WebRtcTransport: Transport {
    /// Always `controlled`.
    var iceRole: IceRole { get }
    var iceParameters: IceParameters { get }
    var iceCandidates: [IceCandidate] { get }
    var iceState: IceState { get }
    var iceSelectedTuple: TransportTuple? { get }
    var dtlsParameters: DtlsParameters { get }
    var dtlsState: DtlsState { get }
    /// The remote certificate (PEM) once DTLS is connected.
    var dtlsRemoteCert: String? { get }
    var sctpParameters: SctpParameters? { get }
    var sctpState: SctpState? { get }

    /// Gives the remote DTLS parameters. A second call is a ``MediasoupError``.
    func connect(dtlsParameters: DtlsParameters) async throws
    /// New local ICE credentials.
    func restartIce() async throws -> IceParameters
}

/// A transport of plain RTP/RTCP (optionally SRTP) to any endpoint.
public protocol PlainTransport: Transport {
    var tuple: TransportTuple { get }
    var rtcpTuple: TransportTuple? { get }
    var sctpParameters: SctpParameters? { get }
    var sctpState: SctpState? { get }
    var srtpParameters: SrtpParameters? { get }

    /// Gives the remote address (unless comedia) and SRTP keys.
    func connect(_ parameters: PlainTransportConnectParameters) async throws
}

/// Remote side of a PlainTransport.
public struct PlainTransportConnectParameters: Sendable, Hashable, Codable {
    public var ip: String?
    public var port: UInt16?
    /// Required when RTCP is not multiplexed.
    public var rtcpPort: UInt16?
    /// Required when SRTP is enabled, refused otherwise.
    public var srtpParameters: SrtpParameters?
    public init(ip: String? = nil, port: UInt16? = nil, rtcpPort: UInt16? = nil, srtpParameters: SrtpParameters? = nil)
    {
        self.ip = ip
        self.port = port
        self.rtcpPort = rtcpPort
        self.srtpParameters = srtpParameters
    }
}

/// A transport between two routers, usually in different workers or hosts.
public protocol PipeTransport: Transport {
    var tuple: TransportTuple { get }
    var sctpParameters: SctpParameters? { get }
    var sctpState: SctpState? { get }
    var srtpParameters: SrtpParameters? { get }

    func connect(_ parameters: PipeTransportConnectParameters) async throws
    /// Consumes a producer whole (every encoding) to pipe it to another router.
    func consume(_ options: PipeConsumerOptions) async throws -> any Consumer
}

/// Remote side of a PipeTransport.
public struct PipeTransportConnectParameters: Sendable, Hashable, Codable {
    public var ip: String
    public var port: UInt16
    /// Required when SRTP is enabled (AEAD_AES_256_GCM only), refused otherwise.
    public var srtpParameters: SrtpParameters?
    public init(ip: String, port: UInt16, srtpParameters: SrtpParameters? = nil) {
        self.ip = ip
        self.port = port
        self.srtpParameters = srtpParameters
    }
}

/// Options of `pipeTransport.consume()`.
public struct PipeConsumerOptions: Sendable, Hashable, Codable {
    public var producerId: String
    public var appData: AppData?
    public init(producerId: String, appData: AppData? = nil) {
        self.producerId = producerId
        self.appData = appData
    }
}

/// A transport to the application itself: producers inject RTP with
/// `producer.send`, consumers deliver it as `rtp` events, data messages go
/// straight through.
public protocol DirectTransport: Transport {
    /// Resolves at once: there is nothing to connect.
    func connect() async throws
    /// Sends an RTCP packet into the router.
    func sendRtcp(_ packet: [UInt8]) throws
}
