import Foundation
import Mediasoup

/// How one case ended on one target.
public enum CaseOutcome: Sendable, Equatable {
    case passed
    case failed(String)
    case pending(String)
    /// The case needs what the target cannot give (see ``ImplementationTarget/notApplicable(_:)``); not run.
    case notApplicable(String)
}

/// Runs cases against targets; shared by `swift test` and `mafalda-conformance`.
public enum AcceptanceRunner {
    /// Runs one case on one target, bounded by the case's time limit, and
    /// always runs its clean-up. A case declared pending that fails is pending;
    /// one that passes is passed. `timeLimit` replaces the case's own.
    public static func run(
        _ testCase: AcceptanceCase, on target: ImplementationTarget, timeLimit: Duration? = nil
    ) async -> CaseOutcome {
        if let reason = target.notApplicable(testCase) { return .notApplicable(reason) }
        let made: (mediasoup: any MediasoupAPI, teardown: @Sendable () async -> Void)
        do {
            made = try await target.makeMediasoup()
        } catch {
            return .failed("target \(target.name) could not be set up: \(error)")
        }
        let context = AcceptanceContext(target: target, mediasoup: made.mediasoup)
        let outcome = await runBounded(testCase, context: context, timeLimit: timeLimit ?? testCase.timeLimit)
        await context.runTeardowns()
        await made.teardown()

        switch (outcome, testCase.pendingReason) {
        case (.failed, let reason?): return .pending(reason)
        default: return outcome
        }
    }

    /// What ``preflight(_:)`` found.
    public enum Preflight: Sendable {
        /// A worker started; its executable is known when its pid is a process of this host.
        case ready(workerPid: Int, workerExecutable: String?)
        /// No worker could start, and why.
        case failed(String)
    }

    /// Starts and closes one worker on `target`: the check a runner makes
    /// before its cases, so that a target that cannot start a worker at all
    /// (the worker executable missing, a server unreachable) is reported once
    /// with its reason instead of failing every case.
    public static func preflight(_ target: ImplementationTarget) async -> Preflight {
        let made: (mediasoup: any MediasoupAPI, teardown: @Sendable () async -> Void)
        do {
            made = try await target.makeMediasoup()
        } catch {
            return .failed("target \(target.name) could not be set up: \(error)")
        }
        let result: Preflight
        do {
            let worker = try await made.mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
            let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(worker.pid)/exe")
            result = .ready(workerPid: Int(worker.pid), workerExecutable: executable)
            worker.close()
        } catch {
            result = .failed("\(error)")
        }
        await made.teardown()
        return result
    }

    private static func runBounded(
        _ testCase: AcceptanceCase, context: AcceptanceContext, timeLimit: Duration
    ) async -> CaseOutcome {
        await withTaskGroup(of: CaseOutcome?.self) { group in
            group.addTask(executorPreference: CaseExecutor.shared) {
                do {
                    try await testCase.body(context)
                    return .passed
                } catch let pending as CasePending {
                    return .pending(pending.reason)
                } catch let notApplicable as CaseNotApplicable {
                    return .notApplicable(notApplicable.reason)
                } catch {
                    return .failed(String(describing: error))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeLimit)
                return Task.isCancelled ? nil : .failed("timed out after \(timeLimit)")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failed("no outcome")
        }
    }
}
