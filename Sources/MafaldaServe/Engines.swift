import ArgumentParser
import ClusterMembership
import Foundation
import Mediasoup
import MediasoupGetStats
import MediasoupHorizontal
import MediasoupLocal
import MediasoupVertical
import RemoteMediasoupClient

/// What a server command serves: a manager (its mediasoup object and
/// figures), and what to do once serving stops.
public struct Engine: Sendable {
    public let manager: any MediasoupManager
    public let close: @Sendable () -> Void

    /// The mediasoup object to serve.
    ///
    /// - Throws: `ValidationError` when the manager has none (destroyed).
    public func mediasoup() throws -> any MediasoupAPI {
        guard let mediasoup = manager.mediasoup else { throw ValidationError("the engine has no mediasoup object") }
        return mediasoup
    }

    /// The local engine: a worker process per `createWorker()` on this host.
    public static func local() -> Engine {
        let manager = PlainMediasoupManager(mediasoup: LocalMediasoup())
        return Engine(manager: manager, close: { try? manager.destroy() })
    }

    /// MediasoupVertical over `engine` (closed with it).
    ///
    /// - Throws: `ValidationError` for options out of range.
    public static func vertical(over engine: Engine, options: VerticalOptions) throws -> Engine {
        do {
            let vertical = try MediasoupVertical(manager: engine.manager, options: options)
            return Engine(
                manager: vertical,
                close: {
                    try? vertical.destroy()
                    engine.close()
                })
        } catch {
            engine.close()
            throw ValidationError("\(error)")
        }
    }
}

/// The remote server a proxy re-serves.
public struct UpstreamOptions: ParsableArguments {
    @Option(help: "The remote server to re-serve (ws:// or wss://).")
    public var upstream: String

    @Option(help: "A file holding the upstream server's token. Default: the MAFALDA_UPSTREAM_TOKEN environment variable.")
    public var upstreamTokenFile: String?

    public init() {}

    /// A client connected to the upstream server (10 s at most).
    ///
    /// - Throws: `ValidationError` naming the server when it cannot connect.
    public func connect() async throws -> Engine {
        let token = try upstreamToken(file: upstreamTokenFile)
        do {
            let client = try await RemoteMediasoupClient.connected(to: upstream, token: token)
            return Engine(manager: client, close: { try? client.destroy() })
        } catch {
            throw ValidationError("cannot connect to the upstream server \(upstream): \(error)")
        }
    }
}

/// The token of upstream servers: from `file`, else MAFALDA_UPSTREAM_TOKEN.
func upstreamToken(file: String?) throws -> String {
    if let file { return try ServeOptions.readSecret(file, what: "upstream token") }
    guard let token = ProcessInfo.processInfo.environment["MAFALDA_UPSTREAM_TOKEN"], !token.isEmpty else {
        throw ValidationError("give the upstream servers' token (--upstream-token-file or MAFALDA_UPSTREAM_TOKEN)")
    }
    return token
}

/// The servers a cluster spans: followed in etcd, or a fixed list.
public struct ClusterOptions: ParsableArguments {
    @Option(help: "Follow the servers registered in etcd at this URL (e.g. http://127.0.0.1:2379): they join and leave the cluster as they register and their registrations end.")
    public var followEtcd: String?

    @Option(help: "With --follow-etcd: the key prefix the servers register under.")
    public var followPrefix = "/mafalda/"

    @Option(help: "A server of a fixed cluster (ws:// or wss://); repeat for each. Instead of --follow-etcd, for small setups.")
    public var member: [String] = []

    @Option(help: "A file holding the members' token. Default: the MAFALDA_UPSTREAM_TOKEN environment variable.")
    public var upstreamTokenFile: String?

    public init() {}

    public func validate() throws {
        guard (followEtcd == nil) != member.isEmpty else {
            throw ValidationError("give --follow-etcd URL or one --member URL per server, not both")
        }
        if let followEtcd, URL(string: followEtcd)?.host == nil {
            throw ValidationError("--follow-etcd takes a URL such as http://127.0.0.1:2379, not \(followEtcd)")
        }
    }

    /// A cluster of the members, or one following etcd (servers join as found).
    ///
    /// - Throws: `ValidationError` when a fixed member cannot be reached.
    public func cluster() async throws -> Engine {
        let token = try upstreamToken(file: upstreamTokenFile)
        let cluster = try MediasoupHorizontal()
        var follower: ClusterFollower?
        var clients: [RemoteMediasoupClient] = []
        if let followEtcd, let endpoint = URL(string: followEtcd) {
            let following = ClusterFollower(
                etcd: EtcdClient(endpoint: endpoint), prefix: followPrefix, cluster: cluster,
                connect: { record in try await RemoteMediasoupClient.connected(to: record.url, token: token) })
            following.start()
            follower = following
        }
        for url in member {
            do {
                let client = try await RemoteMediasoupClient.connected(to: url, token: token)
                clients.append(client)
                try cluster.add(HorizontalServer(name: url, manager: client))
            } catch {
                for client in clients { try? client.destroy() }
                throw ValidationError("cluster member \(url): \(error)")
            }
        }
        return Engine(
            manager: cluster,
            close: { [follower, clients] in
                try? cluster.destroy()
                follower?.close()
                for client in clients { try? client.destroy() }
            })
    }
}

/// The vertical layer's options, as flags.
public struct VerticalFlags: ParsableArguments {
    @Option(help: "CPU percent of one core above which a real worker takes no new transports while another can.")
    public var watermarkWorker: Double = 60

    public init() {}

    /// The layer's options; `onThisHost`: its real workers are this host's
    /// processes (counted host-wide with other programs), else they are elsewhere.
    public func options(onThisHost: Bool) -> VerticalOptions {
        onThisHost
            ? VerticalOptions(watermarkWorker: watermarkWorker)
            : VerticalOptions(watermarkWorker: watermarkWorker, hostWorkerSet: nil)
    }
}
