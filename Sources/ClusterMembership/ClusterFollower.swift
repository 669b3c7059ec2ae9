import Foundation
import Logging
import Mediasoup
import MediasoupHorizontal
import Synchronization

/// Keeps a ``MediasoupHorizontal`` in step with the servers registered in
/// etcd under a prefix: reads them, then watches the prefix; a server that
/// registers is connected (with `connect`) and added, one whose
/// registration goes (its lease ended: it died or left) is removed and its
/// manager destroyed. A registration that does not parse, or names another
/// mediasoup version, is refused and logged; the others are unaffected.
///
/// If etcd is lost, the cluster keeps its servers and the rooms on them; the
/// follower logs it and retries with backoff, then reads again and resumes.
public final class ClusterFollower: Sendable {
    /// Connects to a registered server: its manager for the cluster.
    public typealias Connect = @Sendable (ServerRecord) async throws -> any MediasoupManager

    private let etcd: EtcdClient
    private let prefix: String
    private let cluster: MediasoupHorizontal
    private let connect: Connect
    private let logger: Logger
    private struct State {
        var followed: [String: (record: ServerRecord, manager: any MediasoupManager)] = [:]
        var task: Task<Void, Never>?
    }
    private let state = Mutex(State())

    /// A follower of the servers under `prefix` in `etcd` for `cluster`;
    /// `logger` tells each join and leave (info), refusal and etcd failure
    /// (warning), with the server and the prefix as metadata. Nothing happens
    /// before ``start()``.
    public init(
        etcd: EtcdClient, prefix: String, cluster: MediasoupHorizontal, connect: @escaping Connect,
        logger: Logger = Logger(label: "mafalda.cluster-membership")
    ) {
        self.etcd = etcd
        self.prefix = prefix
        self.cluster = cluster
        self.connect = connect
        var logger = logger
        logger[metadataKey: "prefix"] = "\(prefix)"
        self.logger = logger
    }

    /// The names of the servers the follower added and still follows.
    public var serverNames: [String] { state.withLock { $0.followed.keys.sorted() } }

    /// Starts following (idempotent).
    public func start() {
        state.withLock { state in
            guard state.task == nil else { return }
            state.task = Task { [weak self] in await self?.follow() }
        }
    }

    /// Stops following; the servers it added stay in the cluster.
    public func stop() {
        state.withLock { state in
            state.task?.cancel()
            state.task = nil
        }
    }

    /// Stops following, removes the servers it added from the cluster and
    /// destroys the managers it connected.
    public func close() {
        stop()
        let followed = state.withLock { state in
            defer { state.followed = [:] }
            return state.followed
        }
        for (name, server) in followed {
            cluster.remove(name)
            try? server.manager.destroy()
        }
    }

    private func follow() async {
        var backoff = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                let servers = ServerRecord.keys(under: prefix)
                let (values, revision) = try await etcd.range(prefix: servers)
                await reconcile(with: values)
                backoff = .milliseconds(250)
                for try await batch in etcd.watch(prefix: servers, fromRevision: revision + 1) {
                    for event in batch.events { await apply(event) }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "etcd unavailable; keeping the servers, retrying",
                    metadata: ["error": "\(error)", "servers": "\(serverNames.count)", "backoff": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// After a (re)read: servers gone meanwhile are removed, new ones added.
    private func reconcile(with values: [EtcdKeyValue]) async {
        let present = Set(values.map(\.key))
        for name in serverNames where !present.contains(ServerRecord.key(name: name, prefix: prefix)) {
            await apply(.delete(key: ServerRecord.key(name: name, prefix: prefix)))
        }
        for value in values { await apply(.put(value)) }
    }

    private func apply(_ event: EtcdWatchEvent) async {
        switch event {
        case .delete(let key):
            let name = String(key.dropFirst(ServerRecord.keys(under: prefix).count))
            guard let gone = state.withLock({ $0.followed.removeValue(forKey: name) }) else { return }
            cluster.remove(name, lost: MediasoupError("server \(name) left the cluster: its registration ended"))
            try? gone.manager.destroy()
            logger.info("server left", metadata: ["server": "\(name)"])
        case .put(let value):
            let record: ServerRecord
            do {
                record = try ServerRecord.decode(value.value, key: value.key, prefix: prefix)
                try MediasoupHorizontal.checkVersion(record.version, of: record.name)
            } catch {
                logger.warning("registration refused", metadata: ["key": "\(value.key)", "error": "\(error)"])
                return
            }
            let known = state.withLock { $0.followed[record.name]?.record }
            if known == record { return }
            if known != nil { await apply(.delete(key: value.key)) }  // moved: a new address
            do {
                let manager = try await connect(record)
                guard !Task.isCancelled else {
                    try? manager.destroy()  // stopped while connecting
                    return
                }
                var listenInfo: TransportListenInfo?
                if let address = record.pipeAddress { listenInfo = TransportListenInfo(protocol: .udp, ip: address) }
                do {
                    try cluster.add(HorizontalServer(name: record.name, manager: manager, pipeListenInfo: listenInfo))
                } catch {
                    try? manager.destroy()
                    throw error
                }
                state.withLock { $0.followed[record.name] = (record, manager) }
                logger.info("server joined", metadata: ["server": "\(record.name)", "url": "\(record.url)"])
            } catch {
                logger.warning(
                    "server not added",
                    metadata: ["server": "\(record.name)", "url": "\(record.url)", "error": "\(error)"])
            }
        }
    }
}
