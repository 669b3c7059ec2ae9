import AcceptanceSuite
import AcceptanceTargets
import Foundation
import Testing

/// The conformance kit's tests, one at a time: each starts server and worker
/// processes, and together with the other suites of `swift test` on a
/// 2-core machine they made timing-bound tests elsewhere time out.
@Suite(.serialized) struct ConformanceKitTests {}

/// Certify mode (`mafalda-conformance --url`): the catalog against a server
/// this run did not start, here a `remote-mediasoup-server` process. What such
/// a server need not give is reported as not applicable with its reason,
/// never as passed; a wrong token fails; the JUnit XML parses with Python's
/// ElementTree and counts what the run counted.
extension ConformanceKitTests { @Suite struct CertifyModeTests {
    static let ids = [
        "test-Router › worker.createRouter() succeeds",
        "test-Worker › Worker emits \"died\" if worker process died unexpectedly",
        "test-Producer › Producer emits \"score\"",
        "replay › opus.pcap through a PlainTransport",
    ]

    static func cases() throws -> [AcceptanceCase] {
        try ids.map { id in try #require(AcceptanceCatalog.all.first { $0.id == id }, "no case \(id)") }
    }

    static func run(_ cases: [AcceptanceCase], on target: ImplementationTarget) async -> [CaseResult] {
        var results: [CaseResult] = []
        for testCase in cases {
            // A generous limit per case: these runs share the machine with the other suites.
            let outcome = await AcceptanceRunner.run(testCase, on: target, timeLimit: .seconds(30))
            results.append(CaseResult(testCase: testCase, outcome: outcome, seconds: 0.5))
        }
        return results
    }

    @Test func aServerOnThisHostPassesWhatItCanAndTheRestIsNotApplicable() async throws {
        let server = try await RemoteServerProcess.start()
        let cases = try Self.cases()

        let here = await Self.run(cases, on: TargetRegistry.certify(url: server.url, token: server.token))
        #expect(here[0].outcome == .passed)
        #expect(
            here[1].outcome == .notApplicable("the certified server's worker processes are not this run's to signal"))
        #expect(
            here[2].outcome
                == .notApplicable("the notification test hook (mediasoup's channelForTesting) is not part of the protocol"))
        #expect(here[3].outcome == .passed, "media from this host reaches a server on loopback")

        let elsewhere = await Self.run(
            cases, on: TargetRegistry.certify(url: server.url, token: server.token, onThisHost: false))
        guard case .notApplicable(let reason) = elsewhere[3].outcome else {
            Issue.record("a media case on a server on another host: \(elsewhere[3].outcome)")
            return
        }
        #expect(reason.contains("127.0.0.1"))

        let refused = await Self.run([cases[0]], on: TargetRegistry.certify(url: server.url, token: "not-the-token"))
        guard case .failed = refused[0].outcome else {
            Issue.record("a wrong token certified: \(refused[0].outcome)")
            return
        }
        await server.stop()

        let report = ConformanceReport(target: server.url, results: here + refused)
        #expect(report.summary == "\(server.url): 2 passed, 1 failed, 0 pending, 2 not applicable")
        #expect(!report.certified)
        #expect(report.markdown.contains("| Worker emits \"died\" if worker process died unexpectedly | not applicable |"))
        let parsed = try await Self.parseJUnit(report.junitXML)
        #expect(parsed == "tests=5 failures=1 skipped=2 testcases=5 suites=4 failed=worker.createRouter() succeeds")
    }

    @Test func escapingKeepsTheJUnitXMLWellFormed() async throws {
        let testCase = AcceptanceCase("a <suite> & \"quotes\"", "a case with 'apostrophes' and \u{1} control") { _ in }
        let report = ConformanceReport(
            target: "ws://[::1]:1/?a=1&b=2",
            results: [CaseResult(testCase: testCase, outcome: .failed("expected <1> & got \"2\"\n\u{7}line two"), seconds: 1)])
        let parsed = try await Self.parseJUnit(report.junitXML)
        #expect(parsed == "tests=1 failures=1 skipped=0 testcases=1 suites=1 failed=a case with 'apostrophes' and  control")
    }

    /// Python's ElementTree reading the XML: the root's counts, the testcases, the suites and the failed cases' names.
    static func parseJUnit(_ xml: String) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == 'testsuites'
            cases = list(root.iter('testcase'))
            for case in cases:
                assert case.get('classname') and case.get('name') and float(case.get('time')) >= 0
            failed = [c.get('name') for c in cases if c.find('failure') is not None]
            print('tests=%s failures=%s skipped=%s testcases=%d suites=%d failed=%s' % (root.get('tests'),
                root.get('failures'), root.get('skipped'), len(cases), len(root.findall('testsuite')), ','.join(failed)))
            """
        let parsed = try await runChildProcess(
            "/usr/bin/env", ["python3", "-c", script, file.path], capturingStandardError: false)
        #expect(parsed.status == 0, "python3 could not parse the JUnit XML")
        return parsed.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
} }
