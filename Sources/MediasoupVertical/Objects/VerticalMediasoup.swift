import Mediasoup
import Synchronization

/// The mediasoup object of a ``MediasoupVertical``: virtual workers over the
/// real workers of the manager's mediasoup object.
final class VerticalMediasoup: MediasoupAPI {
    let version = mediasoupVersion
    let observer = EventEmitter<MediasoupObserverEvent>()
    let pool: RealPool
    private let real: any MediasoupAPI
    private let workers = Mutex<[VerticalWorker]>([])

    init(real: any MediasoupAPI, options: VerticalOptions, stats: @escaping @Sendable () async throws -> MediasoupStats?) {
        self.real = real
        pool = RealPool(mediasoup: real, options: options, stats: stats)
    }

    var workerBin: String { real.workerBin }

    /// - Throws: what starting a real worker throws (`TypeError` for wrong
    ///   settings), when no real worker with these settings exists yet.
    func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        let settings = pool.options.merged(settings)
        let home = try await pool.leaseHomeWorker(settings: settings)
        let worker = VerticalWorker(
            pool: pool, settings: settings, homeKey: home.key, homeWorker: home.worker, appData: settings.appData ?? [:])
        workers.withLock { $0.append(worker) }
        worker.observer.on { [weak self, weak worker] event in
            guard case .close = event, let worker else { return }
            self?.workers.withLock { $0.removeAll { $0 === worker } }
        }
        observer.emit(.newWorker(worker))
        return worker
    }

    func setLogEventListeners(_ listeners: LogEventListeners?) {
        real.setLogEventListeners(listeners)
    }

    /// Closes every virtual worker (and so releases every real one).
    func closeAll() {
        for worker in workers.withLock({ $0 }) { worker.close() }
    }
}

/// Virtual worker pids: above Linux's largest pid (2^22), so no signal sent
/// to one can reach a process.
enum VirtualPid {
    private static let next = Atomic<Int>(4_194_304)

    static func make() -> Int {
        next.add(1, ordering: .relaxed).newValue
    }
}
