import ClusterMembership
import Foundation
import Logging
import Mediasoup
import ROPE
import RemoteMediasoupServer
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What every server command does once it has its mediasoup object: serve it
/// over ROPE on WebSocket (and its metrics on HTTP if asked), register in
/// etcd if asked, and on SIGINT or SIGTERM stop in order (deregister first,
/// so clusters stop sending new work; then stop accepting; then close what
/// the clients made).
public enum Serving {
    /// Seconds a stop may take (deregistering, closing connections and
    /// workers) before the process exits regardless.
    static let shutdownLimit: TimeInterval = 10

    /// Starts logging, makes the engine, serves its mediasoup until told to stop, then closes the engine. Prints one line `listening on
    /// ws[s]://HOST:PORT/` to standard output once it accepts connections (after `metrics on
    /// http://HOST:PORT/metrics` when the metrics port is asked for).
    ///
    /// - Throws: `ValidationError` for wrong options or a registration
    ///   refused (another server holds the name); what binding throws.
    public static func serve(
        options: ServeOptions, registration: RegistrationOptions, engine makeEngine: () async throws -> Engine
    ) async throws {
        ServerLog.bootstrap(level: options.logThreshold)
        let configuration = try options.ropeConfiguration()
        let engine = try await makeEngine()
        defer { engine.close() }
        let manager = engine.manager
        let mediasoup = try engine.mediasoup()
        mediasoup.setLogEventListeners(ServerLog.engineListeners())
        let service = RemoteMediasoupServer(
            mediasoup: mediasoup, getStats: { try await manager.getStats() }, options: options.serverOptions)
        let pages = StatusPages(service: service, manager: manager)
        let statusServer: StatusServer?
        if let metricsPort = options.metricsPort {
            let host = options.metricsHost ?? options.host
            let server = try await StatusServer.start(host: host, port: metricsPort, pages: pages)
            statusServer = server
            printLine("metrics on http://\(shown(host)):\(server.port)/metrics")
        } else {
            statusServer = nil
        }
        let server = try await RopeWebSocketServer.start(service: service, configuration: configuration)
        let url = "\(configuration.tls == nil ? "ws" : "wss")://\(shown(options.host)):\(server.port)/"
        printLine("listening on \(url)")
        ServerLog.serving.info("serving", metadata: ["url": "\(url)"])

        let serving = ServingLifetime(
            url: url, plan: registration.plan, exitOnStdinEOF: options.exitOnStdinEOF,
            stop: {
                pages.beginStopping()
                await server.close()
                service.close()
                await statusServer?.close()
            })
        signal(SIGPIPE, SIG_IGN)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // The service returns when a stop was asked for (a signal, the end of standard input, a refused
                // registration): the group ends with it, without an error.
                services: [.init(service: serving, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: ServerLog.serving))
        try await group.run()
        try serving.refusal()
    }

    private static func shown(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    private static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data("\(line)\n".utf8))
    }
}

/// The serving process's one service: registers (if asked), waits for the
/// graceful shutdown (SIGTERM, SIGINT), the end of standard input with
/// --exit-on-stdin-eof, or a refused registration, then stops in order.
private final class ServingLifetime: Service, Sendable, CustomStringConvertible {
    private let url: String
    private let plan: RegistrationPlan?
    private let exitOnStdinEOF: Bool
    private let stop: @Sendable () async -> Void
    private let refused = Mutex<(any Error)?>(nil)

    init(url: String, plan: RegistrationPlan?, exitOnStdinEOF: Bool, stop: @escaping @Sendable () async -> Void) {
        self.url = url
        self.plan = plan
        self.exitOnStdinEOF = exitOnStdinEOF
        self.stop = stop
    }

    var description: String { "serving \(url)" }

    func run() async throws {
        let (stopRequests, requestStop) = AsyncStream<Void>.makeStream()
        let registering = Task {
            do {
                return try await self.plan?.register(url: self.url)
            } catch {
                if !(error is CancellationError) {
                    self.refused.withLock { $0 = error }
                    requestStop.yield()  // refused: the server does not run unregistered
                }
                throw error
            }
        }
        if exitOnStdinEOF {
            Thread.detachNewThread {
                while readLine() != nil {}
                requestStop.yield()
            }
        }
        await withGracefulShutdownHandler {
            for await _ in stopRequests { break }
        } onGracefulShutdown: {
            requestStop.yield()
        }
        ServerLog.serving.info("stopping")
        // A stop that hangs (a peer that never lets go) must not keep the
        // process: after the limit it exits anyway.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: Serving.shutdownLimit)
            ServerLog.serving.critical("shutdown took over \(Int(Serving.shutdownLimit)) s; exiting")
            exit(1)
        }
        registering.cancel()
        if case .success(let registration?) = await registering.result { await registration.deregister() }
        await stop()
        ServerLog.serving.info("stopped")
    }

    /// Throws the registration's refusal, if it was refused.
    func refusal() throws {
        if let error = refused.withLock({ $0 }) { throw error }
    }
}
