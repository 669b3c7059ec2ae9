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

    /// A worker on the server that ``ServerPlacement`` chooses from each
    /// server's figures (asked for now, ``statsPatience`` at most) among those
    /// whose mediasoup is available.
    ///
    /// - Throws: ``InvalidStateError`` when no server is available; what the
    ///   server's `createWorker()` throws.
    func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        let open = workers.withLock { $0 }
        let candidates = membership.members.compactMap { member in
            member.server.manager.mediasoup.map { (member: member, mediasoup: $0) }
        }
        let stats = await Self.latestStats(of: candidates.map(\.member))
        let placement = candidates.enumerated().map { index, candidate in
            ServerPlacement.Candidate(workers: open.count { $0.member === candidate.member }, stats: stats[index])
        }
        guard let index = ServerPlacement.choose(placement) else {
            throw InvalidStateError("no server of the cluster is available to create a worker")
        }
        let chosen = candidates[index]
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

    /// How long placement waits for a server's figures before placing without them.
    static let statsPatience = Duration.seconds(1)

    /// Each member's figures, in order; nil for one that failed or took over
    /// ``statsPatience`` (its request goes on, unheeded, until it ends).
    private static func latestStats(of members: [Member]) async -> [MediasoupStats?] {
        await withTaskGroup(of: (Int, MediasoupStats?).self) { group in
            for (index, member) in members.enumerated() {
                let manager = member.server.manager
                group.addTask { (index, await firstOf({ try? await manager.getStats() }, orNilAfter: statsPatience)) }
            }
            var stats = [MediasoupStats?](repeating: nil, count: members.count)
            for await (index, figures) in group { stats[index] = figures }
            return stats
        }
    }

    /// What `answer` gives, or nil once `patience` has passed without it.
    private static func firstOf<Value: Sendable>(
        _ answer: @escaping @Sendable () async -> Value?, orNilAfter patience: Duration
    ) async -> Value? {
        let resumed = Mutex(false)
        return await withCheckedContinuation { continuation in
            let resume: @Sendable (Value?) -> Void = { value in
                guard resumed.withLock({ done in defer { done = true }; return !done }) else { return }
                continuation.resume(returning: value)
            }
            Task { resume(await answer()) }
            Task {
                try? await Task.sleep(for: patience)
                resume(nil)
            }
        }
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
