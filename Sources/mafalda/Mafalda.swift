import ArgumentParser
import MafaldaServe

/// The Mafalda SFU's one command: each subcommand serves a mediasoup engine
/// over the remote protocol (ROPE on WebSocket), as Mafalda's six CLIs do.
@main
struct Mafalda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mafalda",
        abstract: "Serve mediasoup engines over the remote protocol: one host, one host's cores, or many hosts.",
        discussion: """
            Every subcommand prints "listening on ws[s]://HOST:PORT/" once it accepts clients, takes its \
            token from --token-file or MAFALDA_TOKEN, can register in etcd (--etcd) so that clusters find it, \
            can serve /metrics and /health (--metrics-port), logs to standard error (--log-level), \
            and on SIGTERM or SIGINT deregisters, stops accepting and closes what its clients made.
            """,
        subcommands: [
            ServerCommand.self, ProxyCommand.self, ClusterCommand.self,
            VerticalServerCommand.self, VerticalProxyCommand.self, VerticalClusterCommand.self,
        ])
}

struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Serve the local engine: a worker process per worker, on this host.")
    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) { .local() }
    }
}

struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy", abstract: "Re-serve a remote server (its objects, events and figures) to other clients.")
    @OptionGroup(title: "Upstream") var upstream: UpstreamOptions
    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) { try await upstream.connect() }
    }
}

struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Serve many servers as one mediasoup: each new worker on the least loaded server, pipes across servers.")
    @OptionGroup(title: "Cluster") var cluster: ClusterOptions
    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) { try await cluster.cluster() }
    }
}

struct VerticalServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vertical-server", abstract: "Serve the local engine with each router spanning this host's cores.")
    @OptionGroup(title: "Vertical") var vertical: VerticalFlags
    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) {
            try Engine.vertical(over: .local(), options: vertical.options(onThisHost: true))
        }
    }
}

struct VerticalProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vertical-proxy", abstract: "Re-serve a remote server with each router spanning its workers.")
    @OptionGroup(title: "Upstream") var upstream: UpstreamOptions
    @OptionGroup(title: "Vertical") var vertical: VerticalFlags
    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) {
            try Engine.vertical(over: try await upstream.connect(), options: vertical.options(onThisHost: false))
        }
    }
}

struct VerticalClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vertical-cluster",
        abstract: "Serve many servers as one mediasoup whose routers span workers of every server.")
    @OptionGroup(title: "Cluster") var cluster: ClusterOptions
    @OptionGroup(title: "Vertical") var vertical: VerticalFlags
    @OptionGroup var serve: ServeOptions
    @OptionGroup(title: "Registration") var registration: RegistrationOptions

    func run() async throws {
        try await Serving.serve(options: serve, registration: registration) {
            try Engine.vertical(over: try await cluster.cluster(), options: vertical.options(onThisHost: false))
        }
    }
}
