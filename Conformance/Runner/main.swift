import AcceptanceSuite
import AcceptanceTargets
import ArgumentParser

/// Runs the acceptance catalog against one implementation target and prints
/// one line per case and, last, `TARGET: N passed, N failed, N pending`.
@main
struct MafaldaConformance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mafalda-conformance",
        abstract: "Certify an implementation of the mediasoup contract against the acceptance suite.")

    @Option(name: .long, help: "The implementation target (\(TargetRegistry.all.map(\.name).joined(separator: ", "))).")
    var target: String = "local"

    @Option(name: .long, help: "Run only the cases whose 'suite › name' contains this text.")
    var filter: String?

    @Flag(name: .long, help: "List the cases and exit.")
    var list = false

    func run() async throws {
        let cases = AcceptanceCatalog.cases(matching: filter)
        if list {
            for testCase in cases { print(testCase.id) }
            return
        }
        guard let implementation = try TargetRegistry.selected(target).first else {
            throw ValidationError("no target named '\(target)'")
        }

        switch await AcceptanceRunner.preflight(implementation) {
        case .failed(let reason):
            print("\(implementation.name): cannot start a worker, no case run:\n\(reason)")
            throw ExitCode.failure
        case .ready(let pid, let executable):
            print("\(implementation.name): \(cases.count) cases; a worker started [pid:\(pid)\(executable.map { ", \($0)" } ?? "")]")
        }

        var passed = 0, failed = 0, pending = 0
        for testCase in cases {
            switch await AcceptanceRunner.run(testCase, on: implementation) {
            case .passed:
                passed += 1
                print("PASS     \(testCase.id)")
            case .failed(let message):
                failed += 1
                print("FAIL     \(testCase.id)\n         \(message)")
            case .pending(let reason):
                pending += 1
                print("PENDING  \(testCase.id) (\(reason))")
            }
        }
        print("\(implementation.name): \(passed) passed, \(failed) failed, \(pending) pending")
        if failed > 0 { throw ExitCode.failure }
    }
}
