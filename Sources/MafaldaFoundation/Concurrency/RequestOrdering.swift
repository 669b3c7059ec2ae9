import Synchronization

// Keeping requests and their outcomes in call order, as mediasoup's single
// JavaScript thread does.

/// Runs `operation` in a new task that starts at once on the calling thread,
/// so whatever it does before its first suspension (such as writing a request
/// to the channel) happens before the caller goes on, in call order.
package func startImmediately(_ operation: @escaping @Sendable () async -> Void) {
    if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
        Task.immediate { await operation() }
    } else {
        Task { await operation() }
    }
}

/// Applies the outcomes of requests in the order they were sent.
///
/// The tasks awaiting answers (from a worker, or from a remote server)
/// resume on any thread in any order. Pause and resume (and other state
/// changes that depend on the previous state) take a ticket before sending,
/// and apply their outcome when their turn comes, as mediasoup's single
/// JavaScript thread does: `pause(); resume()` without awaiting ends resumed.
package final class OrderedOutcomes: Sendable {
    package init() {}

    private struct State {
        var nextTicket: UInt64 = 0
        var turn: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }
    private let state = Mutex(State())

    /// Runs `request`, then `apply` with its result once every request sent
    /// before it has applied its own. Take the ticket (call this) right before
    /// sending, with no suspension in between.
    package func perform<T: Sendable>(
        _ request: () async throws -> T, apply: (T) throws -> Void
    ) async throws {
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await request())
        } catch {
            result = .failure(error)
        }
        await waitForTurn(ticket)
        defer { finishTurn(ticket) }
        try apply(result.get())
    }

    private func waitForTurn(_ ticket: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.turn == ticket { return true }
                state.waiting[ticket] = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func finishTurn(_ ticket: UInt64) {
        let next = state.withLock { state in
            state.turn = ticket + 1
            return state.waiting.removeValue(forKey: ticket + 1)
        }
        next?.resume()
    }
}
