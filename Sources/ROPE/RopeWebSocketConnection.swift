import MafaldaFoundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import WebSocketKit

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a client reaches a ROPE server.
public struct RopeClientOptions: Sendable {
    /// Sent as `Authorization: Bearer <token>`.
    public var token: String?
    /// For `wss://`: PEM file of the certificates to trust (for example a
    /// self-signed server certificate); nil trusts the system's roots.
    public var trustedCertificatesPath: String?
    /// The largest message accepted from the server, in bytes.
    public var maxFrameSize: Int
    /// How long a request may wait for its answer.
    public var requestTimeout: Duration
    /// Whether to reconnect after the connection drops.
    public var reconnect: Bool
    /// The first and the longest wait between reconnection attempts; the
    /// wait doubles after each failed attempt.
    public var reconnectDelay: (first: Duration, max: Duration)

    public init(
        token: String? = nil, trustedCertificatesPath: String? = nil,
        maxFrameSize: Int = RopeServerConfiguration.defaultMaxFrameSize, requestTimeout: Duration = .seconds(10),
        reconnect: Bool = true, reconnectDelay: (first: Duration, max: Duration) = (.milliseconds(100), .seconds(5))
    ) {
        self.token = token
        self.trustedCertificatesPath = trustedCertificatesPath
        self.maxFrameSize = maxFrameSize
        self.requestTimeout = requestTimeout
        self.reconnect = reconnect
        self.reconnectDelay = reconnectDelay
    }
}

/// Why a connection to a ROPE server failed.
public struct RopeConnectionError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The server refused the token (HTTP 401); no reconnection follows.
        case unauthorized
        /// The URL is not a `ws://` or `wss://` URL.
        case invalidURL
        /// The server answered the upgrade with another HTTP status.
        case refused(status: Int)
        /// The server could not be reached or the TLS handshake failed.
        case unreachable
    }

    public var reason: Reason
    public var message: String

    public var description: String { "ROPE connection error: \(message)" }
}

/// A client connection to a ROPE server over WebSocket, which reconnects
/// with backoff after a drop (unless closed or refused).
public final class RopeWebSocketConnection: RopeClientConnection {
    private struct Endpoint: Sendable {
        var scheme: String
        var host: String
        var port: Int
        var path: String
        var query: String?
    }

    private enum Phase {
        case closed
        case connecting
        case open(WebSocket)
    }

    private struct State {
        var phase = Phase.closed
        /// Whether the user wants the connection open (open() called, close() not).
        var wanted = false
        /// Increments on every open/close so stale attempts know they are stale.
        var generation = 0
        var nextDelay: Duration
    }

    public let url: String
    public let options: RopeClientOptions
    private let endpoint: Endpoint?
    private let core: RopeClientCore
    private let group: any EventLoopGroup
    private let state: Mutex<State>

    public var events: EventEmitter<RopeConnectionEvent> { core.events }

    public init(
        url: String, options: RopeClientOptions = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.url = url
        self.options = options
        self.endpoint = Self.parse(url)
        self.core = RopeClientCore(requestTimeout: options.requestTimeout)
        self.group = group
        self.state = Mutex(State(nextDelay: options.reconnectDelay.first))
    }

    public var isOpen: Bool {
        state.withLock { if case .open = $0.phase { true } else { false } }
    }

    public func open() {
        let generation: Int? = state.withLock { state in
            guard case .closed = state.phase else { return nil }
            state.wanted = true
            state.generation += 1
            state.phase = .connecting
            state.nextDelay = options.reconnectDelay.first
            return state.generation
        }
        if let generation { connect(generation) }
    }

    public func close() {
        let webSocket: WebSocket? = state.withLock { state in
            state.wanted = false
            state.generation += 1
            defer { state.phase = .closed }
            if case .open(let webSocket) = state.phase { return webSocket }
            return nil
        }
        webSocket?.close(code: .normalClosure, promise: nil)
    }

    public func call(_ method: String, _ params: JSONValue) async throws -> JSONValue {
        let webSocket: WebSocket? = state.withLock { state in
            if case .open(let webSocket) = state.phase { return webSocket }
            return nil
        }
        return try await core.call(method, params) { frame in
            guard let webSocket, !webSocket.isClosed else { return false }
            webSocket.sendInOrder(frame)
            return true
        }
    }

    private func connect(_ generation: Int) {
        guard let endpoint else {
            fail(generation, RopeConnectionError(reason: .invalidURL, message: "not a ws:// or wss:// URL: \(url)"))
            return
        }
        var headers = HTTPHeaders()
        if let token = options.token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        var configuration = WebSocketClient.Configuration(maxFrameSize: options.maxFrameSize)
        configuration.maxAccumulatedFrameSize = options.maxFrameSize
        if endpoint.scheme == "wss" {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let path = options.trustedCertificatesPath { tls.trustRoots = .file(path) }
            configuration.tlsConfiguration = tls
        }
        let connecting = WebSocket.connect(
            scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port, path: endpoint.path,
            query: endpoint.query, headers: headers, configuration: configuration, on: group
        ) { [weak self] webSocket in
            self?.opened(webSocket, generation)
        }
        connecting.whenFailure { [weak self] error in
            self?.fail(generation, Self.describe(error))
        }
    }

    private func opened(_ webSocket: WebSocket, _ generation: Int) {
        let current = state.withLock { state in
            guard state.generation == generation, state.wanted else { return false }
            state.phase = .open(webSocket)
            state.nextDelay = options.reconnectDelay.first
            return true
        }
        guard current else {
            webSocket.close(code: .normalClosure, promise: nil)
            return
        }
        let core = self.core
        webSocket.onText { _, text in core.receive(frame: Array(text.utf8)) }
        webSocket.onClose.whenComplete { [weak self] _ in
            self?.closed(webSocket, generation, wasClean: webSocket.closeCode == .normalClosure)
        }
        core.events.emit(.open)
    }

    private func closed(_ webSocket: WebSocket, _ generation: Int, wasClean: Bool) {
        let retry: Bool = state.withLock { state in
            if case .open(let current) = state.phase, current === webSocket { state.phase = .closed }
            guard state.generation == generation, state.wanted, options.reconnect else { return false }
            state.phase = .connecting
            return true
        }
        core.failAll("ROPE connection lost")
        core.events.emit(.closed(wasClean: wasClean && !retry))
        if retry { scheduleReconnect(generation) }
    }

    private func fail(_ generation: Int, _ error: RopeConnectionError) {
        let retry: Bool = state.withLock { state in
            guard state.generation == generation else { return false }
            let retry = state.wanted && options.reconnect && error.reason == .unreachable
            if !retry {
                state.wanted = false
                state.phase = .closed
            }
            return retry
        }
        core.events.emit(.error(error))
        core.events.emit(.closed(wasClean: false))
        if retry { scheduleReconnect(generation) }
    }

    private func scheduleReconnect(_ generation: Int) {
        let delay: Duration = state.withLock { state in
            defer { state.nextDelay = min(state.nextDelay * 2, options.reconnectDelay.max) }
            return state.nextDelay
        }
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard let self else { return }
            let current = self.state.withLock { $0.generation == generation && $0.wanted }
            if current { self.connect(generation) }
        }
    }

    private static func describe(_ error: any Error) -> RopeConnectionError {
        if case WebSocketClient.Error.invalidResponseStatus(let head) = error {
            if head.status == .unauthorized {
                return RopeConnectionError(
                    reason: .unauthorized, message: "the server refused the token (HTTP 401 Unauthorized)")
            }
            return RopeConnectionError(
                reason: .refused(status: Int(head.status.code)),
                message: "the server refused the WebSocket upgrade (HTTP \(head.status.code))")
        }
        return RopeConnectionError(reason: .unreachable, message: String(describing: error))
    }

    private static func parse(_ url: String) -> Endpoint? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "ws" || scheme == "wss", let host = components.host, !host.isEmpty
        else { return nil }
        let unbracketed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return Endpoint(
            scheme: scheme, host: unbracketed, port: components.port ?? (scheme == "wss" ? 443 : 80),
            path: components.path.isEmpty ? "/" : components.path, query: components.query)
    }
}
