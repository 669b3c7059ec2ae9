#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import MediasoupChannel
import NIOCore
import SCTP

/// A pipe transport inside the worker (router to router): one UDP socket,
/// RTP with or without RTX, and optionally SRTP, always AEAD_AES_256_GCM.
final class WorkerPipeTransport: WorkerTransport {
    override class var statsType: String { "pipe-transport" }

    /// The one crypto suite pipe transports use.
    static let srtpCryptoSuite = SrtpCryptoSuite.aeadAes256Gcm

    let socket: BoundSocket
    /// Whether RTX flows over the pipe.
    let rtx: Bool
    /// The local SRTP key; nil without SRTP.
    let srtp: SrtpKeying?
    /// The remote SRTP key once connected.
    private(set) var remoteSrtpKey: [UInt8]?
    /// The SRTP sessions once connected with SRTP: until then no media flows.
    private(set) var srtpSessions: TransportSrtp?

    override func producerSsrcsReleased(_ ssrcs: Set<UInt32>) {
        for ssrc in ssrcs { srtpSessions?.forgetInbound(ssrc: ssrc) }
    }
    /// Set by `connect`.
    private(set) var tuple: TransportTuple?
    /// The socket, adopted into the event loop.
    private var channel: UdpSocketChannel?
    /// Where packets go once connected.
    private var remoteAddress: SocketAddress?

    private init(
        router: WorkerRouter, options: TransportBaseOptions, socket: BoundSocket, rtx: Bool, srtp: SrtpKeying?
    ) {
        self.socket = socket
        self.rtx = rtx
        self.srtp = srtp
        super.init(router: router, options: options)
        channel = UdpSocketChannel(adopting: socket, media: router.runtime.media, eventLoop: router.runtime.eventLoop) {
            [unowned self] bytes, source in
            datagramArrived(bytes, from: source)
        }
    }

    /// `router.createPipeTransport`: binds the socket and makes the SRTP key.
    ///
    /// - Throws: ``TypeError`` for a non-UDP listen info, an invalid IP or a
    ///   reversed port range; ``MediasoupError`` when the socket cannot be bound.
    static func create(_ request: ChannelRequest, router: WorkerRouter) throws -> WorkerPipeTransport {
        let payload = try request.payload(CreatePipeTransportPayload.self)
        guard payload.listenInfo.protocol == .udp else { throw TypeError("unsupported listen protocol") }
        let socket = try SocketBinding.bind(payload.listenInfo, defaultPortRange: router.runtime.defaultPortRange)
        return WorkerPipeTransport(
            router: router, options: payload.base, socket: socket, rtx: payload.enableRtx,
            srtp: payload.enableSrtp ? SrtpKeying(cryptoSuite: srtpCryptoSuite) : nil)
    }

    override func handleKind(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .pipeTransportConnect:
            return try connect(request.payload(PipeTransportConnectParameters.self)).channelData()
        default:
            return try super.handleKind(request)
        }
    }

    /// Validates everything first, then commits: a refused `connect` changes nothing.
    private func connect(_ parameters: PipeTransportConnectParameters) throws -> PipeTransportConnectResponse {
        guard tuple == nil else { throw MediasoupError("connect() already called") }

        var remoteKey: [UInt8]?
        switch (srtp, parameters.srtpParameters) {
        case (nil, .some):
            throw TypeError("invalid srtpParameters (SRTP not enabled)")
        case (.some, nil):
            throw TypeError("missing srtpParameters (SRTP enabled)")
        case (.some, .some(let remote)):
            guard remote.cryptoSuite == Self.srtpCryptoSuite else {
                throw TypeError("invalid/unsupported srtpParameters.cryptoSuite")
            }
            remoteKey = try SrtpKeying.remoteKey(remote, suite: Self.srtpCryptoSuite)
        case (nil, nil):
            break
        }
        let ip = try SocketBinding.normalizedIp(parameters.ip)
        var sessions: TransportSrtp?
        if let srtp, let remoteKey {
            sessions = try TransportSrtp(suite: srtp.cryptoSuite, localKey: srtp.key, remoteKey: remoteKey)
        }

        let connected = WorkerPlainTransport.tuple(of: socket, remoteIp: ip, remotePort: parameters.port)
        remoteSrtpKey = remoteKey
        srtpSessions = sessions
        tuple = connected
        remoteAddress = WorkerPlainTransport.socketAddress(of: connected)
        mediaPathOpened()
        connectSctp()
        return PipeTransportConnectResponse(tuple: connected)
    }

    // MARK: Media

    /// Only the connected remote router's datagrams are taken; with SRTP they
    /// are unprotected in place first (undecryptable or replayed ones are
    /// counted and dropped).
    private func datagramArrived(_ bytes: UnsafeMutableRawBufferPointer, from source: UnsafePointer<sockaddr>) {
        guard let remoteAddress, remoteAddress.matches(source) else {
            received.add(bytes: bytes.count, at: monotonicMilliseconds())
            return
        }
        if SctpPacket.isSctp(UnsafeRawBufferPointer(bytes)) {
            received.add(bytes: bytes.count, at: monotonicMilliseconds())
            receiveSctp(UnsafeRawBufferPointer(bytes))
            return
        }
        if srtp == nil {
            receiveDatagram(bytes)
        } else {
            receiveProtectedDatagram(bytes, srtp: srtpSessions)
        }
    }

    override func rtpOutput() -> RTPOutput {
        guard let remoteAddress, let channel else { return .none }
        guard srtp != nil else { return .socket(channel, remoteAddress, nil) }
        guard let srtpSessions else { return .none }
        return .socket(channel, remoteAddress, srtpSessions)
    }

    /// SCTP goes as it is (SRTP protects media only), once connected.
    override func transmitSctp(_ packet: [UInt8]) -> Bool {
        guard let remoteAddress, let channel else { return false }
        channel.send(packet, to: remoteAddress)
        return true
    }

    /// With SRTP, protected with our key; nothing is sent before `connect`.
    override func transmitRTCP(_ bytes: [UInt8]) -> Bool {
        guard let remoteAddress, let channel else { return false }
        guard srtp != nil else {
            channel.send(bytes, to: remoteAddress)
            return true
        }
        guard let srtpSessions else { return false }
        return srtpSessions.send(bytes, rtcp: true, through: channel, to: remoteAddress)
    }

    // MARK: Dump, stats, close

    /// The tuple: the connected one, or the local side alone.
    private var currentTuple: TransportTuple { tuple ?? WorkerPlainTransport.tuple(of: socket) }

    override func fillDump(_ dump: inout TransportDump) {
        dump.tuple = currentTuple
        dump.rtx = rtx
        dump.srtpParameters = srtp?.parameters
    }

    override func fillStats(_ stats: inout TransportStats) {
        stats.tuple = currentTuple
    }

    override func closeKind() {
        srtpSessions = nil
        channel?.close()
        socket.close()
    }
}
