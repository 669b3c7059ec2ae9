import Mediasoup

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The control process's own figures: Node's `process.cpuUsage()`,
/// `resourceUsage()`, `memoryUsage()`, `uptime()`, `availableMemory()` and
/// `constrainedMemory()`.
enum ProcessFigures {
    /// `/proc/self/status` fields added to `rss` with full memory usage, by the key they get.
    /// Node's V8 heap figures have no Swift counterpart; these are the kernel's.
    static let fullMemoryFields: [(key: String, field: String)] = [
        ("rssPeak", "VmHWM"), ("virtual", "VmSize"), ("virtualPeak", "VmPeak"), ("data", "VmData"),
        ("stack", "VmStk"), ("swap", "VmSwap"),
    ]

    /// `{rss}`, or with `processStatus` (the text of `/proc/self/status`) the
    /// fields of ``fullMemoryFields`` it has as well.
    static func memoryUsage(rss: Int, processStatus: String?) -> [String: Int] {
        var usage = ["rss": rss]
        guard let processStatus else { return usage }
        let values = ProcText.kilobyteValues(processStatus)
        for (key, field) in fullMemoryFields {
            if let value = values[field] { usage[key] = value }
        }
        return usage
    }

    /// Microseconds of user and system time.
    static func cpuUsage(_ usage: rusage) -> MediasoupStats.Process.CPUUsage {
        .init(user: microseconds(usage.ru_utime), system: microseconds(usage.ru_stime))
    }

    /// The rusage in the shape of a worker's `getResourceUsage()` (times in milliseconds).
    static func resourceUsage(_ usage: rusage) -> WorkerResourceUsage {
        WorkerResourceUsage(
            ru_utime: microseconds(usage.ru_utime) / 1000, ru_stime: microseconds(usage.ru_stime) / 1000,
            ru_maxrss: Int(usage.ru_maxrss), ru_ixrss: Int(usage.ru_ixrss), ru_idrss: Int(usage.ru_idrss),
            ru_isrss: Int(usage.ru_isrss), ru_minflt: Int(usage.ru_minflt), ru_majflt: Int(usage.ru_majflt),
            ru_nswap: Int(usage.ru_nswap), ru_inblock: Int(usage.ru_inblock), ru_oublock: Int(usage.ru_oublock),
            ru_msgsnd: Int(usage.ru_msgsnd), ru_msgrcv: Int(usage.ru_msgrcv), ru_nsignals: Int(usage.ru_nsignals),
            ru_nvcsw: Int(usage.ru_nvcsw), ru_nivcsw: Int(usage.ru_nivcsw))
    }

    /// The cgroup's memory limit and what is left of it, from the first
    /// candidate file that reads; `available` falls back to the host's free
    /// memory when no limit applies.
    static func memoryConstraint(
        candidates: [CgroupMemory.Files], freeMemory: Int, read: (String) -> String?
    ) -> (constrained: Int?, available: Int) {
        for files in candidates {
            guard let limitText = read(files.limit) else { continue }
            guard let limit = CgroupMemory.limit(limitText) else { return (nil, freeMemory) }
            let used = read(files.usage).flatMap(CgroupMemory.bytes) ?? 0
            return (limit, min(freeMemory, max(0, limit - used)))
        }
        return (nil, freeMemory)
    }

    private static func microseconds(_ time: timeval) -> Double {
        Double(time.tv_sec) * 1_000_000 + Double(time.tv_usec)
    }
}
