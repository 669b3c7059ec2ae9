/// What every transport can do. mediasoup's abstract `Transport`; the four
/// kinds refine it.
public protocol Transport: AnyObject, Sendable {
    /// The transport's id (a UUID), as mediasoup's `transport.id`.
    var id: String { get }
    /// Whether the transport is closed, as mediasoup's `transport.closed`.
    var closed: Bool { get }
    /// Application data, readable and writable: the creation options' `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The transport's events (`routerclose`, `trace` and those of its kind): see ``TransportEvent``.
    var events: EventEmitter<TransportEvent> { get }
    /// The transport's observer events, as mediasoup's `transport.observer`: see
    /// ``TransportObserverEvent``.
    var observer: EventEmitter<TransportObserverEvent> { get }

    /// Closes the transport and everything produced or consumed on it. Idempotent.
    func close()
    /// The worker's view of the transport, with the fields of its kind (mediasoup's `transport.dump()`).
    ///
    /// - Throws: `MediasoupError` when the transport is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> TransportDump
    /// One element, with the counters of the transport's kind.
    func getStats() async throws -> [TransportStats]

    /// 0 removes the limit.
    func setMaxIncomingBitrate(_ bitrate: Int) async throws
    /// 0 removes the limit. - Throws: `MediasoupError` below the minimum.
    func setMaxOutgoingBitrate(_ bitrate: Int) async throws
    /// 0 removes the limit. - Throws: `MediasoupError` above the maximum.
    func setMinOutgoingBitrate(_ bitrate: Int) async throws
    /// Enables `trace` events of the given types (`probation`, `bwe`); `[]` disables them all.
    /// mediasoup's `transport.enableTraceEvent()`.
    ///
    /// - Throws: `MediasoupError` when the transport is closed; `InvalidStateError` when its worker is closed.
    func enableTraceEvent(_ types: [TransportTraceEventType]) async throws

    /// Creates a producer from the endpoint's RTP parameters, as mediasoup's `transport.produce()`; emits
    /// observer `newproducer`.
    ///
    /// - Throws: `TypeError` for an id already used or invalid RTP parameters; `UnsupportedError` for
    ///   codecs the router lacks; `MediasoupError` for a MID, SSRC or RID already used on the transport.
    func produce(_ options: ProducerOptions) async throws -> any Producer
    /// Creates a consumer of a producer of the router, as mediasoup's `transport.consume()`; emits
    /// observer `newconsumer`.
    ///
    /// - Throws: `TypeError` for an empty producer id or invalid capabilities; `MediasoupError` when
    ///   the producer is not in the router; `UnsupportedError` when the capabilities have no codec of it.
    func consume(_ options: ConsumerOptions) async throws -> any Consumer
    /// Creates a data producer (`sctp`, or `direct` on a DirectTransport), as mediasoup's
    /// `transport.produceData()`; emits observer `newdataproducer`.
    ///
    /// - Throws: `TypeError` for an id already used or missing or invalid SCTP stream parameters;
    ///   `MediasoupError` when the worker refuses (stream id in use, SCTP not enabled).
    func produceData(_ options: DataProducerOptions) async throws -> any DataProducer
    /// Creates a data consumer of a data producer of the router, on the next free SCTP stream id (or
    /// `direct`), as mediasoup's `transport.consumeData()`; emits observer `newdataconsumer`.
    ///
    /// - Throws: `TypeError` for an empty data producer id or a transport without SCTP;
    ///   `MediasoupError` when the data producer is not in the router or no stream id is free.
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
    /// Local ICE username fragment and password (ICE-lite), to hand to the endpoint; changed by
    /// `restartIce()`.
    var iceParameters: IceParameters { get }
    /// Local ICE candidates (host), one per listening socket, by decreasing priority.
    var iceCandidates: [IceCandidate] { get }
    /// ICE state: `new`, `connected`, `completed`, `disconnected` or `closed`.
    var iceState: IceState { get }
    /// The tuple ICE selected for media; nil until then and after close.
    var iceSelectedTuple: TransportTuple? { get }
    /// Local DTLS role and certificate fingerprints; the role is `auto` until `connect()` settles it.
    var dtlsParameters: DtlsParameters { get }
    /// DTLS state: `new`, `connecting`, `connected`, `failed` or `closed`.
    var dtlsState: DtlsState { get }
    /// The remote certificate (PEM) once DTLS is connected.
    var dtlsRemoteCert: String? { get }
    /// The SCTP association's parameters; nil unless SCTP is enabled.
    var sctpParameters: SctpParameters? { get }
    /// SCTP state: `new`, `connecting`, `connected`, `failed` or `closed`; nil unless SCTP is enabled.
    var sctpState: SctpState? { get }

    /// Gives the remote DTLS parameters. A second call is a `MediasoupError`.
    func connect(dtlsParameters: DtlsParameters) async throws
    /// New local ICE credentials.
    func restartIce() async throws -> IceParameters
}

/// A transport of plain RTP/RTCP (optionally SRTP) to any endpoint.
public protocol PlainTransport: Transport {
    /// Local address and port, plus the remote ones once known (after `connect()`, or with comedia).
    var tuple: TransportTuple { get }
    /// The separate RTCP tuple; nil when RTCP is multiplexed (`rtcpMux`).
    var rtcpTuple: TransportTuple? { get }
    /// The SCTP association's parameters; nil unless SCTP is enabled.
    var sctpParameters: SctpParameters? { get }
    /// SCTP state: `new`, `connecting`, `connected`, `failed` or `closed`; nil unless SCTP is enabled.
    var sctpState: SctpState? { get }
    /// Local SRTP crypto suite and key, to give the remote side; nil unless SRTP is enabled.
    var srtpParameters: SrtpParameters? { get }

    /// Gives the remote address (unless comedia) and SRTP keys.
    func connect(_ parameters: PlainTransportConnectParameters) async throws
}

/// Remote side of a PlainTransport.
public struct PlainTransportConnectParameters: Sendable, Hashable, Codable {
    /// The remote IP address (not needed with comedia).
    public var ip: String?
    /// The remote RTP port (not needed with comedia).
    public var port: UInt16?
    /// Required when RTCP is not multiplexed.
    public var rtcpPort: UInt16?
    /// Required when SRTP is enabled, refused otherwise.
    public var srtpParameters: SrtpParameters?
    /// The remote side's address, RTCP port and SRTP parameters, as needed.
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
    /// Local address and port, plus the remote ones after `connect()`.
    var tuple: TransportTuple { get }
    /// The SCTP association's parameters; nil unless SCTP is enabled.
    var sctpParameters: SctpParameters? { get }
    /// SCTP state: `new`, `connecting`, `connected`, `failed` or `closed`; nil unless SCTP is enabled.
    var sctpState: SctpState? { get }
    /// Local SRTP parameters (AEAD_AES_256_GCM), to give the other pipe transport; nil unless SRTP is
    /// enabled.
    var srtpParameters: SrtpParameters? { get }

    /// Gives the other pipe transport's address and port, and its SRTP parameters when SRTP is enabled.
    ///
    /// - Throws: `TypeError` for an invalid address or port, or SRTP parameters missing, invalid or not
    ///   expected; `MediasoupError` on a second call.
    func connect(_ parameters: PipeTransportConnectParameters) async throws
    /// Consumes a producer whole (every encoding) to pipe it to another router.
    func consume(_ options: PipeConsumerOptions) async throws -> any Consumer
}

/// Remote side of a PipeTransport.
public struct PipeTransportConnectParameters: Sendable, Hashable, Codable {
    /// The other pipe transport's IP address (its `tuple.localAddress`).
    public var ip: String
    /// The other pipe transport's port (its `tuple.localPort`).
    public var port: UInt16
    /// Required when SRTP is enabled (AEAD_AES_256_GCM only), refused otherwise.
    public var srtpParameters: SrtpParameters?
    /// The other pipe transport's address and port, with its SRTP parameters when SRTP is enabled.
    public init(ip: String, port: UInt16, srtpParameters: SrtpParameters? = nil) {
        self.ip = ip
        self.port = port
        self.srtpParameters = srtpParameters
    }
}

/// Options of `pipeTransport.consume()`.
public struct PipeConsumerOptions: Sendable, Hashable, Codable {
    /// Id of the producer of the router to pipe.
    public var producerId: String
    /// Application data for the pipe consumer. Default `[:]`.
    public var appData: AppData?
    /// Options to pipe `producerId`.
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
