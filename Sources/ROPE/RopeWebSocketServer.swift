import MafaldaFoundation
import NIOCore
import Synchronization
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import WebSocketKit

/// A ROPE server on WebSocket: each authenticated connection becomes a
/// session of `service`; its requests start in arrival order.
///
/// Limits (``RopeServerConfiguration``): connections in total and per
/// address, a deadline for TLS and the upgrade, pings that find dead peers,
/// a bound on the bytes queued for one client, and on its requests in flight.
public final class RopeWebSocketServer: Sendable {
    private let channel: any Channel
    /// The bound TCP port.
    public let port: Int
    /// The connections open and refused, for operators and tests.
    public let gate: RopeConnectionGate

    private init(channel: any Channel, port: Int, gate: RopeConnectionGate) {
        self.channel = channel
        self.port = port
        self.gate = gate
    }

    /// Binds and starts serving.
    ///
    /// - Throws: when the address cannot be bound or the TLS files cannot be read.
    public static func start(
        service: any RopeService, configuration: RopeServerConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RopeWebSocketServer {
        let tlsContext = try configuration.tls.map { files in
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificateChainPath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)))
            tls.minimumTLSVersion = .tlsv12
            return try NIOSSLContext(configuration: tls)
        }
        if let secret = configuration.jwtSecret, secret.utf8.count < 32 {
            throw MediasoupError("the JWT secret must have at least 32 bytes (HS256's output), not \(secret.utf8.count)")
        }
        let authorization = await RopeAuthorization(token: configuration.token, jwtSecret: configuration.jwtSecret)
        let gate = RopeConnectionGate(
            maxConnections: configuration.maxConnections,
            maxConnectionsPerAddress: configuration.maxConnectionsPerAddress)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard admit(channel, gate: gate, configuration: configuration) else { return }
                    try configure(
                        channel, service: service, authorization: authorization, tlsContext: tlsContext,
                        configuration: configuration, gate: gate)
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        return RopeWebSocketServer(
            channel: channel, port: channel.localAddress?.port ?? configuration.port, gate: gate)
    }

    /// Stops listening. Open sessions stay until their clients leave or
    /// their connections are closed.
    public func close() async {
        try? await channel.close()
    }

    /// Takes a place at the gate for `channel` (closing it when there is
    /// none), gives it back when the channel closes, and closes the channel
    /// if it has not upgraded when the handshake deadline passes.
    private static func admit(
        _ channel: any Channel, gate: RopeConnectionGate, configuration: RopeServerConfiguration
    ) -> Bool {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        guard gate.admit(address) else {
            channel.close(promise: nil)
            return false
        }
        channel.closeFuture.whenComplete { _ in gate.release(address) }
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.handshakeTimeout)) {
            gate.countTimedOut()
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in deadline.cancel() }
        try? channel.pipeline.syncOperations.addHandler(
            RopeHandshakeDeadline(deadline), name: RopeHandshakeDeadline.name)
        return true
    }

    private static func configure(
        _ channel: any Channel, service: any RopeService, authorization: RopeAuthorization,
        tlsContext: NIOSSLContext?, configuration: RopeServerConfiguration, gate: RopeConnectionGate
    ) throws {
        let pipeline = channel.pipeline.syncOperations
        if let tlsContext {
            try pipeline.addHandler(NIOSSLServerHandler(context: tlsContext))
        }
        let maxFrameSize = configuration.maxFrameSize
        // Who this connection authenticated as, between the two closures.
        let principal = PrincipalBox()
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize,
            shouldUpgrade: { channel, head in
                let headers = head.headers
                let answer = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                answer.completeWithTask {
                    guard let found = await authorization.principal(for: headers) else { return nil }
                    principal.value.withLock { $0 = found }
                    return HTTPHeaders()
                }
                return answer.futureResult
            },
            upgradePipelineHandler: { channel, _ in
                if let deadline = try? channel.pipeline.syncOperations.handler(type: RopeHandshakeDeadline.self) {
                    deadline.met()
                }
                guard let principal = principal.value.withLock({ $0 }) else {
                    return channel.close()
                }
                var webSocketConfiguration = WebSocket.Configuration()
                webSocketConfiguration.maxAccumulatedFrameSize = maxFrameSize
                return WebSocket.server(on: channel, config: webSocketConfiguration) { webSocket in
                    webSocket.pingInterval = TimeAmount(configuration.pingInterval)
                    attach(
                        webSocket, channel: channel, principal: principal, to: service, configuration: configuration,
                        gate: gate)
                }
            })
        let refusal = RopeUpgradeRefusalHandler(tokenRequired: authorization.required)
        try pipeline.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.syncOperations.removeHandler(refusal, promise: nil)
            }))
        try pipeline.addHandler(refusal)
    }

    /// Makes `webSocket` a session of `service`. Frames to the client count
    /// against its queue until they are written; past the bound the client is
    /// dropped (its channel closed, not a close handshake it would not read).
    private static func attach(
        _ webSocket: WebSocket, channel: any Channel, principal: RopePrincipal, to service: any RopeService,
        configuration: RopeServerConfiguration, gate: RopeConnectionGate
    ) {
        let queue = RopeOutboundQueue(limit: configuration.maxQueuedBytesPerClient)
        let runner = RopeSessionRunner(
            service: service, principal: principal, maxRequestsInFlight: configuration.maxRequestsInFlight,
            maxRequestsPerSecond: configuration.maxRequestsPerSecond,
            send: { frame in
                switch queue.admit(frame.utf8.count) {
                case .admitted:
                    webSocket.sendInOrder(frame) { queue.written(frame.utf8.count) }
                case .overflowed:
                    gate.countSlowReader()
                    abort(channel)
                case .dropped:
                    break
                }
            },
            close: { webSocket.close(promise: nil) })
        webSocket.onText { _, text in runner.receive(Array(text.utf8)) }
        webSocket.onBinary { webSocket, _ in
            webSocket.close(code: .unacceptableData, promise: nil)
        }
        webSocket.onClose.whenComplete { _ in runner.connectionClosed() }
        runner.start()
    }
}

/// Closes `channel` at once with a reset (SO_LINGER 0): a client that does not
/// read would otherwise keep the queued bytes, and its socket, in the
/// server's kernel until they drain.
private func abort(_ channel: any Channel) {
    guard let provider = channel as? any SocketOptionProvider else {
        channel.close(promise: nil)
        return
    }
    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
}

/// Answers HTTP requests that were not upgraded to WebSocket: 401 when the
/// token was missing or wrong, 400 otherwise; then closes the connection.
final class RopeUpgradeRefusalHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let tokenRequired: Bool

    init(tokenRequired: Bool) {
        self.tokenRequired = tokenRequired
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let isUpgrade = head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" }
        let (status, reason): (HTTPResponseStatus, String) =
            if isUpgrade && tokenRequired { (.unauthorized, "ROPE: missing or invalid bearer token\n") }
            else { (.badRequest, "ROPE: expected a WebSocket upgrade\n") }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(reason.utf8.count))
        headers.add(name: "Connection", value: "close")
        if status == .unauthorized { headers.add(name: "WWW-Authenticate", value: "Bearer") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: reason)))), promise: nil)
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.value.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            context.value.close(promise: nil)
        }
    }
}

/// Who one connection authenticated as, handed from the upgrade's check to its pipeline.
private final class PrincipalBox: Sendable {
    let value = Mutex<RopePrincipal?>(nil)
}
