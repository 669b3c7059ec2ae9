/// One element of `transport.getStats()` for all four transport kinds: the base
/// counters and, present only for the kind that has them, the others.
public struct TransportStats: Sendable, Hashable, Codable {
    /// `webrtc-transport`, `plain-rtp-transport`, `pipe-transport` or `direct-transport`.
    public var type: String
    public var transportId: String
    /// Milliseconds since the epoch.
    public var timestamp: Double
    public var sctpState: SctpState?
    public var bytesReceived: Int
    public var recvBitrate: Int
    public var bytesSent: Int
    public var sendBitrate: Int
    public var rtpBytesReceived: Int
    public var rtpRecvBitrate: Int
    public var rtpBytesSent: Int
    public var rtpSendBitrate: Int
    public var rtxBytesReceived: Int
    public var rtxRecvBitrate: Int
    public var rtxBytesSent: Int
    public var rtxSendBitrate: Int
    public var probationBytesSent: Int
    public var probationSendBitrate: Int
    public var availableOutgoingBitrate: Int?
    public var availableIncomingBitrate: Int?
    public var maxIncomingBitrate: Int?
    public var maxOutgoingBitrate: Int?
    public var minOutgoingBitrate: Int?
    public var rtpPacketLossReceived: Double?
    public var rtpPacketLossSent: Double?

    // WebRtcTransport.
    public var iceRole: IceRole?
    public var iceState: IceState?
    public var iceSelectedTuple: TransportTuple?
    public var dtlsState: DtlsState?

    // PlainTransport (tuple also PipeTransport).
    public var rtcpMux: Bool?
    public var comedia: Bool?
    public var tuple: TransportTuple?
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
