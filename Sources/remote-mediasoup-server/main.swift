import ArgumentParser
import Dispatch
import Foundation
import Mediasoup
import MediasoupGetStats
import MediasoupLocal
import ROPE
import RemoteMediasoupServer

#if canImport(Glibc)
import Glibc
#endif

/// Serves the local engine to remote clients over ROPE (WebSocket).
///
/// Prints one line `listening on ws[s]://HOST:PORT/` to standard output once
/// it accepts connections.
@main
struct RemoteMediasoupServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote-mediasoup-server",
        abstract: "Expose a mediasoup engine (the local engine) to remote clients over ROPE on WebSocket.")

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port (0 picks a free one; the line printed on start says which).")
    var port = 0

    @Option(help: "The bearer token clients must present. Default: the MAFALDA_TOKEN environment variable; none means no authentication (refused unless --insecure-no-token).")
    var token: String?

    @Flag(help: "Serve without a token (loopback development only).")
    var insecureNoToken = false

    @Option(help: "PEM certificate chain: serve wss:// (with --tls-key).")
    var tlsCertificate: String?

    @Option(help: "PEM private key of --tls-certificate.")
    var tlsKey: String?

    @Option(help: "The largest accepted message, in bytes.")
    var maxFrameSize = RopeServerConfiguration.defaultMaxFrameSize

    @Flag(help: "Accept injectNotificationForTesting (acceptance suites only).")
    var allowTestHooks = false

    @Flag(help: "Exit when standard input reaches end of file (when the parent process goes away).")
    var exitOnStdinEOF = false

    func validate() throws {
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
    }

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["MAFALDA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        guard token != nil || insecureNoToken else {
            throw ValidationError("give a token (--token or MAFALDA_TOKEN), or --insecure-no-token")
        }
        let mediasoup = LocalMediasoup()
        let stats = MediasoupGetStatsFactory(mediasoup: mediasoup)
        let service = RemoteMediasoupServer(
            mediasoup: mediasoup, getStats: { try await stats.getStats() },
            options: .init(allowTestHooks: allowTestHooks))
        let tls = tlsCertificate.flatMap { certificate in
            tlsKey.map { RopeServerConfiguration.TLSFiles(certificateChainPath: certificate, privateKeyPath: $0) }
        }
        let server = try await RopeWebSocketServer.start(
            service: service,
            configuration: .init(host: host, port: port, token: token, tls: tls, maxFrameSize: maxFrameSize))
        let shownHost = host.contains(":") ? "[\(host)]" : host
        FileHandle.standardOutput.write(Data("listening on \(tls == nil ? "ws" : "wss")://\(shownHost):\(server.port)/\n".utf8))

        await waitForTermination()
        await server.close()
        service.close()
        stats.close()
    }

    /// Returns on SIGINT or SIGTERM, or at end of standard input with --exit-on-stdin-eof.
    private func waitForTermination() async {
        for number in [SIGINT, SIGTERM, SIGPIPE] { signal(number, SIG_IGN) }
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        if exitOnStdinEOF {
            Thread.detachNewThread {
                while readLine() != nil {}
                continuation.yield()
            }
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
    }
}
