import Mediasoup

/// Which server of the cluster takes a new worker: the least loaded, by the
/// larger of two shares of its cores (`availableParallelism` in its
/// getStats): the cluster's workers on it, and the CPU its worker processes
/// use now (every worker of that server, the cluster's or not). A server with
/// twice the cores takes twice the workers; a busy one is passed over until
/// the others are as busy. Ties go to the server with fewer of the cluster's
/// workers, then to the one added first. Without figures from every server
/// (one did not answer getStats in time), the server with the fewest of the
/// cluster's workers takes it, as before any figures.
public enum ServerPlacement {
    /// One server that could take the worker.
    public struct Candidate: Sendable {
        /// The cluster's open workers on the server.
        public var workers: Int
        /// The server's latest figures; nil when it gave none in time.
        public var stats: MediasoupStats?

        /// A server with `workers` of the cluster's workers open and its latest figures (nil when it gave none).
        public init(workers: Int, stats: MediasoupStats?) {
            self.workers = workers
            self.stats = stats
        }
    }

    /// The index of the candidate that takes the worker; nil when there is none.
    public static func choose(_ candidates: [Candidate]) -> Int? {
        let loads = candidates.map(load)
        let everyServerAnswered = loads.allSatisfy { $0 != nil }
        return candidates.indices.min { first, second in
            if everyServerAnswered, let a = loads[first], let b = loads[second], a != b { return a < b }
            return candidates[first].workers < candidates[second].workers
        }
    }

    /// The server's load with one more worker, in cores' worth (1 is every core busy).
    static func load(of candidate: Candidate) -> Double? {
        guard let stats = candidate.stats else { return nil }
        let cores = Double(max(stats.os.availableParallelism, 1))
        let workerShare = Double(candidate.workers + 1) / cores
        let cpuShare = (stats.pidusages ?? [:]).values.reduce(0) { $0 + $1.cpu } / 100 / cores
        return max(workerShare, cpuShare)
    }
}
