import AcceptanceSuite
import AcceptanceTargets
import Foundation
import Synchronization
import Testing

/// A case may block its thread (its peers read sockets with timeouts) without
/// stalling the rest of the process: more blocking cases than cores run at
/// once, and a task on the cooperative pool still runs and releases them.
/// Before cases ran on ``CaseExecutor`` the blocked cases held every thread
/// of the pool, the releasing task never ran, and every case waited out its
/// 10 s and failed; an unrelated suite timed out beside them in CI.
@Test(.timeLimit(.minutes(1))) func blockingCasesLeaveTheCooperativePoolFree() async {
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }
    let released = Flag()
    let blockingCase = AcceptanceCase("executor", "blocks its thread until released", timeLimit: .seconds(30)) { _ in
        let deadline = ContinuousClock.now + .seconds(10)
        while !released.isSet, ContinuousClock.now < deadline { usleep(5_000) }
        try expect(released.isSet, "still blocked after 10 s: nothing released the case")
    }
    let count = ProcessInfo.processInfo.activeProcessorCount + 1
    let outcomes = await withTaskGroup(of: CaseOutcome.self) { group in
        for _ in 0..<count {
            group.addTask { await AcceptanceRunner.run(blockingCase, on: TargetRegistry.local) }
        }
        group.addTask {
            try? await Task.sleep(for: .milliseconds(300))
            released.set()
            return .passed
        }
        return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(outcomes == Array(repeating: .passed, count: count + 1))
}
