import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import WebSocketKit

/// A ROPE server on WebSocket: each authenticated connection becomes a
/// session of `service`; its requests start in arrival order.
public final class RopeWebSocketServer: Sendable {
    private let channel: any Channel
    /// The bound TCP port.
    public let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Binds and starts serving.
    ///
    /// - Throws: when the address cannot be bound or the TLS files cannot be read.
    public static func start(
        service: any RopeService, configuration: RopeServerConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RopeWebSocketServer {
        let tlsContext = try configuration.tls.map { files in
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificateChainPath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem))))
        }
        let authorization = RopeAuthorization(token: configuration.token)
        let maxFrameSize = configuration.maxFrameSize
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try configure(
                        channel, service: service, authorization: authorization, tlsContext: tlsContext,
                        maxFrameSize: maxFrameSize)
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        return RopeWebSocketServer(channel: channel, port: channel.localAddress?.port ?? configuration.port)
    }

    /// Stops listening. Open sessions stay until their clients leave or
    /// their connections are closed.
    public func close() async {
        try? await channel.close()
    }

    private static func configure(
        _ channel: any Channel, service: any RopeService, authorization: RopeAuthorization,
        tlsContext: NIOSSLContext?, maxFrameSize: Int
    ) throws {
        let pipeline = channel.pipeline.syncOperations
        if let tlsContext {
            try pipeline.addHandler(NIOSSLServerHandler(context: tlsContext))
        }
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize,
            shouldUpgrade: { channel, head in
                channel.eventLoop.makeSucceededFuture(authorization.admits(head.headers) ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { channel, _ in
                var webSocketConfiguration = WebSocket.Configuration()
                webSocketConfiguration.maxAccumulatedFrameSize = maxFrameSize
                return WebSocket.server(on: channel, config: webSocketConfiguration) { webSocket in
                    attach(webSocket, to: service)
                }
            })
        let refusal = RopeUpgradeRefusalHandler(tokenRequired: authorization.token != nil)
        try pipeline.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.syncOperations.removeHandler(refusal, promise: nil)
            }))
        try pipeline.addHandler(refusal)
    }

    /// Makes `webSocket` a session of `service`.
    private static func attach(_ webSocket: WebSocket, to service: any RopeService) {
        let runner = RopeSessionRunner(
            service: service,
            send: { frame in webSocket.sendInOrder(frame) },
            close: { webSocket.close(promise: nil) })
        webSocket.onText { _, text in runner.receive(Array(text.utf8)) }
        webSocket.onBinary { webSocket, _ in
            webSocket.close(code: .unacceptableData, promise: nil)
        }
        webSocket.onClose.whenComplete { _ in runner.connectionClosed() }
    }
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
