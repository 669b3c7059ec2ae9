import Mediasoup
import Synchronization

/// The mediasoup object of a ``MediasoupHorizontal``: every server's workers as its own.
final class HorizontalMediasoup: MediasoupAPI {
    let version = mediasoupVersion
    let observer = EventEmitter<MediasoupObserverEvent>()
    private let membership: Membership
    private let workers = Mutex<[HorizontalWorker]>([])
    private let logListeners = Mutex<LogEventListeners?>(nil)

    init(membership: Membership) {
        self.membership = membership
    }

    /// The first server's (each server runs its own).
    var workerBin: String { membership.members.lazy.compactMap { $0.server.manager.mediasoup?.workerBin }.first ?? "" }

    /// A worker on the server with the fewest of this cluster's open workers
    /// (the first added on a tie) among those whose mediasoup is available.
    ///
    /// - Throws: ``InvalidStateError`` when no server is available; what the
    ///   server's `createWorker()` throws.
    func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        let open = workers.withLock { $0 }
        let candidates = membership.members.compactMap { member in
            member.server.manager.mediasoup.map { (member: member, mediasoup: $0) }
        }
        guard
            let chosen = candidates.min(by: { first, second in
                open.count { $0.member === first.member } < open.count { $0.member === second.member }
            })
        else {
            throw InvalidStateError("no server of the cluster is available to create a worker")
        }
        if let listeners = logListeners.withLock({ $0 }) { chosen.mediasoup.setLogEventListeners(listeners) }
        let real = try await chosen.mediasoup.createWorker(settings)
        let worker = HorizontalWorker(real: real, member: chosen.member)
        // Removed from the cluster meanwhile: the worker is not the cluster's.
        guard membership.contains(chosen.member) else {
            real.close()
            throw InvalidStateError("server \(chosen.member.name) left the cluster while creating a worker")
        }
        workers.withLock { $0.append(worker) }
        worker.observer.on { [weak self, weak worker] event in
            guard case .close = event, let worker else { return }
            self?.workers.withLock { $0.removeAll { $0 === worker } }
        }
        observer.emit(.newWorker(worker))
        return worker
    }

    /// Kept, and given to every server that starts a worker.
    func setLogEventListeners(_ listeners: LogEventListeners?) {
        logListeners.withLock { $0 = listeners }
        for member in membership.members { member.server.manager.mediasoup?.setLogEventListeners(listeners) }
    }

    /// Closes the cluster's workers on `member` (it left the cluster), or
    /// makes them die with `error` (the cluster lost it).
    func endWorkers(of member: Member, lost error: (any Error)?) {
        for worker in workers.withLock({ $0 }) where worker.member === member {
            if let error { worker.serverLost(error) } else { worker.close() }
        }
    }

    /// The name of the server `worker` (one of this cluster's) runs on.
    func serverName(of worker: any Worker) -> String? {
        (worker as? HorizontalWorker)?.member.name
    }

    func closeAll() {
        for worker in workers.withLock({ $0 }) { worker.close() }
    }
}
