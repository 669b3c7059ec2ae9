import Mediasoup
import Synchronization

/// Mafalda's horizontal scaling: the workers of many media servers shown as
/// one mediasoup. A manager over other managers (remote clients, local
/// engines, vertical engines), one per server, added and removed while it
/// runs; its ``mediasoup`` object creates each new worker on the least loaded
/// server (``ServerPlacement``, from each server's getStats), shows its pid as the cluster's
/// (see ``HorizontalServer``), and pipes producers between routers of two
/// servers with mediasoup's own recipe (PipeTransports on both servers, at
/// each server's ``HorizontalServer/pipeListenInfo``).
///
/// ```swift
/// let cluster = try MediasoupHorizontal(servers: [
///     HorizontalServer(name: urlA, manager: clientA), HorizontalServer(name: urlB, manager: clientB),
/// ])
/// let worker = try await cluster.mediasoup!.createWorker()
/// ```
public final class MediasoupHorizontal: MediasoupManager {
    /// The manager's `mediasoup` and `error` events; servers' errors are relayed.
    public let events = EventEmitter<ManagerEvent>()
    let membership = Membership()
    private let state = Mutex<(destroyed: Bool, mediasoup: HorizontalMediasoup?)>((false, nil))

    /// A cluster of `servers` (more can be added later); its ``mediasoup`` is
    /// available at once, and creates workers when a server can.
    ///
    /// - Throws: as ``add(_:)``.
    public init(servers: [HorizontalServer] = []) throws {
        state.withLock { $0.mediasoup = HorizontalMediasoup(membership: membership) }
        for server in servers { try add(server) }
    }

    /// The mediasoup object; nil once destroyed.
    public var mediasoup: (any MediasoupAPI)? { state.withLock { $0.mediasoup } }
    /// Whether ``destroy()`` was called.
    public var destroyed: Bool { state.withLock { $0.destroyed } }
    /// The names of the servers in the cluster, in the order they were added.
    public var serverNames: [String] { membership.members.map(\.name) }

    /// Adds a server; new workers may be created on it at once.
    ///
    /// - Throws: ``TypeError`` for a name already in the cluster;
    ///   ``UnsupportedError`` for a server whose mediasoup has another major
    ///   or minor version than this one's (its API may differ);
    ///   ``InvalidStateError`` once destroyed.
    public func add(_ server: HorizontalServer) throws {
        guard !destroyed else { throw InvalidStateError("MediasoupHorizontal destroyed") }
        if let version = server.manager.mediasoup?.version { try Self.checkVersion(version, of: server.name) }
        let member = try membership.add(server)
        let token = server.manager.events.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .error(let error): self.events.emit(.error(error))
            case .mediasoup(let mediasoup?):
                do {
                    try Self.checkVersion(mediasoup.version, of: server.name)
                } catch {
                    self.remove(server.name)
                    self.events.emit(.error(error))
                }
            case .mediasoup(nil): break
            }
        }
        member.setToken(token, on: server.manager.events)
    }

    /// Removes the server named `name`; no new work goes there. Its workers
    /// in the cluster close (with their routers), or, when the server was
    /// `lost` (it died: its registration ended), die with that error as
    /// workers whose process exited: `workerclose` on their routers, `died`,
    /// observer `close`. The server's manager is the caller's: it is not
    /// destroyed. False for an unknown name.
    @discardableResult
    public func remove(_ name: String, lost: (any Error)? = nil) -> Bool {
        guard let member = membership.remove(name) else { return false }
        member.unlisten()
        state.withLock { $0.mediasoup }?.endWorkers(of: member, lost: lost)
        return true
    }

    /// The name of the server a worker of this cluster runs on; nil for
    /// another object.
    public func serverName(of worker: any Worker) -> String? {
        state.withLock { $0.mediasoup }?.serverName(of: worker)
    }

    /// Every server's figures, with its workers' pids as the cluster shows
    /// them: processor figures and memory summed, pid usages merged, the
    /// process figures of the first server. Nil with no server that answers.
    public func getStats() async throws -> MediasoupStats? {
        var merged: MediasoupStats?
        for member in membership.members {
            guard let stats = try? await member.server.manager.getStats() else { continue }
            var usages: [String: MediasoupStats.PidUsage] = [:]
            for (key, usage) in stats.pidusages ?? [:] {
                guard let pid = Int(key) else { continue }
                var usage = usage
                usage.pid = member.clusterPid(pid)
                usages[String(usage.pid)] = usage
            }
            guard var total = merged else {
                var first = stats
                first.pidusages = usages
                merged = first
                continue
            }
            total.os.availableParallelism += stats.os.availableParallelism
            total.os.cpus += stats.os.cpus
            total.os.freemem += stats.os.freemem
            total.os.totalmem += stats.os.totalmem
            total.pidusages = (total.pidusages ?? [:]).merging(usages) { first, _ in first }
            merged = total
        }
        return merged
    }

    /// Closes every worker of the cluster and forgets the servers (their
    /// managers are the caller's); emits `.mediasoup(nil)`.
    ///
    /// - Throws: ``InvalidStateError`` when already destroyed.
    public func destroy() throws {
        let mediasoup = try state.withLock { state -> HorizontalMediasoup? in
            guard !state.destroyed else { throw InvalidStateError("manager already destroyed") }
            state.destroyed = true
            defer { state.mediasoup = nil }
            return state.mediasoup
        }
        for member in membership.removeAll() { member.unlisten() }
        mediasoup?.closeAll()
        events.emit(.mediasoup(nil))
    }

    /// Servers of another major or minor mediasoup version are refused: the
    /// patch level does not change the API.
    ///
    /// - Throws: ``UnsupportedError`` naming the server and both versions.
    public static func checkVersion(_ version: String, of name: String) throws {
        func majorMinor(_ version: String) -> ArraySlice<Substring> { version.split(separator: ".").prefix(2) }
        guard majorMinor(version) == majorMinor(mediasoupVersion) else {
            throw UnsupportedError(
                "server \(name) runs mediasoup \(version), this cluster speaks \(mediasoupVersion)")
        }
    }
}
