/// How long a test waits for what should come: generous, because `swift test`
/// runs these suites beside the acceptance suite (worker processes, aiortc,
/// Chromium) on two cores, where 5 s once passed without a WebSocket greeting.
/// A wait that succeeds ends as soon as its condition holds.
let patience: Duration = .seconds(20)

/// Checks `condition` every 10 ms until it holds or `limit` passes; whether it held.
func eventually(within limit: Duration = patience, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// The request timeout of the tests' in-memory connections: a request
/// answered in milliseconds alone waited over 10 s (the default) while
/// `swift test` started its hundreds of CPU-bound tests on the cooperative
/// pool's two threads. A timeout is still an error, only not a tight one.
let requestPatience: Duration = .seconds(60)
