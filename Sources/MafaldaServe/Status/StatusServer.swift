import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves ``StatusPages`` over plain HTTP/1.1 on a port of their own, apart
/// from the clients' WebSocket port and its token: one GET per connection,
/// which closes after the answer or after 10 s idle.
final class StatusServer: Sendable {
    /// The bound TCP port.
    let port: Int
    private let channel: any Channel

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Binds and starts serving.
    ///
    /// - Throws: when the address cannot be bound.
    static func start(
        host: String, port: Int, pages: StatusPages,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> StatusServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(allTimeout: .seconds(10)))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(StatusRequestHandler(pages: pages))
                }
            }
            .bind(host: host, port: port).get()
        return StatusServer(channel: channel, port: channel.localAddress?.port ?? port)
    }

    /// Stops listening.
    func close() async {
        try? await channel.close()
    }
}

/// Answers one request with its page and closes the connection.
private final class StatusRequestHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let pages: StatusPages

    init(pages: StatusPages) {
        self.pages = pages
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let channel = context.channel
        guard head.method == .GET || head.method == .HEAD else {
            Self.answer(
                StatusPages.Page(status: 405, contentType: "text/plain; charset=utf-8", body: "only GET\n"),
                head: head, on: channel)
            return
        }
        let pages = pages
        Task {
            let page = await pages.page(at: head.uri)
            Self.answer(page, head: head, on: channel)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private static func answer(_ page: StatusPages.Page, head: HTTPRequestHead, on channel: any Channel) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: page.contentType)
        headers.add(name: "Content-Length", value: String(page.body.utf8.count))
        headers.add(name: "Connection", value: "close")
        let responseHead = HTTPResponseHead(
            version: head.version, status: HTTPResponseStatus(statusCode: page.status), headers: headers)
        channel.write(HTTPServerResponsePart.head(responseHead), promise: nil)
        if head.method != .HEAD {
            channel.write(
                HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(string: page.body))), promise: nil)
        }
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
    }
}
