import AcceptanceTargets
import ClusterMembership
import Foundation
import Logging
import Mediasoup
import MediasoupGetStats
import MediasoupHorizontal
import MediasoupLocal
import Synchronization
import Testing

/// Servers registering in a real etcd (started by the test on loopback) and
/// a cluster following them: joining, refusals, leaving, a lease running
/// out, and etcd itself going away and coming back under a running cluster.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ClusterMembershipTests {
    /// A cluster following `etcd` under a prefix of its own; each registered
    /// server is given a local engine of this process.
    final class Rig: Sendable {
        let etcd: EtcdClient
        let prefix = "/mafalda-test-\(UUID().uuidString)/"
        let cluster: MediasoupHorizontal
        let follower: ClusterFollower
        let logged = Log()

        /// The follower's log lines, each its message then its metadata as sorted key=value pairs.
        final class Log: Sendable {
            let lines = Mutex<[String]>([])

            struct Handler: LogHandler {
                let log: Log
                var metadata: Logger.Metadata = [:]
                var logLevel: Logger.Level = .trace

                subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                    get { metadata[key] }
                    set { metadata[key] = newValue }
                }

                func log(event: LogEvent) {
                    let all = metadata.merging(event.metadata ?? [:]) { $1 }
                    let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    log.lines.withLock { $0.append(([event.message.description] + pairs).joined(separator: " ")) }
                }
            }
        }

        init(endpoint: URL) throws {
            etcd = EtcdClient(endpoint: endpoint)
            cluster = try MediasoupHorizontal()
            let logged = logged
            follower = ClusterFollower(
                etcd: etcd, prefix: prefix, cluster: cluster,
                connect: { _ in PlainMediasoupManager(mediasoup: LocalMediasoup()) },
                logger: Logger(label: "test") { _ in Log.Handler(log: logged) })
            follower.start()
        }

        func register(_ name: String, ttl: Int = 5) async throws -> ServerRegistration {
            try await ServerRegistration.register(
                ServerRecord(name: name, url: "ws://127.0.0.1:9/\(name)", capacity: 2), etcd: etcd, prefix: prefix,
                ttl: ttl)
        }

        /// Waits until the cluster's servers are `names` (10 s at most); whether they were.
        func servers(become names: [String]) async -> Bool {
            for _ in 0..<200 {
                if cluster.serverNames.sorted() == names.sorted() { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        func log(containing text: String) -> Bool { logged.lines.withLock { $0.contains { $0.contains(text) } } }

        func close() {
            follower.stop()
            try? cluster.destroy()
        }
    }

    /// Runs `body` with an etcd of its own and a rig following it; stops and
    /// removes both whatever `body` does.
    static func withEtcd(_ body: (EtcdProcess, Rig) async throws -> Void) async throws {
        let etcdProcess = try EtcdProcess()
        try await etcdProcess.start()
        let rig: Rig
        do {
            rig = try Rig(endpoint: etcdProcess.endpoint)
        } catch {
            await etcdProcess.remove()
            throw error
        }
        do {
            try await body(etcdProcess, rig)
        } catch {
            rig.close()
            await etcdProcess.remove()
            throw error
        }
        rig.close()
        await etcdProcess.remove()
    }

    @Test func serversJoinLeaveAndBadRegistrationsAreRefusedAlone() async throws {
        try await Self.withEtcd { etcdProcess, rig in

            let a = try await rig.register("a")
            let b = try await rig.register("b")
            #expect(await rig.servers(become: ["a", "b"]))
            let worker = try await #require(rig.cluster.mediasoup).createWorker()

            // The same identity twice: the second is refused, the first stays.
            await #expect(throws: TypeError("a server named a is already registered at \(etcdProcess.endpoint)")) {
                _ = try await rig.register("a")
            }
            // A registration that is not a server record, one with a malformed URL, one of another version.
            try await rig.etcd.put(key: ServerRecord.keys(under: rig.prefix) + "junk", value: Array("{not json".utf8), lease: nil)
            let badURL = ServerRecord(name: "bad-url", url: "http://", capacity: 1)
            try await rig.etcd.put(
                key: ServerRecord.key(name: "bad-url", prefix: rig.prefix), value: Array(try JSONEncoder().encode(badURL)),
                lease: nil)
            let old = ServerRecord(name: "old", url: "ws://127.0.0.1:9/old", version: "2.1.0", capacity: 1)
            try await rig.etcd.put(
                key: ServerRecord.key(name: "old", prefix: rig.prefix), value: Array(try JSONEncoder().encode(old)),
                lease: nil)
            let c = try await rig.register("c")
            #expect(await rig.servers(become: ["a", "b", "c"]))
            #expect(rig.log(containing: "servers/junk is not a server record"))
            #expect(rig.log(containing: "malformed URL: http://"))
            #expect(rig.log(containing: "runs mediasoup 2.1.0"))

            // Leaving: the cluster forgets the server and closes its workers there.
            let onServer = worker.pid >> 22
            let leaving = [a, b][onServer - 1]
            await leaving.deregister()
            #expect(await rig.servers(become: onServer == 1 ? ["b", "c"] : ["a", "c"]))
            #expect(worker.closed)
            await c.deregister()
            await [a, b][2 - onServer].deregister()
            #expect(await rig.servers(become: []))
        }
    }

    @Test func aServerWhoseLeaseRunsOutIsForgotten() async throws {
        try await Self.withEtcd { _, rig in
            // A server that registered and died: its lease is not kept alive.
            let lease = try await rig.etcd.grantLease(ttl: 2)
            let record = ServerRecord(name: "mortal", url: "ws://127.0.0.1:9/mortal", capacity: 1)
            let created = try await rig.etcd.create(
                key: ServerRecord.key(name: "mortal", prefix: rig.prefix), value: Array(try JSONEncoder().encode(record)),
                lease: lease)
            #expect(created)
            #expect(await rig.servers(become: ["mortal"]))
            #expect(await rig.servers(become: []), "forgotten when the lease ends")
            // Coming back: registered again, added again.
            let again = try await rig.register("mortal")
            #expect(await rig.servers(become: ["mortal"]))
            await again.deregister()
        }
    }

    @Test func etcdLostWhileRunningKeepsTheRoomAndFollowingResumesWhenItReturns() async throws {
        try await Self.withEtcd { etcdProcess, rig in
            let a = try await rig.register("a", ttl: 10)
            #expect(await rig.servers(become: ["a"]))
            let codec = RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
            let router = try await #require(rig.cluster.mediasoup).createWorker().createRouter(
                RouterOptions(mediaCodecs: [codec]))

            await etcdProcess.stop()
            try await Task.sleep(for: .seconds(1))
            #expect(rig.cluster.serverNames == ["a"], "the cluster keeps its servers while etcd is away")
            #expect(!router.closed)
            #expect(rig.log(containing: "etcd unavailable; keeping the servers, retrying"))
            #expect(rig.log(containing: "servers=1"))
            await #expect(throws: EtcdError.self) { _ = try await rig.register("b") }

            try await etcdProcess.start()
            let b = try await rig.register("b")
            #expect(await rig.servers(become: ["a", "b"]), "following resumed")
            #expect(!router.closed)
            await a.deregister()
            await b.deregister()
        }
    }
}
