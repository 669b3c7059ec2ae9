import Mediasoup
import Synchronization

/// Mafalda's getStats factory: host, worker and control-process figures for
/// a mediasoup object, in the shape of ``MediasoupStats``.
///
/// It tracks the pid of every worker created through the mediasoup object
/// after the factory, until the worker closes. Workers created before are
/// not tracked.
///
/// ```swift
/// let stats = MediasoupGetStatsFactory(mediasoup: mediasoup)
/// let worker = try await mediasoup.createWorker()
/// let figures = try await stats.getStats()
/// print(figures.pidusages?["\(worker.pid)"]?.cpu ?? 0)
/// stats.close()
/// ```
public final class MediasoupGetStatsFactory: Sendable {
    private struct TrackedWorker: Sendable {
        let pid: Int
        let observer: EventEmitter<WorkerObserverEvent>
        let closeToken: EventEmitter<WorkerObserverEvent>.Token
    }

    private struct State: Sendable {
        var newWorkerToken: EventEmitter<MediasoupObserverEvent>.Token?
        var nextKey = 0
        var workers: [Int: TrackedWorker] = [:]
        /// The previous sample of each pid, for the CPU share since then.
        var samples: [Int: PidUsageSampler.Sample] = [:]
    }

    private let observer: EventEmitter<MediasoupObserverEvent>
    private let state = Mutex(State())

    /// Starts tracking the workers `mediasoup` creates from now on.
    public init(mediasoup: any MediasoupAPI) {
        observer = mediasoup.observer
        let token = observer.on { [weak self] event in
            guard case .newWorker(let worker) = event else { return }
            self?.track(worker)
        }
        state.withLock { $0.newWorkerToken = token }
    }

    deinit {
        close()
    }

    /// Stops tracking workers and forgets the tracked ones. Idempotent.
    public func close() {
        let (token, workers) = state.withLock { state in
            let taken = (state.newWorkerToken, state.workers.values)
            state.newWorkerToken = nil
            state.workers = [:]
            state.samples = [:]
            return taken
        }
        if let token { observer.off(token) }
        for worker in workers { worker.observer.off(worker.closeToken) }
    }

    /// The host's, the tracked workers' and this process's figures.
    ///
    /// - Parameter fullMemoryUsage: adds the kernel's memory figures of this
    ///   process (peak resident, virtual, data, stack, swap) to `rss`.
    /// - Throws: ``MediasoupError`` when the host's figures cannot be read
    ///   (no `/proc`).
    public func getStats(fullMemoryUsage: Bool = false) async throws -> MediasoupStats {
        let millisecondsPerTick = SystemFiles.millisecondsPerTick
        guard let uptimeText = SystemFiles.text(at: "/proc/uptime"), let hostUptime = HostFigures.uptime(uptimeText)
        else { throw MediasoupError("getStats: cannot read /proc/uptime") }
        let os = try hostFigures(uptime: hostUptime, millisecondsPerTick: millisecondsPerTick)
        let sampler = PidUsageSampler(millisecondsPerTick: millisecondsPerTick, pageSize: SystemFiles.pageSize)
        return MediasoupStats(
            os: os, pidusages: workerFigures(sampler: sampler, hostUptime: hostUptime),
            process: try processFigures(
                sampler: sampler, hostUptime: hostUptime, freeMemory: os.freemem, fullMemoryUsage: fullMemoryUsage))
    }

    // MARK: Tracking

    private func track(_ worker: any Worker) {
        let pid = worker.pid
        let key = state.withLock { state in
            state.nextKey += 1
            return state.nextKey
        }
        let closeToken = worker.observer.once(where: { if case .close = $0 { true } else { false } }) {
            [weak self] _ in
            self?.untrack(key: key)
        }
        let tracked = TrackedWorker(pid: pid, observer: worker.observer, closeToken: closeToken)
        let stillOpen = state.withLock { state in
            guard state.newWorkerToken != nil, !worker.closed else { return false }
            state.workers[key] = tracked
            return true
        }
        if !stillOpen { worker.observer.off(closeToken) }
    }

    private func untrack(key: Int) {
        state.withLock { state in
            guard let worker = state.workers.removeValue(forKey: key) else { return }
            if !state.workers.values.contains(where: { $0.pid == worker.pid }) {
                state.samples[worker.pid] = nil
            }
        }
    }

    // MARK: Figures

    private func hostFigures(uptime: Double, millisecondsPerTick: Double) throws -> MediasoupStats.OS {
        guard let procStat = SystemFiles.text(at: "/proc/stat") else {
            throw MediasoupError("getStats: cannot read /proc/stat")
        }
        guard let memInfo = SystemFiles.text(at: "/proc/meminfo"), let memory = HostFigures.memory(memInfo: memInfo)
        else { throw MediasoupError("getStats: cannot read /proc/meminfo") }
        let cpus = HostFigures.cpus(
            procStat: procStat, cpuInfo: SystemFiles.text(at: "/proc/cpuinfo") ?? "",
            millisecondsPerTick: millisecondsPerTick)
        let parallelism =
            SystemFiles.text(at: "/proc/self/status").flatMap(HostFigures.allowedCPUCount)
            ?? SystemFiles.onlineProcessorCount
        return MediasoupStats.OS(
            availableParallelism: parallelism, cpus: cpus, freemem: memory.free, totalmem: memory.total,
            loadavg: SystemFiles.text(at: "/proc/loadavg").flatMap(HostFigures.loadAverage) ?? [0, 0, 0],
            uptime: uptime)
    }

    /// pidusage's figures of every tracked worker still readable; nil when none is tracked.
    private func workerFigures(sampler: PidUsageSampler, hostUptime: Double) -> [String: MediasoupStats.PidUsage]? {
        let (pids, samples) = state.withLock { state in
            (Set(state.workers.values.map(\.pid)), state.samples)
        }
        guard !pids.isEmpty else { return nil }
        var usages: [String: MediasoupStats.PidUsage] = [:]
        var newSamples: [Int: PidUsageSampler.Sample] = [:]
        for pid in pids {
            guard let text = SystemFiles.text(at: "/proc/\(pid)/stat"), let stat = ProcessStat(text) else { continue }
            let (usage, sample) = sampler.usage(
                pid: pid, stat: stat, hostUptime: hostUptime, timestamp: SystemFiles.epochMilliseconds(),
                previous: samples[pid])
            usages[String(pid)] = usage
            newSamples[pid] = sample
        }
        state.withLock { state in
            let tracked = Set(state.workers.values.map(\.pid))
            for (pid, sample) in newSamples where tracked.contains(pid) { state.samples[pid] = sample }
        }
        return usages
    }

    private func processFigures(
        sampler: PidUsageSampler, hostUptime: Double, freeMemory: Int, fullMemoryUsage: Bool
    ) throws -> MediasoupStats.Process {
        guard let text = SystemFiles.text(at: "/proc/self/stat"), let stat = ProcessStat(text) else {
            throw MediasoupError("getStats: cannot read /proc/self/stat")
        }
        let usage = SystemFiles.selfResourceUsage()
        let constraint = ProcessFigures.memoryConstraint(
            candidates: CgroupMemory.candidateFiles(procSelfCgroup: SystemFiles.text(at: "/proc/self/cgroup") ?? ""),
            freeMemory: freeMemory, read: SystemFiles.text(at:))
        let startSeconds = stat.startTicks * sampler.millisecondsPerTick / 1000
        return MediasoupStats.Process(
            availableMemory: constraint.available, constrainedMemory: constraint.constrained,
            cpuUsage: ProcessFigures.cpuUsage(usage), hrtime: SystemFiles.monotonicNanoseconds(),
            memoryUsage: ProcessFigures.memoryUsage(
                rss: stat.residentPages * sampler.pageSize,
                processStatus: fullMemoryUsage ? SystemFiles.text(at: "/proc/self/status") : nil),
            resourceUsage: ProcessFigures.resourceUsage(usage), uptime: max(0, hostUptime - startSeconds))
    }
}
