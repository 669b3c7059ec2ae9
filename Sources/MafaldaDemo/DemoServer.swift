import Foundation
import Mediasoup
import NIOCore
import NIOHTTP1
import NIOPosix

/// The demo: a ``DemoRoom`` on any implementation of the contract, and an
/// HTTP server on one port for the page (`Resources/web`) and its JSON
/// signalling (``DemoSignalling``). There is no authentication: any page that
/// reaches the port joins the room (at most ``DemoRoom/maxPeers``), so serve it
/// on loopback or a network you trust.
///
/// ```swift
/// let server = try await DemoServer.start(mediasoup: LocalMediasoup(), configuration: DemoConfiguration(port: 3000))
/// print("open \(server.url)")
/// ```
public final class DemoServer: Sendable {
    /// The room the page's peers join.
    public let room: DemoRoom
    /// The bound TCP port (the one asked for, or the one the system chose for port 0).
    public let port: Int
    /// The page's address, e.g. `http://127.0.0.1:3000/`.
    public let url: String
    private let channel: any Channel
    private let reaper: Task<Void, Never>
    private let ownedWorker: (any Worker)?

    private init(room: DemoRoom, port: Int, url: String, channel: any Channel, ownedWorker: (any Worker)?) {
        self.room = room
        self.port = port
        self.url = url
        self.channel = channel
        self.ownedWorker = ownedWorker
        reaper = Task { [room] in
            let clock = ContinuousClock()
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(5))
                await room.removeIdlePeers(now: clock.now)
            }
        }
    }

    /// Starts a worker of `mediasoup` with a router of ``DemoRoom/mediaCodecs``, then serves the
    /// demo on it; ``stop()`` closes the worker.
    ///
    /// - Throws: when the worker cannot start, the web files cannot be read or the port cannot be bound.
    public static func start(mediasoup: any MediasoupAPI, configuration: DemoConfiguration) async throws
        -> DemoServer
    {
        let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: .warn))
        do {
            let router = try await worker.createRouter(RouterOptions(mediaCodecs: DemoRoom.mediaCodecs))
            return try await start(router: router, configuration: configuration, ownedWorker: worker)
        } catch {
            worker.close()
            throw error
        }
    }

    /// Serves the demo on an existing router (which should have Opus and VP8, as
    /// ``DemoRoom/mediaCodecs``); ``stop()`` leaves the router open.
    ///
    /// - Throws: when the web files cannot be read or the port cannot be bound.
    public static func start(router: any Router, configuration: DemoConfiguration) async throws -> DemoServer {
        try await start(router: router, configuration: configuration, ownedWorker: nil)
    }

    private static func start(
        router: any Router, configuration: DemoConfiguration, ownedWorker: (any Worker)?
    ) async throws -> DemoServer {
        guard let directory = configuration.webDirectory ?? DemoWebFiles.bundledDirectory else {
            throw MediasoupError("the demo's web files are not bundled; give DemoConfiguration.webDirectory")
        }
        let files = try DemoWebFiles(directory: directory)
        let room = DemoRoom(
            router: router,
            listenInfo: TransportListenInfo(
                protocol: .udp, ip: configuration.listenIp, announcedAddress: configuration.announcedAddress))
        let signalling = DemoSignalling(room: room, pollTimeout: configuration.pollTimeout)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    let handler = DemoHTTPHandler(signalling: signalling, files: files)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: configuration.httpHost, port: configuration.port).get()
        let port = channel.localAddress?.port ?? configuration.port
        let anyAddress = configuration.httpHost == "0.0.0.0" || configuration.httpHost == "::"
        let shownHost = configuration.announcedAddress ?? (anyAddress ? "127.0.0.1" : configuration.httpHost)
        let host = shownHost.contains(":") ? "[\(shownHost)]" : shownHost
        return DemoServer(
            room: room, port: port, url: "http://\(host):\(port)/", channel: channel, ownedWorker: ownedWorker)
    }

    /// Stops listening, removes every peer (closing their transports) and, when
    /// the server started it, closes the worker.
    public func stop() async {
        reaper.cancel()
        try? await channel.close()
        await room.close()
        ownedWorker?.close()
    }
}

/// Where and how the demo serves.
public struct DemoConfiguration: Sendable {
    /// The address the HTTP server binds (default `127.0.0.1`; browsers publish only from a
    /// secure context: `localhost`/`127.0.0.1`, or HTTPS).
    public var httpHost: String
    /// The HTTP port; 0 lets the system choose (see ``DemoServer/port``).
    public var port: Int
    /// The IP the WebRtcTransports listen on (UDP).
    public var listenIp: String
    /// The address announced in ICE candidates instead of ``listenIp`` (for a listen IP of
    /// `0.0.0.0`, or behind NAT); also the host of ``DemoServer/url``.
    public var announcedAddress: String?
    /// The page's files; nil serves the ones bundled with the module.
    public var webDirectory: URL?
    /// Longest a `producers` long poll is held before it answers unchanged.
    public var pollTimeout: Duration

    /// A configuration; every field has the defaults above (port 3000, loopback, 20 s polls).
    public init(
        httpHost: String = "127.0.0.1", port: Int = 3000, listenIp: String = "127.0.0.1",
        announcedAddress: String? = nil, webDirectory: URL? = nil, pollTimeout: Duration = .seconds(20)
    ) {
        self.httpHost = httpHost
        self.port = port
        self.listenIp = listenIp
        self.announcedAddress = announcedAddress
        self.webDirectory = webDirectory
        self.pollTimeout = pollTimeout
    }
}
