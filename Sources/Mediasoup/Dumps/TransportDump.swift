/// Header extension ids the transport reads from incoming RTP.
public struct RecvRtpHeaderExtensions: Sendable, Hashable, Codable {
    public var mid: UInt8?
    public var rid: UInt8?
    public var rrid: UInt8?
    public var absSendTime: UInt8?
    public var transportWideCc01: UInt8?
    public init(
        mid: UInt8? = nil, rid: UInt8? = nil, rrid: UInt8? = nil, absSendTime: UInt8? = nil,
        transportWideCc01: UInt8? = nil
    ) {
        self.mid = mid
        self.rid = rid
        self.rrid = rrid
        self.absSendTime = absSendTime
        self.transportWideCc01 = transportWideCc01
    }
}

/// How the transport finds the producer of an incoming RTP packet.
public struct RtpListenerDump: Sendable, Hashable, Codable {
    public var ssrcTable: [KeyValue<UInt32, String>]
    public var midTable: [KeyValue<String, String>]
    public var ridTable: [KeyValue<String, String>]
    public init(
        ssrcTable: [KeyValue<UInt32, String>] = [], midTable: [KeyValue<String, String>] = [],
        ridTable: [KeyValue<String, String>] = []
    ) {
        self.ssrcTable = ssrcTable
        self.midTable = midTable
        self.ridTable = ridTable
    }
}

/// How the transport finds the data producer of an incoming SCTP message.
public struct SctpListenerDump: Sendable, Hashable, Codable {
    public var streamIdTable: [KeyValue<UInt16, String>]
    public init(streamIdTable: [KeyValue<UInt16, String>] = []) { self.streamIdTable = streamIdTable }
}

/// `transport.dump()` for all four transport kinds: the base fields of every
/// transport and, present only for the kind that has them, the others.
public struct TransportDump: Sendable, Hashable, Codable {
    // Base.
    public var id: String
    /// True for a DirectTransport.
    public var direct: Bool
    public var producerIds: [String]
    public var consumerIds: [String]
    public var mapSsrcConsumerId: [KeyValue<UInt32, String>]
    public var mapRtxSsrcConsumerId: [KeyValue<UInt32, String>]
    public var recvRtpHeaderExtensions: RecvRtpHeaderExtensions
    public var rtpListener: RtpListenerDump
    public var maxMessageSize: Int
    public var dataProducerIds: [String]
    public var dataConsumerIds: [String]
    public var sctpParameters: SctpParameters?
    public var sctpState: SctpState?
    public var sctpListener: SctpListenerDump?
    public var traceEventTypes: [String]?

    // WebRtcTransport.
    public var iceRole: IceRole?
    public var iceParameters: IceParameters?
    public var iceCandidates: [IceCandidate]?
    public var iceState: IceState?
    public var iceSelectedTuple: TransportTuple?
    public var dtlsParameters: DtlsParameters?
    public var dtlsState: DtlsState?
    public var dtlsRemoteCert: String?

    // PlainTransport and PipeTransport.
    public var rtcpMux: Bool?
    public var comedia: Bool?
    public var tuple: TransportTuple?
    public var rtcpTuple: TransportTuple?
    public var srtpParameters: SrtpParameters?
    /// PipeTransport: whether RTX is enabled.
    public var rtx: Bool?

    public init(
        id: String, direct: Bool = false, producerIds: [String] = [], consumerIds: [String] = [],
        mapSsrcConsumerId: [KeyValue<UInt32, String>] = [], mapRtxSsrcConsumerId: [KeyValue<UInt32, String>] = [],
        recvRtpHeaderExtensions: RecvRtpHeaderExtensions = .init(), rtpListener: RtpListenerDump = .init(),
        maxMessageSize: Int, dataProducerIds: [String] = [], dataConsumerIds: [String] = [],
        sctpParameters: SctpParameters? = nil, sctpState: SctpState? = nil, sctpListener: SctpListenerDump? = nil,
        traceEventTypes: [String]? = nil
    ) {
        self.id = id
        self.direct = direct
        self.producerIds = producerIds
        self.consumerIds = consumerIds
        self.mapSsrcConsumerId = mapSsrcConsumerId
        self.mapRtxSsrcConsumerId = mapRtxSsrcConsumerId
        self.recvRtpHeaderExtensions = recvRtpHeaderExtensions
        self.rtpListener = rtpListener
        self.maxMessageSize = maxMessageSize
        self.dataProducerIds = dataProducerIds
        self.dataConsumerIds = dataConsumerIds
        self.sctpParameters = sctpParameters
        self.sctpState = sctpState
        self.sctpListener = sctpListener
        self.traceEventTypes = traceEventTypes
    }
}
