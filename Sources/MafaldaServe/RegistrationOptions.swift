import ArgumentParser
import ClusterMembership
import Foundation

/// Where a server registers so that clusters find it: etcd, the prefix, and
/// what it publishes about itself.
public struct RegistrationOptions: ParsableArguments {
    @Option(help: "Register in etcd at this URL (its v3 JSON gateway, e.g. http://127.0.0.1:2379) under a lease kept alive while running, so that clusters following the prefix add this server; deregistered on SIGTERM. Retried with backoff while etcd is unreachable.")
    public var etcd: String?

    @Option(help: "With --etcd: the key prefix of the cluster.")
    public var etcdPrefix = "/mafalda/"

    @Option(help: "With --etcd: this server's name in the cluster, unique (default: its public URL).")
    public var name: String?

    @Option(help: "With --etcd: the URL clusters connect to (default: ws[s]://HOST:PORT/ as listening).")
    public var publicUrl: String?

    @Option(help: "With --etcd: the IP address other servers reach this server's PipeTransports at (default: loopback, servers of one host).")
    public var pipeAddress: String?

    @Option(help: "With --etcd: seconds the registration outlives this server if it dies.")
    public var registrationTtl = 5

    public init() {}

    public func validate() throws {
        if let etcd, URL(string: etcd)?.host == nil {
            throw ValidationError("--etcd takes a URL such as http://127.0.0.1:2379, not \(etcd)")
        }
    }

    /// What to register, with --etcd; nil without.
    var plan: RegistrationPlan? {
        guard let etcd, let endpoint = URL(string: etcd) else { return nil }
        return RegistrationPlan(
            endpoint: endpoint, prefix: etcdPrefix, name: name, publicUrl: publicUrl, pipeAddress: pipeAddress,
            ttl: registrationTtl)
    }
}

/// A server's registration to make, from ``RegistrationOptions``.
struct RegistrationPlan: Sendable {
    let endpoint: URL
    let prefix: String
    let name: String?
    let publicUrl: String?
    let pipeAddress: String?
    let ttl: Int

    /// The server's registration at `url` (unless --public-url says
    /// otherwise), retried with backoff (each failure logged)
    /// until etcd answers.
    ///
    /// - Throws: `ValidationError` when another server holds the name; cancelled.
    func register(url: String) async throws -> ServerRegistration {
        let client = EtcdClient(endpoint: endpoint)
        let url = publicUrl ?? url
        let record = ServerRecord(
            name: name ?? url, url: url, pipeAddress: pipeAddress, capacity: ProcessInfo.processInfo.activeProcessorCount)
        var backoff = Duration.milliseconds(250)
        while true {
            do {
                let registration = try await ServerRegistration.register(
                    record, etcd: client, prefix: prefix, ttl: ttl)
                ServerLog.serving.info(
                    "registered", metadata: ["server": "\(record.name)", "etcd": "\(endpoint)", "prefix": "\(prefix)"])
                return registration
            } catch let error as EtcdError {
                ServerLog.serving.warning(
                    "registration failed; retrying",
                    metadata: ["etcd": "\(endpoint)", "error": "\(error)", "backoff": "\(backoff)"])
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            } catch {
                throw ValidationError("registration refused: \(error)")
            }
        }
    }
}
