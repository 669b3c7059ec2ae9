import Mediasoup
import NIOCore
import NIOHTTP1

/// One HTTP/1.1 connection of the demo server: `GET` of the page's files,
/// `POST /api/<method>` to ``DemoSignalling``. It only moves bytes: the
/// answer is worked out off the event loop and written back on it.
final class DemoHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Largest request body taken (an SDP-sized JSON is a few kB).
    static let maxBodySize = 1 << 20

    private let signalling: DemoSignalling
    private let files: DemoWebFiles
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false

    init(signalling: DemoSignalling, files: DemoWebFiles) {
        self.signalling = signalling
        self.files = files
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            bodyTooLarge = false
        case .body(let chunk):
            if body.count + chunk.readableBytes > Self.maxBodySize {
                bodyTooLarge = true
            } else {
                body.append(contentsOf: chunk.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        switch head.method {
        case .GET, .HEAD:
            guard let file = files.file(at: path) else {
                write(.error(.notFound, "no file \(path)"), for: head, context: context)
                return
            }
            let response = DemoHTTPResponse(status: .ok, contentType: file.contentType, bytes: file.bytes)
            write(response, for: head, context: context)
        case .POST where path.hasPrefix("/api/"):
            guard !bodyTooLarge else {
                let refusal = DemoHTTPResponse.error(
                    .payloadTooLarge, "the body is larger than \(Self.maxBodySize) bytes")
                write(refusal, for: head, context: context)
                return
            }
            let signalling = self.signalling
            let method = String(path.dropFirst("/api/".count))
            let body = self.body
            let answer = context.eventLoop.makePromise(of: DemoHTTPResponse.self)
            answer.completeWithTask { await DemoHTTPResponse.answer(signalling, method, body) }
            let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            answer.futureResult.whenSuccess { response in
                loopBound.value.handler.write(response, for: head, context: loopBound.value.context)
            }
        default:
            write(.error(.methodNotAllowed, "\(head.method) \(path) is not served"), for: head, context: context)
        }
    }

    private func write(_ response: DemoHTTPResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: response.contentType)
        headers.add(name: "content-length", value: String(response.bytes.count))
        headers.add(name: "cache-control", value: "no-store")
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD {
            let body = context.channel.allocator.buffer(bytes: response.bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}

/// An HTTP response of the demo server: status, MIME type, body.
struct DemoHTTPResponse: Sendable {
    let status: HTTPResponseStatus
    let contentType: String
    let bytes: [UInt8]

    /// A JSON `{"error": message}` with `status`.
    static func error(_ status: HTTPResponseStatus, _ message: String) -> DemoHTTPResponse {
        json(["error": .string(message)], status: status)
    }

    static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok) -> DemoHTTPResponse {
        let bytes = (try? value.jsonBytes()) ?? Array(#"{"error":"unencodable answer"}"#.utf8)
        return DemoHTTPResponse(status: status, contentType: "application/json", bytes: bytes)
    }

    /// The signalling's answer to `method` with the JSON `body` (an empty body is `{}`).
    static func answer(_ signalling: DemoSignalling, _ method: String, _ body: [UInt8]) async -> DemoHTTPResponse {
        do {
            let request = body.isEmpty ? JSONValue.object([:]) : try JSONValue(json: body)
            return json(try await signalling.answer(method, request))
        } catch DemoRequestError.unknownMethod(let name) {
            return error(.notFound, DemoRequestError.unknownMethod(name).description)
        } catch {
            return self.error(.badRequest, "\(error)")
        }
    }
}
