import ArgumentParser
import ClusterMembership
import Dispatch
import Foundation
import Mediasoup
import MediasoupGetStats
import MediasoupVertical
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

    @Option(help: "A file holding the bearer token clients must present (read once; surrounding white space ignored). Default: the MAFALDA_TOKEN environment variable. Never on the command line, where ps shows it.")
    var tokenFile: String?

    @Option(help: "A file holding the HS256 secret of the JWTs clients may present instead of the token (claims: sub, exp, scope \"control\" or \"read\", routers [ids]).")
    var jwtSecretFile: String?

    @Flag(help: "Serve without a token: accepted on a loopback address only.")
    var insecureNoToken = false

    @Flag(help: "Allow a token over plain ws:// on a non-loopback address (it crosses the network in clear text).")
    var insecurePlainTextToken = false

    @Option(help: "PEM certificate chain: serve wss:// (with --tls-key).")
    var tlsCertificate: String?

    @Option(help: "PEM private key of --tls-certificate.")
    var tlsKey: String?

    @Option(help: "The largest accepted message, in bytes.")
    var maxFrameSize = RopeServerConfiguration.defaultMaxFrameSize

    @Option(help: "The most connections open at once, authenticated or not.")
    var maxConnections = RopeServerConfiguration().maxConnections

    @Option(help: "The most connections open at once from one IP address.")
    var maxConnectionsPerAddress = RopeServerConfiguration().maxConnectionsPerAddress

    @Option(help: "Seconds a connection may take to finish TLS and the WebSocket upgrade.")
    var handshakeTimeout = 10.0

    @Option(help: "Seconds between pings; a client that has not answered the last one is disconnected.")
    var pingInterval = 30.0

    @Option(help: "The most bytes queued for one client before it is disconnected as a slow reader.")
    var maxQueuedBytes = RopeServerConfiguration().maxQueuedBytesPerClient

    @Option(help: "The most requests of one client running at once; more are refused.")
    var maxRequestsInFlight = RopeServerConfiguration().maxRequestsInFlight

    @Option(help: "Requests of one client started per second; more wait their turn.")
    var maxRequestsPerSecond = RopeServerConfiguration().maxRequestsPerSecond

    @Flag(help: "Accept injectNotificationForTesting (acceptance suites only).")
    var allowTestHooks = false

    @Option(help: "The directory whose PEM files clients may name as a worker's DTLS certificate and key (none: refused).")
    var certificateDirectory: String?

    @Option(help: "The most worker processes at once (default: the host's CPUs).")
    var maxWorkers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The most routers at once.")
    var maxRouters = RemoteMediasoupServerQuotas().routers

    @Option(help: "The most transports at once.")
    var maxTransports = RemoteMediasoupServerQuotas().transports

    @Option(help: "The most producers (and data producers) at once, each.")
    var maxProducers = RemoteMediasoupServerQuotas().producers

    @Option(help: "The most consumers (and data consumers) at once, each.")
    var maxConsumers = RemoteMediasoupServerQuotas().consumers

    @Flag(help: "Serve MediasoupVertical over the local engine: each router spans the host's cores (Mafalda's vertical-server).")
    var vertical = false

    @Option(help: "With --vertical: CPU percent of one core above which a real worker takes no new transports while another can.")
    var watermarkWorker: Double = 60

    @Flag(help: "Exit when standard input reaches end of file (when the parent process goes away).")
    var exitOnStdinEOF = false

    @Option(help: "Register in etcd at this URL (its v3 JSON gateway, e.g. http://127.0.0.1:2379) under a lease kept alive while running, so that clusters following the prefix add this server; deregistered on SIGTERM. Retried with backoff while etcd is unreachable.")
    var etcd: String?

    @Option(help: "With --etcd: the key prefix of the cluster.")
    var etcdPrefix = "/mafalda/"

    @Option(help: "With --etcd: this server's name in the cluster, unique (default: its public URL).")
    var name: String?

    @Option(help: "With --etcd: the URL clusters connect to (default: ws[s]://HOST:PORT/ as listening).")
    var publicUrl: String?

    @Option(help: "With --etcd: the IP address other servers reach this server's PipeTransports at (default: loopback, servers of one host).")
    var pipeAddress: String?

    @Option(help: "With --etcd: seconds the registration outlives this server if it dies.")
    var registrationTtl = 5

    func validate() throws {
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
        if let etcd, URL(string: etcd)?.host == nil {
            throw ValidationError("--etcd takes a URL such as http://127.0.0.1:2379, not \(etcd)")
        }
    }

    func run() async throws {
        let token = try readToken()
        let jwtSecret = try jwtSecretFile.map { try Self.readSecret($0, what: "JWT secret") }
        guard token != nil || jwtSecret != nil || insecureNoToken else {
            throw ValidationError("give a token (--token-file or MAFALDA_TOKEN), or --insecure-no-token on loopback")
        }
        let tls = tlsCertificate.flatMap { certificate in
            tlsKey.map { RopeServerConfiguration.TLSFiles(certificateChainPath: certificate, privateKeyPath: $0) }
        }
        let configuration = RopeServerConfiguration(
            host: host, port: port, token: token, jwtSecret: jwtSecret, tls: tls, maxFrameSize: maxFrameSize,
            maxConnections: maxConnections, maxConnectionsPerAddress: maxConnectionsPerAddress,
            handshakeTimeout: .milliseconds(Int(handshakeTimeout * 1000)),
            pingInterval: .milliseconds(Int(pingInterval * 1000)),
            maxQueuedBytesPerClient: maxQueuedBytes, maxRequestsInFlight: maxRequestsInFlight,
            maxRequestsPerSecond: maxRequestsPerSecond)
        do {
            try configuration.checkExposure(allowPlainTextToken: insecurePlainTextToken)
        } catch {
            throw ValidationError("\(error)")
        }
        let local = LocalMediasoup()
        let stats = MediasoupGetStatsFactory(mediasoup: local)
        var mediasoup: any MediasoupAPI = local
        var verticalLayer: MediasoupVertical?
        if vertical {
            let layer = try MediasoupVertical(
                manager: PlainMediasoupManager(mediasoup: local),
                options: VerticalOptions(watermarkWorker: watermarkWorker))
            guard let served = layer.mediasoup else { throw ValidationError("the vertical layer has no mediasoup object") }
            (mediasoup, verticalLayer) = (served, layer)
        }
        let service = RemoteMediasoupServer(
            mediasoup: mediasoup, getStats: { try await stats.getStats() },
            options: .init(
                allowTestHooks: allowTestHooks, certificateDirectory: certificateDirectory,
                quotas: .init(
                    workers: maxWorkers, routers: maxRouters, transports: maxTransports, producers: maxProducers,
                    consumers: maxConsumers, dataProducers: maxProducers, dataConsumers: maxConsumers)))
        let server = try await RopeWebSocketServer.start(service: service, configuration: configuration)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let listeningURL = "\(tls == nil ? "ws" : "wss")://\(shownHost):\(server.port)/"
        FileHandle.standardOutput.write(Data("listening on \(listeningURL)\n".utf8))
        let registration = Task { try await register(url: publicUrl ?? listeningURL) }

        await waitForTermination()
        registration.cancel()
        if let registered = try? await registration.value { await registered.deregister() }
        await server.close()
        service.close()
        try? verticalLayer?.destroy()
        stats.close()
    }

    /// With --etcd, this server's registration, retried with backoff (each
    /// failure on standard error) until etcd answers; nil without --etcd.
    ///
    /// - Throws: when another server holds the name (the server exits), or cancelled.
    private func register(url: String) async throws -> ServerRegistration? {
        guard let etcd, let endpoint = URL(string: etcd) else { return nil }
        let client = EtcdClient(endpoint: endpoint)
        let record = ServerRecord(
            name: name ?? url, url: url, pipeAddress: pipeAddress, capacity: ProcessInfo.processInfo.activeProcessorCount)
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        var backoff = Duration.milliseconds(250)
        while true {
            do {
                let registration = try await ServerRegistration.register(
                    record, etcd: client, prefix: etcdPrefix, ttl: registrationTtl, log: log)
                log("registered as \(record.name) at \(etcd) under \(etcdPrefix)")
                return registration
            } catch let error as EtcdError {
                log("registration: \(error); retrying in \(backoff)")
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            } catch {
                log("registration refused: \(error)")
                Foundation.exit(2)
            }
        }
    }

    /// The token from --token-file, else MAFALDA_TOKEN; nil when neither gives one.
    private func readToken() throws -> String? {
        if let tokenFile { return try Self.readSecret(tokenFile, what: "token") }
        return ProcessInfo.processInfo.environment["MAFALDA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The contents of a secret's file, surrounding white space removed.
    private static func readSecret(_ path: String, what: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the \(what) file \(path)")
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw ValidationError("the \(what) file \(path) is empty") }
        return secret
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
