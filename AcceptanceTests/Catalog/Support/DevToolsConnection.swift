import Foundation
import Mediasoup
import NIOCore
import NIOPosix
import Synchronization
import WebSocketKit

/// A client of Chromium's DevTools protocol (CDP): JSON commands over the
/// browser's WebSocket on loopback, each answered by a message with its id.
/// Pages are reached through flat sessions (`Target.attachToTarget` with
/// `flatten`), so one socket drives every page of the browser.
final class DevToolsConnection: Sendable {
    /// An error answer of the browser, a closed socket, or no answer in time.
    struct ProtocolError: Error, CustomStringConvertible {
        let description: String
    }

    private let webSocket: WebSocket
    private let replies: Replies

    private init(webSocket: WebSocket, replies: Replies) {
        self.webSocket = webSocket
        self.replies = replies
    }

    /// Connects to the browser endpoint `path` (from `DevToolsActivePort`) on 127.0.0.1:`port`.
    static func connect(port: Int, path: String) async throws -> DevToolsConnection {
        let replies = Replies()
        var configuration = WebSocketClient.Configuration(maxFrameSize: 1 << 24)
        configuration.maxAccumulatedFrameSize = 1 << 24
        // The socket, once upgraded: websocket-kit may complete the connection's future
        // before it has called onUpgrade.
        let opened = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: WebSocket.self)
        let onUpgrade: @Sendable (WebSocket) -> Void = { webSocket in
            webSocket.onText { _, text in replies.take(text) }
            webSocket.onClose.whenComplete { _ in replies.failAll("the DevTools connection closed") }
            opened.succeed(webSocket)
        }
        WebSocket.connect(
            to: "ws://127.0.0.1:\(port)\(path)", configuration: configuration,
            on: MultiThreadedEventLoopGroup.singleton, onUpgrade: onUpgrade
        ).whenFailure { opened.fail($0) }
        let webSocket = try await opened.futureResult.get()
        return DevToolsConnection(webSocket: webSocket, replies: replies)
    }

    /// Sends `method` with `params` (to the page of `sessionId`, or to the browser) and returns
    /// the answer's `result`.
    ///
    /// - Throws: ``ProtocolError`` for an error answer, a closed socket or no answer within `timeout`.
    @discardableResult
    func call(_ method: String, _ params: JSONValue = [:], sessionId: String? = nil, timeout: Duration = .seconds(10))
        async throws -> JSONValue
    {
        let id = replies.nextId()
        var message: JSONValue = ["id": .number(Double(id)), "method": .string(method), "params": params]
        if let sessionId, case .object(var fields) = message {
            fields["sessionId"] = .string(sessionId)
            message = .object(fields)
        }
        let text = try message.jsonString()
        let watchdog = Task { [replies] in
            try await Task.sleep(for: timeout)
            replies.fail(id, "no answer to \(method) within \(timeout)")
        }
        defer { watchdog.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            guard replies.wait(id, continuation) else { return }
            webSocket.send(text)
        }
    }

    /// Closes the socket (the browser stays up).
    func close() async {
        try? await webSocket.close(code: .normalClosure).get()
    }

    /// The calls waiting for their answers, by id.
    private final class Replies: Sendable {
        private typealias Waiting = CheckedContinuation<JSONValue, any Error>
        private let state = Mutex<(nextId: Int, pending: [Int: Waiting], closed: Bool)>((1, [:], false))

        func nextId() -> Int {
            state.withLock { state in
                defer { state.nextId += 1 }
                return state.nextId
            }
        }

        /// Registers a call; false (and the continuation failed) when the socket is closed.
        func wait(_ id: Int, _ continuation: CheckedContinuation<JSONValue, any Error>) -> Bool {
            let closed = state.withLock { state in
                if !state.closed { state.pending[id] = continuation }
                return state.closed
            }
            if closed { continuation.resume(throwing: ProtocolError(description: "the DevTools connection is closed")) }
            return !closed
        }

        /// An answer (`id` with `result` or `error`); events (no `id`) are ignored.
        func take(_ text: String) {
            guard let message = try? JSONValue(json: text), let id = message["id"]?.intValue else { return }
            guard let continuation = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
            if let error = message["error"] {
                continuation.resume(throwing: ProtocolError(description: "DevTools error: \(error)"))
            } else {
                continuation.resume(returning: message["result"] ?? .null)
            }
        }

        func fail(_ id: Int, _ reason: String) {
            state.withLock { $0.pending.removeValue(forKey: id) }?.resume(throwing: ProtocolError(description: reason))
        }

        func failAll(_ reason: String) {
            let waiting = state.withLock { state in
                state.closed = true
                defer { state.pending = [:] }
                return state.pending
            }
            for continuation in waiting.values { continuation.resume(throwing: ProtocolError(description: reason)) }
        }
    }
}

/// One page (tab) of the browser, driven through its flat session.
struct DevToolsPage: Sendable {
    let connection: DevToolsConnection
    let sessionId: String

    /// Evaluates `expression` in the page, awaiting a promise it returns; the value as JSON.
    ///
    /// - Throws: ``DevToolsConnection/ProtocolError`` when the expression throws or the browser does not answer.
    func evaluate(_ expression: String, timeout: Duration = .seconds(10)) async throws -> JSONValue {
        let result = try await connection.call(
            "Runtime.evaluate", ["expression": .string(expression), "awaitPromise": true, "returnByValue": true],
            sessionId: sessionId, timeout: timeout)
        if let exception = result["exceptionDetails"] {
            let text = exception["exception"]?["description"]?.stringValue
                ?? exception["text"]?.stringValue ?? "\(exception)"
            throw DevToolsConnection.ProtocolError(description: "the page threw: \(text)")
        }
        return result["result"]?["value"] ?? .null
    }
}
