import AcceptanceSuite
import Foundation
import ClusterMembership
import Mediasoup
import MediasoupHorizontal
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
        let shared = try await SharedCluster.instance.started()
        let cluster = try MediasoupHorizontal()
        let follower = ClusterFollower(
            etcd: EtcdClient(endpoint: shared.etcd.endpoint), prefix: SharedCluster.prefix, cluster: cluster,
            connect: { record in try await RemoteMediasoupClient.connected(to: record.url, token: shared.token) })
        follower.start()
        let deadline = ContinuousClock.now + .seconds(20)
        while cluster.serverNames.count < shared.servers.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard cluster.serverNames.count == shared.servers.count, let mediasoup = cluster.mediasoup else {
            follower.close()
            try? cluster.destroy()
            throw MediasoupError("the cluster found \(cluster.serverNames.count) of \(shared.servers.count) servers in etcd in 20 s")
        }
        return (
            mediasoup: mediasoup,
            teardown: {
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
