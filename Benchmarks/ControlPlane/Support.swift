// Helpers shared by the modes of `mafalda-bench`.

import Foundation

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[index]
}

/// Resident set size of a process in bytes, from /proc.
func residentBytes(pid: Int) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kilobytes * 1024
    }
    return 0
}

func row(_ name: String, _ value: String) {
    print(name.padding(toLength: max(44, name.count + 1), withPad: " ", startingAt: 0) + value)
}

func format(_ value: Double, _ unit: String) -> String { String(format: "%.1f %@", value, unit) }


/// How ``measureRequests(_:load:_:)`` loads a server: `roundTrips` one at a
/// time, then `requests` with `inFlight` outstanding; the flags
/// `--round-trips`, `--requests` and `--in-flight` override a bench's defaults.
struct RequestLoad {
    var roundTrips: Int
    var requests: Int
    var inFlight: Int

    init(_ arguments: [String], roundTrips: Int, requests: Int, inFlight: Int = 32) {
        self.roundTrips = roundTrips
        self.requests = requests
        self.inFlight = inFlight
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--round-trips": self.roundTrips = iterator.next().flatMap(Int.init) ?? roundTrips
            case "--requests": self.requests = iterator.next().flatMap(Int.init) ?? requests
            case "--in-flight": self.inFlight = iterator.next().flatMap(Int.init) ?? inFlight
            default: break
            }
        }
    }
}

/// The rows of one request: round trips one at a time (p50 / p99), then
/// requests per second with some outstanding, as `load` says.
func measureRequests(_ name: String, load: RequestLoad, _ call: @escaping @Sendable () async throws -> Void) async throws {
    let (roundTrips, requests, inFlight) = (load.roundTrips, load.requests, load.inFlight)
    var samples: [Double] = []
    samples.reserveCapacity(roundTrips)
    for _ in 0..<roundTrips {
        let start = now()
        try await call()
        samples.append(Double(now() - start) / 1e3)
    }
    samples.sort()
    row("\(name) round trip p50 / p99", format(percentile(samples, 50), "µs") + " / " + format(percentile(samples, 99), "µs"))

    let start = now()
    try await withThrowingTaskGroup(of: Void.self) { group in
        var issued = 0
        for _ in 0..<min(inFlight, requests) {
            group.addTask { try await call() }
            issued += 1
        }
        while try await group.next() != nil {
            guard issued < requests else { continue }
            group.addTask { try await call() }
            issued += 1
        }
    }
    row("\(name) requests/s (\(inFlight) in flight)", String(format: "%.0f/s", Double(requests) / (Double(now() - start) / 1e9)))
}

/// Microseconds of this thread's CPU time per run of `body`: the p50 over
/// batches of 10 runs, `count` runs in all. CPU time rather than wall time,
/// so that the figure holds on a shared, busy machine.
func medianMicroseconds(_ count: Int, _ body: () throws -> Void) throws -> Double {
    let batch = 10
    for _ in 0..<min(count, 100) { try body() }  // warm up
    var samples: [Double] = []
    samples.reserveCapacity(count / batch)
    for _ in 0..<max(1, count / batch) {
        let start = threadCPUNanoseconds()
        for _ in 0..<batch { try body() }
        samples.append(Double(threadCPUNanoseconds() - start) / 1e3 / Double(batch))
    }
    samples.sort()
    return percentile(samples, 50)
}

func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
