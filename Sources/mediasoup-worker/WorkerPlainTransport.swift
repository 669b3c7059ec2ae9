import Mediasoup
import MediasoupChannel
import NIOCore

/// A plain RTP transport inside the worker: one UDP socket for RTP (and RTCP
/// when multiplexed), optionally a second one for RTCP, and optionally SDES
/// SRTP keying. The remote address comes from `connect` or, with comedia,
/// from the first packet received (the media plane calls ``learnRemote(rtcp:ip:port:)``).
final class WorkerPlainTransport: WorkerTransport {
    override class var statsType: String { "plain-rtp-transport" }

    let socket: BoundSocket
    /// The RTCP socket when RTCP is not multiplexed.
    let rtcpSocket: BoundSocket?
    let rtcpMux: Bool
    let comedia: Bool
    /// The local SRTP key; nil without SRTP.
    private(set) var srtp: SrtpKeying?
    /// The remote SRTP key once connected.
    private(set) var remoteSrtpKey: [UInt8]?
    /// The SRTP sessions once connected with SRTP: until then no media flows.
    private(set) var srtpSessions: TransportSrtp?

    override func producerSsrcsReleased(_ ssrcs: Set<UInt32>) {
        for ssrc in ssrcs { srtpSessions?.forgetInbound(ssrc: ssrc) }
    }
    private(set) var tuple: TransportTuple? {
        didSet { remoteAddress = Self.socketAddress(of: tuple) }
    }
    private(set) var rtcpTuple: TransportTuple? {
        didSet { remoteRtcpAddress = Self.socketAddress(of: rtcpTuple) }
    }
    /// The remote ends of ``tuple`` and ``rtcpTuple``, kept as socket
    /// addresses so the packet path neither parses nor formats IP text.
    private(set) var remoteAddress: SocketAddress?
    private(set) var remoteRtcpAddress: SocketAddress?
    private var connectCalled = false
    /// The sockets, adopted into the event loop once the transport exists.
    var rtpChannel: UdpSocketChannel?
    var rtcpChannel: UdpSocketChannel?

    private init(
        router: WorkerRouter, options: TransportBaseOptions, socket: BoundSocket, rtcpSocket: BoundSocket?,
        rtcpMux: Bool, comedia: Bool, srtp: SrtpKeying?
    ) {
        self.socket = socket
        self.rtcpSocket = rtcpSocket
        self.rtcpMux = rtcpMux
        self.comedia = comedia
        self.srtp = srtp
        super.init(router: router, options: options)
        startReceiving()
    }

    /// `router.createPlainTransport`: binds the sockets and makes the SRTP key.
    ///
    /// - Throws: ``TypeError`` for a non-UDP listen info, an invalid IP or a
    ///   reversed port range; ``MediasoupError`` when a socket cannot be bound.
    static func create(_ request: ChannelRequest, router: WorkerRouter) throws -> WorkerPlainTransport {
        let payload = try request.payload(CreatePlainTransportPayload.self)
        guard payload.listenInfo.protocol == .udp else { throw TypeError("unsupported listen protocol") }
        // Without its own listen info, RTCP listens as RTP does (IP, port choice, flags).
        let rtcpListenInfo = payload.rtcpMux ? nil : payload.rtcpListenInfo ?? payload.listenInfo
        if let rtcpListenInfo, rtcpListenInfo.protocol != .udp {
            throw TypeError("unsupported RTCP listen protocol")
        }
        let socket = try SocketBinding.bind(payload.listenInfo, defaultPortRange: router.runtime.defaultPortRange)
        let rtcpSocket: BoundSocket?
        do {
            rtcpSocket = try rtcpListenInfo.map {
                try SocketBinding.bind($0, defaultPortRange: router.runtime.defaultPortRange)
            }
        } catch {
            socket.close()
            throw error
        }
        return WorkerPlainTransport(
            router: router, options: payload.base, socket: socket, rtcpSocket: rtcpSocket, rtcpMux: payload.rtcpMux,
            comedia: payload.comedia, srtp: payload.enableSrtp ? SrtpKeying(cryptoSuite: payload.srtpCryptoSuite) : nil)
    }

    override func handleKind(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .plainTransportConnect:
            return try connect(request.payload(PlainTransportConnectParameters.self)).channelData()
        default:
            return try super.handleKind(request)
        }
    }

    /// Validates everything first, then commits: a refused `connect` changes nothing.
    private func connect(_ parameters: PlainTransportConnectParameters) throws -> PlainTransportConnectResponse {
        guard !connectCalled else { throw MediasoupError("connect() already called") }

        var newSrtp = srtp
        var remoteKey: [UInt8]?
        switch (srtp, parameters.srtpParameters) {
        case (nil, .some):
            throw TypeError("invalid srtpParameters (SRTP not enabled)")
        case (.some, nil):
            throw TypeError("missing srtpParameters (SRTP enabled)")
        case (.some(let local), .some(let remote)):
            // Our crypto suite follows the remote's; a new suite needs a new key of its length.
            remoteKey = try SrtpKeying.remoteKey(remote, suite: remote.cryptoSuite)
            if remote.cryptoSuite != local.cryptoSuite { newSrtp = SrtpKeying(cryptoSuite: remote.cryptoSuite) }
        case (nil, nil):
            break
        }
        var sessions: TransportSrtp?
        if let newSrtp, let remoteKey {
            sessions = try TransportSrtp(suite: newSrtp.cryptoSuite, localKey: newSrtp.key, remoteKey: remoteKey)
        }

        var newTuple: TransportTuple?
        var newRtcpTuple: TransportTuple?
        if !comedia {
            guard let givenIp = parameters.ip else { throw TypeError("missing ip") }
            let ip = try SocketBinding.normalizedIp(givenIp)
            guard let port = parameters.port else { throw TypeError("missing port") }
            if let rtcpPort = parameters.rtcpPort {
                if rtcpMux { throw TypeError("cannot set rtcpPort with rtcpMux enabled") }
                newRtcpTuple = rtcpSocket.map { Self.tuple(of: $0, remoteIp: ip, remotePort: rtcpPort) }
            } else if !rtcpMux {
                throw TypeError("missing rtcpPort (required with rtcpMux disabled)")
            }
            newTuple = Self.tuple(of: socket, remoteIp: ip, remotePort: port)
        }

        connectCalled = true
        srtp = newSrtp
        remoteSrtpKey = remoteKey
        srtpSessions = sessions
        if let newTuple { tuple = newTuple }
        if let newRtcpTuple { rtcpTuple = newRtcpTuple }
        mediaPathOpened()
        if tuple != nil { connectSctp() }
        return PlainTransportConnectResponse(
            tuple: tuple, rtcpTuple: rtcpMux ? nil : rtcpTuple, srtpParameters: srtp?.parameters)
    }

    /// Comedia: the first packet from a remote fixes the RTP (or RTCP) tuple;
    /// the library hears of it (`tuple` / `rtcptuple`).
    func learnRemote(rtcp: Bool, ip: String, port: UInt16) {
        if rtcp {
            guard let rtcpSocket else { return }
            let learned = Self.tuple(of: rtcpSocket, remoteIp: ip, remotePort: port)
            rtcpTuple = learned
            runtime.notify(
                targetId: id, event: PlainPipeTransportNotification.rtcpTuple, data: try? learned.channelData())
        } else {
            let learned = Self.tuple(of: socket, remoteIp: ip, remotePort: port)
            tuple = learned
            runtime.notify(targetId: id, event: PlainPipeTransportNotification.tuple, data: try? learned.channelData())
            mediaPathOpened()
            connectSctp()
        }
    }

    // MARK: Media out

    /// With SRTP, packets are protected (with our key) on their way out, and
    /// nothing is sent before `connect` gave the sessions.
    override func rtpOutput() -> RTPOutput {
        guard let address = remoteAddress, let rtpChannel else { return .none }
        guard srtp != nil else { return .socket(rtpChannel, address, nil) }
        guard let srtpSessions else { return .none }
        return .socket(rtpChannel, address, srtpSessions)
    }

    /// SCTP goes as it is (SRTP protects media only) to the RTP tuple.
    override func transmitSctp(_ packet: [UInt8]) -> Bool {
        guard let address = remoteAddress, let rtpChannel else { return false }
        rtpChannel.send(packet, to: address)
        return true
    }

    override func transmitRTCP(_ bytes: [UInt8]) -> Bool {
        if !rtcpMux, let rtcpChannel, let address = remoteRtcpAddress {
            return transmit(bytes, rtcp: true, through: rtcpChannel, to: address)
        }
        guard let address = remoteAddress, let rtpChannel else { return false }
        return transmit(bytes, rtcp: true, through: rtpChannel, to: address)
    }

    private func transmit(_ bytes: [UInt8], rtcp: Bool, through channel: UdpSocketChannel, to address: SocketAddress)
        -> Bool
    {
        guard srtp != nil else {
            channel.send(bytes, to: address)
            return true
        }
        guard let srtpSessions else { return false }
        return srtpSessions.send(bytes, rtcp: rtcp, through: channel, to: address)
    }

    // MARK: Dump, stats, close

    /// The RTP tuple: the connected one, or the local side alone.
    private var currentTuple: TransportTuple { tuple ?? Self.tuple(of: socket) }

    override func fillDump(_ dump: inout TransportDump) {
        dump.rtcpMux = rtcpMux
        dump.comedia = comedia
        dump.tuple = currentTuple
        if !rtcpMux, let rtcpSocket { dump.rtcpTuple = rtcpTuple ?? Self.tuple(of: rtcpSocket) }
        dump.srtpParameters = srtp?.parameters
    }

    override func fillStats(_ stats: inout TransportStats) {
        stats.rtcpMux = rtcpMux
        stats.comedia = comedia
        stats.tuple = currentTuple
        if !rtcpMux { stats.rtcpTuple = rtcpTuple }
    }

    override func closeKind() {
        srtpSessions = nil
        rtpChannel?.close()
        rtcpChannel?.close()
        socket.close()
        rtcpSocket?.close()
    }

    /// A UDP tuple on `socket` (its advertised address), with the remote side when known.
    static func tuple(of socket: BoundSocket, remoteIp: String? = nil, remotePort: UInt16? = nil) -> TransportTuple {
        TransportTuple(
            localAddress: socket.advertisedAddress, localPort: socket.localPort, remoteIp: remoteIp,
            remotePort: remotePort, protocol: .udp)
    }
}

/// A transport's local SRTP master key and salt for one crypto suite (SDES:
/// the key is handed to the remote in `srtpParameters`).
struct SrtpKeying {
    let cryptoSuite: SrtpCryptoSuite
    let key: [UInt8]

    /// A fresh random key of the suite's master length.
    init(cryptoSuite: SrtpCryptoSuite) {
        var generator = SystemRandomNumberGenerator()
        self.cryptoSuite = cryptoSuite
        self.key = (0..<cryptoSuite.masterKeyLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    var parameters: SrtpParameters { SrtpParameters(cryptoSuite: cryptoSuite, keyBase64: key.base64()) }

    /// The remote's master key and salt. - Throws: ``TypeError`` when not
    /// Base64 or not the master length of `suite`.
    static func remoteKey(_ parameters: SrtpParameters, suite: SrtpCryptoSuite) throws(TypeError) -> [UInt8] {
        guard let key = [UInt8](base64: parameters.keyBase64) else {
            throw TypeError("invalid srtpParameters.keyBase64 (not Base64)")
        }
        guard key.count == suite.masterKeyLength else {
            throw TypeError(
                "invalid decoded SRTP key length \(key.count) (\(suite.rawValue) needs \(suite.masterKeyLength))")
        }
        return key
    }
}
