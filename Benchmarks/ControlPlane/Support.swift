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


/// The rows of one request: round trips one at a time (p50 / p99), then
/// requests per second with `inFlight` outstanding.
func measureRequests(
    _ name: String, roundTrips: Int, requests: Int, inFlight: Int, _ call: @escaping @Sendable () async throws -> Void
) async throws {
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
