import Foundation
import Logging
import Mediasoup
import Synchronization

/// A media server's registration in the cluster: its ``ServerRecord`` under
/// a lease that it keeps alive. If etcd is lost, it retries with backoff; if
/// the lease expired meanwhile, it registers again. ``deregister()``
/// revokes the lease, so the cluster forgets the server at once.
public final class ServerRegistration: Sendable {
    /// What is registered.
    public let record: ServerRecord
    private let etcd: EtcdClient
    private let key: String
    private let ttl: Int
    private let logger: Logger
    private let state = Mutex<(lease: String, keeper: Task<Void, Never>?)>(("", nil))

    /// Registers `record` under `prefix` with a lease of `ttl` seconds;
    /// `logger` tells of etcd failures and of registering again after a
    /// lease expired (warning), with the server as metadata.
    ///
    /// - Throws: ``EtcdError`` when etcd cannot be reached or refuses;
    ///   ``TypeError`` when a server of that name is registered already.
    public static func register(
        _ record: ServerRecord, etcd: EtcdClient, prefix: String, ttl: Int = 5,
        logger: Logger = Logger(label: "mafalda.registration")
    ) async throws -> ServerRegistration {
        let registration = ServerRegistration(record: record, etcd: etcd, prefix: prefix, ttl: ttl, logger: logger)
        let lease = try await registration.create()
        registration.state.withLock { $0.lease = lease }
        registration.startKeepingAlive()
        return registration
    }

    private init(
        record: ServerRecord, etcd: EtcdClient, prefix: String, ttl: Int, logger: Logger
    ) {
        self.record = record
        self.etcd = etcd
        key = ServerRecord.key(name: record.name, prefix: prefix)
        self.ttl = max(ttl, 2)
        var logger = logger
        logger[metadataKey: "server"] = "\(record.name)"
        self.logger = logger
    }

    /// The lease the record lives under now.
    public var lease: String { state.withLock { $0.lease } }

    /// Stops keeping the lease alive and revokes it: the record goes.
    public func deregister() async {
        let (lease, keeper) = state.withLock { ($0.lease, $0.keeper) }
        keeper?.cancel()
        try? await etcd.revoke(lease: lease)
    }

    /// A new lease and the record under it, if no other server holds the name.
    private func create() async throws -> String {
        let lease = try await etcd.grantLease(ttl: ttl)
        guard try await etcd.create(key: key, value: record.encoded(), lease: lease) else {
            try? await etcd.revoke(lease: lease)
            throw TypeError("a server named \(record.name) is already registered at \(etcd.endpoint)")
        }
        return lease
    }

    private func startKeepingAlive() {
        let keeper = Task { [weak self] in
            var backoff = Duration.milliseconds(250)
            while !Task.isCancelled {
                guard let self else { return }
                try? await Task.sleep(for: .seconds(Double(self.ttl) / 3))
                guard !Task.isCancelled else { return }
                do {
                    try await self.etcd.keepAlive(lease: self.lease)
                    backoff = .milliseconds(250)
                } catch let error as EtcdError where error.reason == .leaseExpired {
                    self.logger.warning("lease expired; registering again")
                    do {
                        let lease = try await self.create()
                        self.state.withLock { $0.lease = lease }
                    } catch {
                        self.logger.warning("registering again failed", metadata: ["error": "\(error)"])
                    }
                } catch {
                    self.logger.warning(
                        "keeping the lease alive failed; retrying",
                        metadata: ["error": "\(error)", "backoff": "\(backoff)"])
                    try? await Task.sleep(for: backoff)
                    backoff = min(backoff * 2, .seconds(5))
                }
            }
        }
        state.withLock { $0.keeper = keeper }
    }
}
