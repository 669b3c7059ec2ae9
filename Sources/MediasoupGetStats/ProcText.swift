/// Helpers shared by the parsers of `/proc` text.
enum ProcText {
    /// The lines of `text`, without empty ones.
    static func lines(_ text: String) -> [Substring] {
        text.split(whereSeparator: \.isNewline)
    }

    /// The whitespace-separated fields of `text`.
    static func fields(_ text: Substring) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace)
    }

    /// `Key: value` lines as a dictionary of trimmed values (`/proc/cpuinfo`,
    /// `/proc/meminfo`, `/proc/<pid>/status`).
    static func keyedValues(_ lines: some Sequence<Substring>) -> [String: String] {
        var values: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingBlanks()
            let value = line[line.index(after: colon)...].trimmingBlanks()
            if values[key] == nil { values[key] = value }
        }
        return values
    }

    /// `Key:   1234 kB` lines converted to bytes (`/proc/meminfo`, `/proc/<pid>/status`).
    /// Lines whose value is not a number of kilobytes are left out.
    static func kilobyteValues(_ text: String) -> [String: Int] {
        keyedValues(lines(text)).compactMapValues { value in
            let parts = ProcText.fields(Substring(value))
            guard parts.count == 2, parts[1] == "kB", let kilobytes = Int(parts[0]) else { return nil }
            return kilobytes * 1024
        }
    }
}

extension Substring {
    func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
