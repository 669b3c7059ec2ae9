import Synchronization

/// Tasks waiting for the answers to their requests: ``PendingRequests`` with
/// a continuation per request and a timer that fails the overdue ones. One
/// copy for every request/response channel; the channel frames, writes and
/// reads, and hands each answer here by id.
public final class AwaitedRequests<Answer: Sendable>: Sendable {
    private struct Waiter: Sendable {
        let method: String
        let continuation: CheckedContinuation<Answer, any Error>
    }

    private struct State {
        var pending = PendingRequests<Waiter>()
        /// Set for good by ``close(_:)``: later calls fail with it at once.
        var closedError: (@Sendable (String) -> any Error)?
        var timerRunning = false
    }

    /// How long a request waits for its answer.
    public let timeout: Duration
    private let timeoutError: @Sendable (_ method: String) -> any Error
    private let state = Mutex(State())

    /// - Parameters:
    ///   - timeout: how long a request waits for its answer.
    ///   - timeoutError: the error an overdue request fails with.
    public init(timeout: Duration, timeoutError: @escaping @Sendable (_ method: String) -> any Error) {
        self.timeout = timeout
        self.timeoutError = timeoutError
    }

    /// How many requests wait for an answer.
    public var count: Int { state.withLock { $0.pending.count } }

    /// Registers a request for `method`, hands its id to `send` (which writes
    /// it), and waits for the answer, the timeout, or the channel's end.
    ///
    /// - Throws: what `send` throws; the timeout's error; the error given to
    ///   ``failAll(_:)`` or ``close(_:)``; what the answer carries.
    public func call(_ method: String, send: (UInt32) throws -> Void) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            let registered = state.withLock { state -> Result<(UInt32, startTimer: Bool), any Error> in
                if let closedError = state.closedError { return .failure(closedError(method)) }
                let id = state.pending.add(
                    Waiter(method: method, continuation: continuation), deadline: .now + timeout)
                defer { state.timerRunning = true }
                return .success((id, !state.timerRunning))
            }
            switch registered {
            case .failure(let error):
                continuation.resume(throwing: error)
            case .success(let (id, startTimer)):
                if startTimer { runTimer() }
                do {
                    try send(id)
                } catch {
                    fail(id, error)
                }
            }
        }
    }

    /// The answer to request `id` came. Returns false when no request waits
    /// under that id (answered already, timed out, or never sent).
    @discardableResult
    public func answer(_ id: UInt32, with result: Result<Answer, any Error>) -> Bool {
        guard let waiter = state.withLock({ $0.pending.take(id) }) else { return false }
        waiter.continuation.resume(with: result)
        return true
    }

    /// Fails request `id` (its sending failed after `call` returned to the loop).
    public func fail(_ id: UInt32, _ error: any Error) {
        answer(id, with: .failure(error))
    }

    /// Fails every waiting request with `error(method)`: the connection
    /// dropped. Later calls are accepted (a connection may open again).
    public func failAll(_ error: @Sendable (_ method: String) -> any Error) {
        let waiters = state.withLock { $0.pending.removeAll() }
        for waiter in waiters { waiter.continuation.resume(throwing: error(waiter.method)) }
    }

    /// Fails every waiting request, and every later one, with `error(method)`:
    /// the channel ended for good. Only the first close counts.
    public func close(_ error: @escaping @Sendable (_ method: String) -> any Error) {
        let waiters = state.withLock { state -> [Waiter] in
            guard state.closedError == nil else { return [] }
            state.closedError = error
            return state.pending.removeAll()
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error(waiter.method)) }
    }

    /// Fails overdue requests while any wait, waking at the next deadline.
    private func runTimer() {
        Task { [weak self] in
            while let self {
                let (overdue, next) = self.state.withLock { state in
                    let overdue = state.pending.expire(at: .now)
                    let next = state.pending.nextDeadline
                    if next == nil { state.timerRunning = false }
                    return (overdue, next)
                }
                for waiter in overdue { waiter.continuation.resume(throwing: self.timeoutError(waiter.method)) }
                guard let next else { return }
                try? await Task.sleep(until: next, clock: .continuous)
            }
        }
    }
}
