import AcceptanceSuite
import AcceptanceTargets
import Testing

/// One case on one target: the argument of the parameterised acceptance test,
/// named `target: suite › case` in the test report.
struct TargetedCase: Sendable, CustomTestStringConvertible {
    let target: ImplementationTarget
    let testCase: AcceptanceCase
    var testDescription: String { "\(target.name): \(testCase.id)" }

    /// Every case on every selected target (`MAFALDA_TARGETS`, default all).
    static var selected: [TargetedCase] {
        let targets = (try? TargetRegistry.selected()) ?? TargetRegistry.all
        return targets.flatMap { target in AcceptanceCatalog.all.map { TargetedCase(target: target, testCase: $0) } }
    }
}

/// The acceptance suite under `swift test`: every case once per target, one
/// at a time (each starts worker processes; mediasoup's suite runs serially too).
/// Pending cases still run; their failure is recorded as a known issue with its reason.
@Test("acceptance", .serialized, arguments: TargetedCase.selected)
func acceptance(_ item: TargetedCase) async {
    switch await AcceptanceRunner.run(item.testCase, on: item.target) {
    case .passed:
        break
    case .failed(let message):
        Issue.record("\(item.testDescription): \(message)")
    case .notApplicable(let reason):
        Issue.record("\(item.testDescription): not applicable to a target of the default set: \(reason)")
    case .pending(let reason):
        withKnownIssue("pending on \(item.target.name): \(reason)") {
            Issue.record("\(item.testDescription) is pending: \(reason)")
        }
    }
}

/// An unknown target name is refused with the list of known ones.
@Test func unknownTargetIsRefused() {
    #expect(throws: (any Error).self) { try TargetRegistry.selected("no-such-target") }
}
