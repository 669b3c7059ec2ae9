/// Header extension ids the transport reads from incoming RTP.
public struct RecvRtpHeaderExtensions: Sendable, Hashable, Codable {
    /// Id of the MID extension (`urn:ietf:params:rtp-hdrext:sdes:mid`); absent when no producer uses it.
    public var mid: UInt8?
    /// Id of the RID extension (`urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id`); absent when no producer uses it.
    public var rid: UInt8?
    /// Id of the repaired RID extension (`…:sdes:repaired-rtp-stream-id`); absent when no producer uses it.
    public var rrid: UInt8?
    /// Id of the `abs-send-time` extension; absent when no producer uses it.
    public var absSendTime: UInt8?
    /// Id of the `transport-wide-cc-extensions-01` extension; absent when no producer uses it.
    public var transportWideCc01: UInt8?
    /// Creates the set of ids; each defaults to absent.
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
    /// `{key: SSRC, value: producer id}` entries for the SSRCs the producers declare.
    public var ssrcTable: [KeyValue<UInt32, String>]
    /// `{key: MID, value: producer id}` entries, one per producer with a MID.
    public var midTable: [KeyValue<String, String>]
    /// `{key: RID, value: producer id}` entries for the encodings identified by RID.
    public var ridTable: [KeyValue<String, String>]
    /// Creates the tables; each defaults to empty.
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
    /// `{key: SCTP stream id, value: data producer id}` entries.
    public var streamIdTable: [KeyValue<UInt16, String>]
    /// Creates the table; it defaults to empty.
    public init(streamIdTable: [KeyValue<UInt16, String>] = []) { self.streamIdTable = streamIdTable }
}

/// `transport.dump()` for all four transport kinds: the base fields of every
/// transport and, present only for the kind that has them, the others.
public struct TransportDump: Sendable, Hashable, Codable {
    // Base.
    /// Id of the transport.
    public var id: String
    /// True for a DirectTransport.
    public var direct: Bool
    /// Ids of the producers on the transport.
    public var producerIds: [String]
    /// Ids of the consumers on the transport.
    public var consumerIds: [String]
    /// `{key: SSRC, value: consumer id}` for the media SSRCs the consumers send with.
    public var mapSsrcConsumerId: [KeyValue<UInt32, String>]
    /// `{key: RTX SSRC, value: consumer id}` for the RTX SSRCs the consumers send with.
    public var mapRtxSsrcConsumerId: [KeyValue<UInt32, String>]
    /// Ids of the header extensions the transport reads from incoming RTP.
    public var recvRtpHeaderExtensions: RecvRtpHeaderExtensions
    /// Tables that route incoming RTP to producers by SSRC, MID and RID.
    public var rtpListener: RtpListenerDump
    /// Largest data message accepted, in bytes (the SCTP or DirectTransport `maxMessageSize`).
    public var maxMessageSize: Int
    /// Ids of the data producers on the transport.
    public var dataProducerIds: [String]
    /// Ids of the data consumers on the transport.
    public var dataConsumerIds: [String]
    /// SCTP parameters (`port`, `OS`, `MIS`, `maxMessageSize`, …); absent when SCTP is not enabled.
    public var sctpParameters: SctpParameters?
    /// SCTP association state; absent when SCTP is not enabled.
    public var sctpState: SctpState?
    /// Table that routes incoming SCTP streams to data producers; absent when SCTP is not enabled.
    public var sctpListener: SctpListenerDump?
    /// Trace event types enabled with `enableTraceEvent` (`probation`, `bwe`).
    public var traceEventTypes: [String]?

    // WebRtcTransport.
    /// WebRtcTransport: ICE role, always `controlled` (mediasoup is ICE Lite); absent for other kinds.
    public var iceRole: IceRole?
    /// WebRtcTransport: local `usernameFragment`, `password` and `iceLite`; absent for other kinds.
    public var iceParameters: IceParameters?
    /// WebRtcTransport: local ICE candidates; absent for other kinds.
    public var iceCandidates: [IceCandidate]?
    /// WebRtcTransport: ICE state; absent for other kinds.
    public var iceState: IceState?
    /// WebRtcTransport: the tuple ICE selected; absent until there is one, and for other kinds.
    public var iceSelectedTuple: TransportTuple?
    /// WebRtcTransport: local DTLS role and certificate fingerprints; absent for other kinds.
    public var dtlsParameters: DtlsParameters?
    /// WebRtcTransport: DTLS state; absent for other kinds.
    public var dtlsState: DtlsState?
    /// WebRtcTransport: the remote DTLS certificate; declared as in mediasoup, whose dumps leave it absent.
    public var dtlsRemoteCert: String?

    // PlainTransport and PipeTransport.
    /// PlainTransport: whether RTP and RTCP share one port; absent for other kinds.
    public var rtcpMux: Bool?
    /// PlainTransport: whether the remote address is learned from the first packet; absent for other kinds.
    public var comedia: Bool?
    /// PlainTransport and PipeTransport: local address and port, plus the remote ones once known.
    public var tuple: TransportTuple?
    /// PlainTransport without `rtcpMux`: the RTCP tuple; absent otherwise.
    public var rtcpTuple: TransportTuple?
    /// PlainTransport and PipeTransport: local SRTP `cryptoSuite` and `keyBase64`; absent when SRTP is not enabled.
    public var srtpParameters: SrtpParameters?
    /// PipeTransport: whether RTX is enabled.
    public var rtx: Bool?

    /// Creates the base fields of a transport dump; the kind-specific fields start absent.
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
