import ArgumentParser
import Foundation
import Logging
import Mediasoup
import ROPE
import RemoteMediasoupServer

/// How a server command listens and whom it lets in: the flags every
/// `mafalda` server subcommand (and `remote-mediasoup-server`) shares.
public struct ServeOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    public var host = "127.0.0.1"

    @Option(help: "The TCP port (0 picks a free one; the line printed on start says which).")
    public var port = 0

    @Option(help: "A file holding the bearer token clients must present (read once; surrounding white space ignored). Default: the MAFALDA_TOKEN environment variable. Never on the command line, where ps shows it.")
    public var tokenFile: String?

    @Option(help: "A file holding the HS256 secret of the JWTs clients may present instead of the token (claims: sub, exp, scope \"control\" or \"read\", routers [ids]).")
    public var jwtSecretFile: String?

    @Flag(help: "Serve without a token: accepted on a loopback address only.")
    public var insecureNoToken = false

    @Flag(help: "Allow a token over plain ws:// on a non-loopback address (it crosses the network in clear text).")
    public var insecurePlainTextToken = false

    @Option(help: "PEM certificate chain: serve wss:// (with --tls-key).")
    public var tlsCertificate: String?

    @Option(help: "PEM private key of --tls-certificate.")
    public var tlsKey: String?

    @Option(help: "The largest accepted message, in bytes.")
    public var maxFrameSize = RopeServerConfiguration.defaultMaxFrameSize

    @Option(help: "The most connections open at once, authenticated or not.")
    public var maxConnections = RopeServerConfiguration().maxConnections

    @Option(help: "The most connections open at once from one IP address.")
    public var maxConnectionsPerAddress = RopeServerConfiguration().maxConnectionsPerAddress

    @Option(help: "Seconds a connection may take to finish TLS and the WebSocket upgrade.")
    public var handshakeTimeout = 10.0

    @Option(help: "Seconds between pings; a client that has not answered the last one is disconnected.")
    public var pingInterval = 30.0

    @Option(help: "The most bytes queued for one client before it is disconnected as a slow reader.")
    public var maxQueuedBytes = RopeServerConfiguration().maxQueuedBytesPerClient

    @Option(help: "The most requests of one client running at once; more are refused.")
    public var maxRequestsInFlight = RopeServerConfiguration().maxRequestsInFlight

    @Option(help: "Requests of one client started per second; more wait their turn.")
    public var maxRequestsPerSecond = RopeServerConfiguration().maxRequestsPerSecond

    @Flag(help: "Accept injectNotificationForTesting (acceptance suites only).")
    public var allowTestHooks = false

    @Option(help: "The directory whose PEM files clients may name as a worker's DTLS certificate and key (none: refused).")
    public var certificateDirectory: String?

    @Option(help: "The most worker processes at once (default: the host's CPUs).")
    public var maxWorkers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The most routers at once.")
    public var maxRouters = RemoteMediasoupServerQuotas().routers

    @Option(help: "The most transports at once.")
    public var maxTransports = RemoteMediasoupServerQuotas().transports

    @Option(help: "The most producers (and data producers) at once, each.")
    public var maxProducers = RemoteMediasoupServerQuotas().producers

    @Option(help: "The most consumers (and data consumers) at once, each.")
    public var maxConsumers = RemoteMediasoupServerQuotas().consumers

    @Flag(help: "Exit when standard input reaches end of file (when the parent process goes away).")
    public var exitOnStdinEOF = false

    @Option(help: "Serve /metrics (Prometheus's text format) and /health over plain HTTP on this port, without a token (0 picks a free one; the line printed on start says which). Default: not served.")
    public var metricsPort: Int?

    @Option(help: "The address of the metrics port. Default: --host.")
    public var metricsHost: String?

    @Option(help: "The least severe log lines written to standard error: trace, debug, info, notice, warning, error or critical. Default: the MAFALDA_LOG_LEVEL environment variable, or info.")
    public var logLevel: String?

    public init() {}

    /// The level of --log-level, else of MAFALDA_LOG_LEVEL, else info.
    var logThreshold: Logger.Level {
        logLevel.flatMap { Logger.Level(rawValue: $0) } ?? .fromEnvironment
    }

    public func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "--log-level takes one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not \(logLevel)")
        }
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
    }

    /// The listener's configuration: the token from --token-file or
    /// MAFALDA_TOKEN, the JWT secret, TLS, the limits.
    ///
    /// - Throws: `ValidationError` without a token on a non-loopback address,
    ///   or for an unreadable secret file.
    func ropeConfiguration() throws -> RopeServerConfiguration {
        let token = try tokenFile.map { try Self.readSecret($0, what: "token") }
            ?? ProcessInfo.processInfo.environment["MAFALDA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
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
        return configuration
    }

    /// What the served engine allows each client.
    var serverOptions: RemoteMediasoupServerOptions {
        .init(
            allowTestHooks: allowTestHooks, certificateDirectory: certificateDirectory,
            quotas: .init(
                workers: maxWorkers, routers: maxRouters, transports: maxTransports, producers: maxProducers,
                consumers: maxConsumers, dataProducers: maxProducers, dataConsumers: maxConsumers))
    }

    /// The contents of a secret's file, surrounding white space removed.
    static func readSecret(_ path: String, what: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the \(what) file \(path)")
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw ValidationError("the \(what) file \(path) is empty") }
        return secret
    }
}
