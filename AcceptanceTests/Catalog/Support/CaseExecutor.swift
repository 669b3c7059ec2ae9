import Dispatch

/// Where a case's own code runs: threads of a concurrent dispatch queue, not
/// the cooperative pool. Cases drive their peers with blocking reads (a
/// socket poll with a timeout, a DTLS or SCTP handshake loop); on the
/// cooperative pool, whose width is the core count (two in CI), two such
/// reads held every thread of the test process, and an unrelated suite
/// waiting for a WebSocket greeting timed out. Dispatch gives a blocked
/// queue's work another thread, so a case may block without stalling others.
final class CaseExecutor: TaskExecutor {
    static let shared = CaseExecutor()

    private let queue = DispatchQueue(label: "mafalda.acceptance.cases", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
