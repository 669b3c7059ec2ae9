import Mediasoup

/// pidusage's figures for one process from its `/proc/<pid>/stat`, with the
/// CPU share since the previous sample of the same process (or since the
/// process started, on the first).
struct PidUsageSampler: Sendable {
    /// What the next sample of a process measures its CPU share against.
    struct Sample: Sendable, Hashable {
        /// Milliseconds of user plus system time.
        var cpuTime: Double
        /// Host uptime in milliseconds when sampled.
        var uptime: Double
    }

    var millisecondsPerTick: Double
    var pageSize: Int

    /// The usage of process `pid` and the sample to keep for its next call.
    ///
    /// - Parameters:
    ///   - hostUptime: seconds since boot, read with the stat.
    ///   - timestamp: milliseconds since the epoch.
    func usage(
        pid: Int, stat: ProcessStat, hostUptime: Double, timestamp: Double, previous: Sample?
    ) -> (usage: MediasoupStats.PidUsage, sample: Sample) {
        let cpuTime = (stat.userTicks + stat.systemTicks) * millisecondsPerTick
        let start = stat.startTicks * millisecondsPerTick
        let uptime = hostUptime * 1000
        let busy = cpuTime - (previous?.cpuTime ?? 0)
        let elapsedSincePrevious = abs(uptime - (previous?.uptime ?? start))
        let cpu = elapsedSincePrevious > 0 ? max(0, busy) / elapsedSincePrevious * 100 : 0
        let usage = MediasoupStats.PidUsage(
            cpu: cpu, memory: stat.residentPages * pageSize, ppid: stat.ppid, pid: pid, ctime: cpuTime,
            elapsed: max(0, uptime - start), timestamp: timestamp)
        return (usage, Sample(cpuTime: cpuTime, uptime: uptime))
    }
}
