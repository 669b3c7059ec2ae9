/// One element of `transport.getStats()` for all four transport kinds: the base
/// counters and, present only for the kind that has them, the others.
public struct TransportStats: Sendable, Hashable, Codable {
    /// `webrtc-transport`, `plain-rtp-transport`, `pipe-transport` or `direct-transport`.
    public var type: String
    /// Id of the transport.
    public var transportId: String
    /// Milliseconds since the epoch.
    public var timestamp: Double
    /// SCTP association state; absent when SCTP is not enabled.
    public var sctpState: SctpState?
    /// Bytes received by the transport, all traffic included.
    public var bytesReceived: Int
    /// Receive bitrate over the last second, in bits per second.
    public var recvBitrate: Int
    /// Bytes sent by the transport, all traffic included.
    public var bytesSent: Int
    /// Send bitrate over the last second, in bits per second.
    public var sendBitrate: Int
    /// Bytes of RTP media received.
    public var rtpBytesReceived: Int
    /// RTP media receive bitrate over the last second, in bits per second.
    public var rtpRecvBitrate: Int
    /// Bytes of RTP media sent.
    public var rtpBytesSent: Int
    /// RTP media send bitrate over the last second, in bits per second.
    public var rtpSendBitrate: Int
    /// Bytes of RTX retransmissions received.
    public var rtxBytesReceived: Int
    /// RTX receive bitrate over the last second, in bits per second.
    public var rtxRecvBitrate: Int
    /// Bytes of RTX retransmissions sent.
    public var rtxBytesSent: Int
    /// RTX send bitrate over the last second, in bits per second.
    public var rtxSendBitrate: Int
    /// Bytes of bandwidth probation packets sent.
    public var probationBytesSent: Int
    /// Probation send bitrate over the last second, in bits per second.
    public var probationSendBitrate: Int
    /// Outgoing bitrate the bandwidth estimator allows, in bits per second; absent without send-side estimation.
    public var availableOutgoingBitrate: Int?
    /// Incoming bitrate estimated for the remote sender, in bits per second; absent without receive-side estimation.
    public var availableIncomingBitrate: Int?
    /// Limit set with `setMaxIncomingBitrate`, in bits per second; absent when none is set.
    public var maxIncomingBitrate: Int?
    /// Limit set with `setMaxOutgoingBitrate`, in bits per second; absent when none is set.
    public var maxOutgoingBitrate: Int?
    /// Floor set with `setMinOutgoingBitrate`, in bits per second; absent when none is set.
    public var minOutgoingBitrate: Int?
    /// Recent loss ratio (0 to 1) of the RTP received; absent without receive-side bandwidth estimation.
    public var rtpPacketLossReceived: Double?
    /// Recent loss ratio (0 to 1) of the RTP sent, from the remote's feedback; absent without send-side estimation.
    public var rtpPacketLossSent: Double?

    // WebRtcTransport.
    /// WebRtcTransport: ICE role, always `controlled`; absent for other kinds.
    public var iceRole: IceRole?
    /// WebRtcTransport: ICE state; absent for other kinds.
    public var iceState: IceState?
    /// WebRtcTransport: the tuple ICE selected; absent until there is one, and for other kinds.
    public var iceSelectedTuple: TransportTuple?
    /// WebRtcTransport: DTLS state; absent for other kinds.
    public var dtlsState: DtlsState?

    // PlainTransport (tuple also PipeTransport).
    /// PlainTransport: whether RTP and RTCP share one port; absent for other kinds.
    public var rtcpMux: Bool?
    /// PlainTransport: whether the remote address is learned from the first packet; absent for other kinds.
    public var comedia: Bool?
    /// PlainTransport and PipeTransport: local address and port, plus the remote ones once known.
    public var tuple: TransportTuple?
    /// PlainTransport without `rtcpMux`: the RTCP tuple, once the remote RTCP address is known.
    public var rtcpTuple: TransportTuple?

    /// A fresh transport's stats: every counter zero.
    public init(type: String, transportId: String, timestamp: Double) {
        self.type = type
        self.transportId = transportId
        self.timestamp = timestamp
        bytesReceived = 0
        recvBitrate = 0
        bytesSent = 0
        sendBitrate = 0
        rtpBytesReceived = 0
        rtpRecvBitrate = 0
        rtpBytesSent = 0
        rtpSendBitrate = 0
        rtxBytesReceived = 0
        rtxRecvBitrate = 0
        rtxBytesSent = 0
        rtxSendBitrate = 0
        probationBytesSent = 0
        probationSendBitrate = 0
    }
}
