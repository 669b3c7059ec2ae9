import ClusterMembership
import Dispatch
import Foundation
import Mediasoup
import ROPE
import RemoteMediasoupServer

#if canImport(Glibc)
import Glibc
#endif

/// Lines for the operator, on standard error.
enum Log {
    static let line: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
}

/// What every server command does once it has its mediasoup object: serve it
/// over ROPE on WebSocket, register in etcd if asked, and on SIGINT or SIGTERM
/// stop in order (deregister first, so clusters stop sending new work; then
/// stop accepting; then close what the clients made).
public enum Serving {
    /// Seconds a stop may take (deregistering, closing connections and
    /// workers) before the process exits regardless.
    static let shutdownLimit: TimeInterval = 10

    /// Serves the engine's mediasoup until told to stop, then closes the engine. Prints one line `listening on
    /// ws[s]://HOST:PORT/` to standard output once it accepts connections.
    ///
    /// - Throws: `ValidationError` for wrong options or a registration
    ///   refused (another server holds the name); what binding throws.
    public static func serve(_ engine: Engine, options: ServeOptions, registration: RegistrationOptions) async throws {
        defer { engine.close() }
        let configuration = try options.ropeConfiguration()
        let manager = engine.manager
        let service = RemoteMediasoupServer(
            mediasoup: try engine.mediasoup(), getStats: { try await manager.getStats() }, options: options.serverOptions)
        let server = try await RopeWebSocketServer.start(service: service, configuration: configuration)
        let shownHost = options.host.contains(":") ? "[\(options.host)]" : options.host
        let url = "\(configuration.tls == nil ? "ws" : "wss")://\(shownHost):\(server.port)/"
        FileHandle.standardOutput.write(Data("listening on \(url)\n".utf8))

        let (stop, stopping) = AsyncStream<Void>.makeStream()
        let plan = registration.plan
        let registering = Task {
            do {
                return try await plan?.register(url: url)
            } catch {
                stopping.yield()  // refused: the server does not run unregistered
                throw error
            }
        }
        await waitForTermination(stop, stopping, exitOnStdinEOF: options.exitOnStdinEOF)
        // A shutdown that hangs (a peer that never lets go) must not keep the
        // process: after `shutdownLimit` it exits anyway.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: shutdownLimit)
            Log.line("shutdown took over \(Int(shutdownLimit)) s; exiting")
            exit(1)
        }
        registering.cancel()
        let registered = await registering.result
        if case .success(let registration?) = registered { await registration.deregister() }
        await server.close()
        service.close()
        if case .failure(let error) = registered, !(error is CancellationError) { throw error }
    }

    /// Returns on SIGINT or SIGTERM, when `stop` yields, or at end of
    /// standard input with `exitOnStdinEOF`.
    private static func waitForTermination(
        _ stop: AsyncStream<Void>, _ stopping: AsyncStream<Void>.Continuation, exitOnStdinEOF: Bool
    ) async {
        for number in [SIGINT, SIGTERM, SIGPIPE] { signal(number, SIG_IGN) }
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stopping.yield() }
            source.resume()
            return source
        }
        if exitOnStdinEOF {
            Thread.detachNewThread {
                while readLine() != nil {}
                stopping.yield()
            }
        }
        for await _ in stop { break }
        for source in sources { source.cancel() }
    }
}
