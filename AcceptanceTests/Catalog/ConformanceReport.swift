import Foundation

/// One case's result in a run of the catalog, for the summary and the reports.
public struct CaseResult: Sendable {
    /// The case (its suite, name and id).
    public let testCase: AcceptanceCase
    public let outcome: CaseOutcome
    /// Wall-clock seconds the case took, set-up and clean-up included.
    public let seconds: Double

    public init(testCase: AcceptanceCase, outcome: CaseOutcome, seconds: Double) {
        self.testCase = testCase
        self.outcome = outcome
        self.seconds = seconds
    }
}

/// What a run of the catalog on one target says: the summary line, a JUnit
/// XML report (as CI systems read it) and a markdown table per test file.
public struct ConformanceReport: Sendable {
    /// The target's name, or the certified server's URL.
    public let target: String
    /// In catalog order.
    public let results: [CaseResult]

    public init(target: String, results: [CaseResult]) {
        self.target = target
        self.results = results
    }

    /// Counts of each outcome.
    public struct Counts: Sendable, Equatable {
        public var passed = 0, failed = 0, pending = 0, notApplicable = 0
        public var total: Int { passed + failed + pending + notApplicable }
    }

    public var counts: Counts { Self.counts(results) }

    /// Whether the target is certified: no case failed.
    public var certified: Bool { counts.failed == 0 }

    /// `TARGET: N passed, N failed, N pending` (and `, N not applicable` when some were).
    public var summary: String {
        let counts = counts
        let notApplicable = counts.notApplicable > 0 ? ", \(counts.notApplicable) not applicable" : ""
        return "\(target): \(counts.passed) passed, \(counts.failed) failed, \(counts.pending) pending\(notApplicable)"
    }

    /// The line a runner prints for one result.
    public static func line(_ result: CaseResult) -> String {
        let id = result.testCase.id
        switch result.outcome {
        case .passed: return "PASS     \(id)"
        case .failed(let message): return "FAIL     \(id)\n         \(message)"
        case .pending(let reason): return "PENDING  \(id) (\(reason))"
        case .notApplicable(let reason): return "N/A      \(id) (\(reason))"
        }
    }

    // MARK: JUnit XML

    /// The run as JUnit XML: a `testsuite` per test file, a `testcase` per
    /// case with its `failure`, or `skipped` for pending and not applicable
    /// cases (with the reason).
    public var junitXML: String {
        let counts = counts
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(Self.xmlEscaped("mafalda-conformance \(target)"))\" tests=\"\(counts.total)\""
        xml += " failures=\"\(counts.failed)\" errors=\"0\" skipped=\"\(counts.pending + counts.notApplicable)\""
        xml += " time=\"\(Self.seconds(results.reduce(0) { $0 + $1.seconds }))\">\n"
        for (suite, results) in bySuite {
            let suiteCounts = Self.counts(results)
            xml += "  <testsuite name=\"\(Self.xmlEscaped(suite))\" tests=\"\(suiteCounts.total)\""
            xml += " failures=\"\(suiteCounts.failed)\" errors=\"0\""
            xml += " skipped=\"\(suiteCounts.pending + suiteCounts.notApplicable)\""
            xml += " time=\"\(Self.seconds(results.reduce(0) { $0 + $1.seconds }))\">\n"
            for result in results {
                xml += "    <testcase classname=\"\(Self.xmlEscaped(suite))\" name=\"\(Self.xmlEscaped(result.testCase.name))\""
                xml += " time=\"\(Self.seconds(result.seconds))\""
                switch result.outcome {
                case .passed:
                    xml += "/>\n"
                case .failed(let message):
                    xml += ">\n      <failure type=\"failure\" message=\"\(Self.xmlEscaped(Self.firstLine(message)))\">"
                    xml += "\(Self.xmlEscaped(message))</failure>\n    </testcase>\n"
                case .pending(let reason):
                    xml += ">\n      <skipped message=\"\(Self.xmlEscaped("pending: \(reason)"))\"/>\n    </testcase>\n"
                case .notApplicable(let reason):
                    xml += ">\n      <skipped message=\"\(Self.xmlEscaped("not applicable: \(reason)"))\"/>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    // MARK: Markdown

    /// The run as markdown: the summary, then a table per test file (case, result, time, message).
    public var markdown: String {
        var text = "# Conformance: \(Self.markdownEscaped(target))\n\n\(Self.markdownEscaped(summary))\n"
        for (suite, results) in bySuite {
            text += "\n## \(Self.markdownEscaped(suite))\n\n| case | result | time | message |\n|---|---|---|---|\n"
            for result in results {
                let (word, message): (String, String) =
                    switch result.outcome {
                    case .passed: ("passed", "")
                    case .failed(let message): ("**failed**", message)
                    case .pending(let reason): ("pending", reason)
                    case .notApplicable(let reason): ("not applicable", reason)
                    }
                text += "| \(Self.markdownEscaped(result.testCase.name)) | \(word) | \(Self.seconds(result.seconds)) s"
                text += " | \(Self.markdownEscaped(message)) |\n"
            }
        }
        return text
    }

    // MARK: Helpers

    /// Results grouped by test file, in the order the files first appear.
    private var bySuite: [(suite: String, results: [CaseResult])] {
        var order: [String] = []
        var groups: [String: [CaseResult]] = [:]
        for result in results {
            if groups[result.testCase.suite] == nil { order.append(result.testCase.suite) }
            groups[result.testCase.suite, default: []].append(result)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    private static func counts(_ results: [CaseResult]) -> Counts {
        var counts = Counts()
        for result in results {
            switch result.outcome {
            case .passed: counts.passed += 1
            case .failed: counts.failed += 1
            case .pending: counts.pending += 1
            case .notApplicable: counts.notApplicable += 1
            }
        }
        return counts
    }

    private static func seconds(_ value: Double) -> String {
        let milliseconds = Int((value * 1000).rounded())
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    private static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" }.prefix(300))
    }

    /// Text safe in an XML attribute or element: the five entities escaped,
    /// characters XML 1.0 forbids (controls other than tab, newline, return) dropped.
    static func xmlEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// Text safe in a markdown table cell: pipes escaped, line breaks as `<br>`.
    static func markdownEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "<br>")
    }
}
