import AcceptanceSuite
import AcceptanceTargets
import ArgumentParser
import Foundation

/// Runs the acceptance catalog against one implementation target, or
/// certifies any server that speaks the remote protocol (`--url`), prints
/// one line per case and, last, `TARGET: N passed, N failed, N pending`
/// (`, N not applicable` when some were), and writes the reports asked for.
/// Exits 0 when no case failed (the target is certified), 1 otherwise.
@main
struct MafaldaConformance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mafalda-conformance",
        abstract: "Certify an implementation of the mediasoup contract against the acceptance suite.",
        discussion: """
            Targets are this project's implementations, run from here. With --url, the catalog runs \
            against any server that speaks the remote protocol (Docs/RemoteProtocol.md): cases that need \
            what such a server need not give (signalling its worker pids, the notification test hook, and, \
            when the server is on another host, media from this host's peers to its 127.0.0.1 transports) \
            are reported as not applicable with their reason, never as passed.
            """)

    @Option(name: .long, help: "The implementation target (\(TargetRegistry.all.map(\.name).joined(separator: ", "))).")
    var target: String = "local"

    @Option(name: .long, help: "Certify the server at this ws:// or wss:// URL instead of a target.")
    var url: String?

    @Option(name: .long, help: "The server's token, with --url (default: $MAFALDA_TOKEN).")
    var token: String?

    @Option(name: .long, help: "Run only the cases whose 'suite › name' contains this text.")
    var filter: String?

    @Flag(name: .long, help: "List the cases and exit.")
    var list = false

    @Option(
        name: .long,
        help: "Replay this capture (pcap or pcapng, RTP of one stream) through the target instead of the catalog: produced, consumed on a PlainTransport and a DirectTransport, checked against its facts.")
    var replay: String?

    @Option(
        name: .long,
        help: "The capture's facts for --replay (default: the .json beside the capture, else its entry in Fixtures/manifest.json).")
    var manifest: String?

    @Flag(name: .long, help: "With --replay: send as fast as the sockets allow instead of on the capture's own timing.")
    var fast = false

    @Option(name: .long, help: "Seconds any one case may take (default: each case's own limit).")
    var timeout: Double?

    @Option(name: .long, help: "Cases run at once (default 1). Cases are independent, but media cases compete for the CPU.")
    var jobs: Int = 1

    @Option(
        name: .long,
        help: "Write a report: a file ending in .xml gets JUnit XML, one ending in .md a markdown table per test file (repeatable).")
    var report: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        for path in report where !path.hasSuffix(".xml") && !path.hasSuffix(".md") {
            throw ValidationError("--report \(path): the name must end in .xml (JUnit XML) or .md (markdown)")
        }
        if url == nil && token != nil { throw ValidationError("--token goes with --url") }
        if replay == nil && (manifest != nil || fast) { throw ValidationError("--manifest and --fast go with --replay") }
    }

    func run() async throws {
        let cases: [AcceptanceCase]
        if let replay {
            do {
                cases = try CaptureReplay.cases(pcapPath: replay, manifestPath: manifest, paced: !fast)
                    .filter { filter == nil || $0.id.contains(filter ?? "") }
            } catch let refusal as CaptureReplay.Refusal {
                print("mafalda-conformance: cannot replay: \(refusal)")
                throw ExitCode.failure
            }
        } else {
            cases = AcceptanceCatalog.cases(matching: filter)
        }
        if list {
            for testCase in cases { print(testCase.id) }
            return
        }
        let implementation = try selectedTarget()

        switch await AcceptanceRunner.preflight(implementation) {
        case .failed(let reason):
            print("\(implementation.name): cannot start a worker, no case run:\n\(reason)")
            throw ExitCode.failure
        case .ready(let pid, let executable):
            print("\(implementation.name): \(cases.count) cases; a worker started [pid:\(pid)\(executable.map { ", \($0)" } ?? "")]")
        }

        let results = await Self.run(cases, on: implementation, jobs: jobs, timeLimit: timeout.map { .seconds($0) })
        let conformance = ConformanceReport(target: implementation.name, results: results)
        print(conformance.summary)
        for path in report {
            let text = path.hasSuffix(".xml") ? conformance.junitXML : conformance.markdown
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                print("mafalda-conformance: cannot write the report \(path): \(error)")
                throw ExitCode.failure
            }
        }
        if !conformance.certified { throw ExitCode.failure }
    }

    private func selectedTarget() throws -> ImplementationTarget {
        if let url {
            let token = token ?? ProcessInfo.processInfo.environment["MAFALDA_TOKEN"]
            guard let token, !token.isEmpty else { throw ValidationError("--url needs --token or $MAFALDA_TOKEN") }
            return TargetRegistry.certify(url: url, token: token)
        }
        guard let implementation = try TargetRegistry.selected(target).first else {
            throw ValidationError("no target named '\(target)'")
        }
        return implementation
    }

    /// Runs `cases`, `jobs` at a time, printing each result as it ends; the results in catalog order.
    static func run(
        _ cases: [AcceptanceCase], on target: ImplementationTarget, jobs: Int, timeLimit: Duration?
    ) async -> [CaseResult] {
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var results: [CaseResult?] = Array(repeating: nil, count: cases.count)
            var next = 0
            func start() {
                guard next < cases.count else { return }
                let index = next
                next += 1
                group.addTask {
                    let started = ContinuousClock.now
                    let outcome = await AcceptanceRunner.run(cases[index], on: target, timeLimit: timeLimit)
                    let elapsed = ContinuousClock.now - started
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    return (index, CaseResult(testCase: cases[index], outcome: outcome, seconds: seconds))
                }
            }
            for _ in 0..<jobs { start() }
            while let (index, result) = await group.next() {
                print(ConformanceReport.line(result))
                results[index] = result
                start()
            }
            return results.compactMap { $0 }
        }
    }
}
