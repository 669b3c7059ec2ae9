/// Where a new transport of a virtual router goes: Mafalda's lazy,
/// concentrating placement, as a pure function of the loads it is given.
///
/// Loads are CPU percentages of one core (0 to 100 per core), as the
/// manager's `getStats()` reports them per worker process. "Under the
/// watermark" is strictly below it, so a watermark of 0 never concentrates:
/// every decision spreads (new worker while the cap allows, else the least
/// loaded).
public enum Placement {
    /// A real router that could take the transport.
    public struct RouterCandidate: Sendable, Hashable {
        /// The real router's id.
        public var routerId: String
        /// The pool's key of the real worker it lives on.
        public var workerKey: Int
        /// The CPU load of that worker, percent of one core.
        public var load: Double
        /// Whether the virtual router already uses this real router.
        public var registered: Bool
        /// Transports of every virtual router on this real router.
        public var transports: Int
        /// A candidate real router.
        public init(routerId: String, workerKey: Int, load: Double, registered: Bool, transports: Int) {
            self.routerId = routerId
            self.workerKey = workerKey
            self.load = load
            self.registered = registered
            self.transports = transports
        }
    }

    /// A real worker with the right settings but no real router with the right codecs yet.
    public struct WorkerCandidate: Sendable, Hashable {
        /// The pool's key of the worker.
        public var workerKey: Int
        /// Its CPU load, percent of one core.
        public var load: Double
        /// A candidate real worker.
        public init(workerKey: Int, load: Double) {
            self.workerKey = workerKey
            self.load = load
        }
    }

    /// What to do.
    public enum Decision: Sendable, Hashable {
        /// Use this existing real router.
        case router(String)
        /// Create a real router on this existing worker.
        case newRouter(workerKey: Int)
        /// Start a real worker (the cap allows it) and create a real router on it.
        case newWorker
    }

    /// The decision for one new transport, or nil when there is nowhere to
    /// put it (no worker at all and none may be started).
    ///
    /// In order: (a) the busiest real router the virtual router already uses
    /// whose worker is under the watermark; (b) the busiest real router with
    /// the same settings used by other virtual routers, under the watermark;
    /// (c) a new real router on the busiest worker under the watermark; (d) a
    /// new worker while the cap allows; (e) the least loaded of everything
    /// (fewest transports on a tie; a new real router on an idle worker
    /// before a busier router).
    public static func decide(
        routers: [RouterCandidate], workers: [WorkerCandidate], canStartWorker: Bool, watermark: Double
    ) -> Decision? {
        let underWatermark = routers.filter { $0.load < watermark }
        if let mine = busiest(underWatermark.filter(\.registered)) { return .router(mine.routerId) }
        if let shared = busiest(underWatermark) { return .router(shared.routerId) }
        if let worker = workers.filter({ $0.load < watermark }).max(by: { $0.load < $1.load }) {
            return .newRouter(workerKey: worker.workerKey)
        }
        if canStartWorker { return .newWorker }
        let leastRouter = routers.min { ($0.load, $0.transports) < ($1.load, $1.transports) }
        let leastWorker = workers.min { $0.load < $1.load }
        switch (leastRouter, leastWorker) {
        case (let router?, let worker?):
            return worker.load < router.load ? .newRouter(workerKey: worker.workerKey) : .router(router.routerId)
        case (let router?, nil): return .router(router.routerId)
        case (nil, let worker?): return .newRouter(workerKey: worker.workerKey)
        case (nil, nil): return nil
        }
    }

    /// The most loaded candidate; on a tie, the one with more transports (concentrating).
    private static func busiest(_ candidates: [RouterCandidate]) -> RouterCandidate? {
        candidates.max { ($0.load, $0.transports) < ($1.load, $1.transports) }
    }

    /// Which real worker a virtual worker starts on.
    public enum WorkerDecision: Sendable, Hashable {
        /// This existing worker.
        case existing(workerKey: Int)
        /// A new worker (the cap allows it).
        case start
    }

    /// Where a virtual worker's first real worker comes from: the busiest
    /// worker under the watermark, else a new one while the cap allows, else
    /// the least loaded. Nil when there is none and none may be started.
    public static func homeWorker(workers: [WorkerCandidate], canStartWorker: Bool, watermark: Double)
        -> WorkerDecision?
    {
        if let worker = workers.filter({ $0.load < watermark }).max(by: { $0.load < $1.load }) {
            return .existing(workerKey: worker.workerKey)
        }
        if canStartWorker { return .start }
        return workers.min(by: { $0.load < $1.load }).map { .existing(workerKey: $0.workerKey) }
    }
}
