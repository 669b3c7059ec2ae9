/// The memory limit of this process's cgroup (v2 `memory.max`, v1
/// `memory.limit_in_bytes`), for Node's `process.constrainedMemory()` and
/// `process.availableMemory()`.
enum CgroupMemory {
    /// A limit file and the usage file beside it.
    struct Files: Sendable, Hashable {
        var limit: String
        var usage: String
    }

    /// Limits at or above this mean "no limit" (cgroup v1 writes 2^63 rounded to a page).
    static let unlimitedThreshold = 1 << 62

    /// The files to try, most specific first, from the text of `/proc/self/cgroup`.
    static func candidateFiles(procSelfCgroup: String, root: String = "/sys/fs/cgroup") -> [Files] {
        var files: [Files] = []
        for line in ProcText.lines(procSelfCgroup) {
            // hierarchy-ID:controller-list:cgroup-path
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = parts[2] == "/" ? "" : String(parts[2])
            if parts[0] == "0" && parts[1].isEmpty {
                files.append(Files(limit: "\(root)\(path)/memory.max", usage: "\(root)\(path)/memory.current"))
            } else if parts[1].split(separator: ",").contains("memory") {
                files.append(
                    Files(
                        limit: "\(root)/memory\(path)/memory.limit_in_bytes",
                        usage: "\(root)/memory\(path)/memory.usage_in_bytes"))
            }
        }
        files.append(Files(limit: "\(root)/memory.max", usage: "\(root)/memory.current"))
        files.append(
            Files(limit: "\(root)/memory/memory.limit_in_bytes", usage: "\(root)/memory/memory.usage_in_bytes"))
        var seen: Set<Files> = []
        return files.filter { seen.insert($0).inserted }
    }

    /// The limit in a limit file's text: nil for `max` or a value meaning no limit.
    static func limit(_ text: String) -> Int? {
        guard let value = bytes(text), value > 0, value < unlimitedThreshold else { return nil }
        return value
    }

    /// A byte count file's value (`memory.current`, `memory.usage_in_bytes`).
    static func bytes(_ text: String) -> Int? {
        ProcText.fields(Substring(text)).first.flatMap { Int($0) }
    }
}
