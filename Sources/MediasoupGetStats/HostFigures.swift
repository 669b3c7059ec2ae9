import Mediasoup

/// Parsers of the host's `/proc` files into the figures of Node's `os` module.
enum HostFigures {
    /// Per-CPU times from `/proc/stat`, by CPU number, in milliseconds.
    ///
    /// - Parameter millisecondsPerTick: `1000 / sysconf(_SC_CLK_TCK)`.
    static func cpuTimes(procStat: String, millisecondsPerTick: Double) -> [Int: MediasoupStats.OS.CPU.Times] {
        var times: [Int: MediasoupStats.OS.CPU.Times] = [:]
        for line in ProcText.lines(procStat) where line.hasPrefix("cpu") {
            let fields = ProcText.fields(line)
            // cpuN user nice system idle iowait irq …
            guard fields.count >= 7, let number = Int(fields[0].dropFirst(3)) else { continue }
            let ticks = fields[1...6].map { Double($0) }
            guard case let (user?, nice?, sys?, idle?, irq?) = (ticks[0], ticks[1], ticks[2], ticks[3], ticks[5])
            else { continue }
            times[number] = MediasoupStats.OS.CPU.Times(
                user: user * millisecondsPerTick, nice: nice * millisecondsPerTick, sys: sys * millisecondsPerTick,
                idle: idle * millisecondsPerTick, irq: irq * millisecondsPerTick)
        }
        return times
    }

    /// Model and speed (whole MHz) of each processor in `/proc/cpuinfo`, by processor number.
    static func cpuModels(cpuInfo: String) -> [Int: (model: String, speed: Double)] {
        var models: [Int: (model: String, speed: Double)] = [:]
        for block in cpuInfo.split(separator: "\n\n", omittingEmptySubsequences: true) {
            let values = ProcText.keyedValues(ProcText.lines(String(block)))
            guard let processor = values["processor"].flatMap({ Int($0) }) else { continue }
            let model = values["model name"] ?? values["Processor"] ?? values["cpu model"] ?? "unknown"
            let megahertz = values["cpu MHz"].flatMap { Double($0) } ?? 0
            models[processor] = (model, megahertz.rounded(.down))
        }
        return models
    }

    /// Node's `os.cpus()`: the CPUs of `/proc/stat` in order, with their model
    /// and speed from `/proc/cpuinfo` (`unknown` and 0 when it lacks them).
    static func cpus(procStat: String, cpuInfo: String, millisecondsPerTick: Double) -> [MediasoupStats.OS.CPU] {
        let models = cpuModels(cpuInfo: cpuInfo)
        return cpuTimes(procStat: procStat, millisecondsPerTick: millisecondsPerTick).sorted { $0.key < $1.key }
            .map { number, times in
                let model = models[number]
                return MediasoupStats.OS.CPU(model: model?.model ?? "unknown", speed: model?.speed ?? 0, times: times)
            }
    }

    /// Total and available memory in bytes from `/proc/meminfo`: available is
    /// `MemAvailable`, or `MemFree` on kernels without it.
    static func memory(memInfo: String) -> (total: Int, free: Int)? {
        let values = ProcText.kilobyteValues(memInfo)
        guard let total = values["MemTotal"], let free = values["MemAvailable"] ?? values["MemFree"] else {
            return nil
        }
        return (total, free)
    }

    /// The 1, 5 and 15 minute load averages of `/proc/loadavg`.
    static func loadAverage(_ text: String) -> [Double]? {
        let fields = ProcText.fields(Substring(text))
        guard fields.count >= 3 else { return nil }
        let averages = fields[0..<3].compactMap { Double($0) }
        return averages.count == 3 ? averages : nil
    }

    /// Seconds since boot, the first figure of `/proc/uptime`.
    static func uptime(_ text: String) -> Double? {
        ProcText.fields(Substring(text)).first.flatMap { Double($0) }
    }

    /// How many CPUs this process may run on: the `Cpus_allowed_list` of
    /// `/proc/self/status` (`0-3,8,10-11`).
    static func allowedCPUCount(processStatus: String) -> Int? {
        guard let list = ProcText.keyedValues(ProcText.lines(processStatus))["Cpus_allowed_list"] else { return nil }
        var count = 0
        for range in list.split(separator: ",") {
            let bounds = range.split(separator: "-").map { Int($0.trimmingBlanks()) }
            switch bounds.count {
            case 1:
                guard bounds[0] != nil else { return nil }
                count += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                count += high - low + 1
            default:
                return nil
            }
        }
        return count > 0 ? count : nil
    }
}
