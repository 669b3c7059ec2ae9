import AcceptanceSuite
import Foundation
import ClusterMembership
import Mediasoup
import MediasoupHorizontal
import MediasoupVertical
import RemoteMediasoupClient
import Synchronization

extension TargetRegistry {
    /// MediasoupHorizontal over two `remote-mediasoup-server` processes on
    /// loopback that registered in an etcd of the run's own: each case's
    /// cluster follows the registrations (``ClusterFollower``) and connects a
    /// remote client to each server. Workers alternate between the servers,
    /// so two workers of a case are on two servers and `pipeToRouter()`
    /// between their routers crosses servers (PipeTransports on both,
    /// connected over 127.0.0.1). Worker pids are the cluster's.
    public static let horizontal = ImplementationTarget(name: "horizontal", traits: [.virtualPids]) {
        let (cluster, follower) = try await SharedCluster.instance.followingCluster()
        guard let mediasoup = cluster.mediasoup else { throw MediasoupError("MediasoupHorizontal has no mediasoup object") }
        return (
            mediasoup: mediasoup,
            teardown: {
                try? cluster.destroy()
                follower.close()
            }
        )
    }

    /// MediasoupVertical over the `horizontal` target's cluster (Mafalda's
    /// vertical over horizontal): virtual routers whose real routers are on
    /// both servers, real pipes between them crossing servers. No host
    /// worker set: the real workers are not all on this host.
    public static let verticalOnHorizontal = ImplementationTarget(
        name: "vertical-on-horizontal", traits: [.virtualPids, .virtualPipes]
    ) {
        let (cluster, follower) = try await SharedCluster.instance.followingCluster()
        let vertical: MediasoupVertical
        do {
            vertical = try MediasoupVertical(manager: cluster, options: VerticalOptions(hostWorkerSet: nil))
        } catch {
            try? cluster.destroy()
            follower.close()
            throw error
        }
        guard let mediasoup = vertical.mediasoup else { throw MediasoupError("MediasoupVertical has no mediasoup object") }
        return (
            mediasoup: mediasoup,
            teardown: {
                try? vertical.destroy()
                try? cluster.destroy()
                follower.close()
            }
        )
    }
}

/// The etcd and the two registered server processes of a run, started on first use.
final class SharedCluster: Sendable {
    static let instance = SharedCluster()
    static let prefix = "/mafalda-acceptance/"

    struct Started: Sendable {
        let etcd: EtcdProcess
        let servers: [RemoteServerProcess]
        let token: String
    }

    private let started = Mutex<Task<Started, any Error>?>(nil)

    /// A new cluster following the run's servers in etcd, once it has found them all (20 s at most).
    func followingCluster() async throws -> (MediasoupHorizontal, ClusterFollower) {
        let shared = try await started()
        let cluster = try MediasoupHorizontal()
        let follower = ClusterFollower(
            etcd: EtcdClient(endpoint: shared.etcd.endpoint), prefix: Self.prefix, cluster: cluster,
            connect: { record in try await RemoteMediasoupClient.connected(to: record.url, token: shared.token) })
        follower.start()
        let deadline = ContinuousClock.now + .seconds(20)
        while cluster.serverNames.count < shared.servers.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard cluster.serverNames.count == shared.servers.count else {
            follower.close()
            try? cluster.destroy()
            throw MediasoupError(
                "the cluster found \(cluster.serverNames.count) of \(shared.servers.count) servers in etcd in 20 s")
        }
        return (cluster, follower)
    }

    func started() async throws -> Started {
        let task = started.withLock { task in
            if let task { return task }
            let made = Task {
                let etcd = try EtcdProcess()
                try await etcd.start()
                let token = UUID().uuidString
                var servers: [RemoteServerProcess] = []
                for index in 0..<2 {
                    servers.append(
                        try await RemoteServerProcess.start(
                            token: token,
                            extraArguments: [
                                "--etcd", etcd.endpoint.absoluteString, "--etcd-prefix", Self.prefix,
                                "--name", "server-\(index)", "--registration-ttl", "3",
                            ]))
                }
                return Started(etcd: etcd, servers: servers, token: token)
            }
            task = made
            return made
        }
        return try await task.value
    }
}
