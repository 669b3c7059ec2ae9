/// The figures of one process's `/proc/<pid>/stat` line that pidusage reads.
struct ProcessStat: Sendable, Hashable {
    var ppid: Int
    /// Clock ticks in user mode.
    var userTicks: Double
    /// Clock ticks in kernel mode.
    var systemTicks: Double
    /// Clock ticks after boot when the process started.
    var startTicks: Double
    /// Resident pages.
    var residentPages: Int

    /// Parses `pid (comm) state ppid …`. The command name may hold spaces and
    /// parentheses, so fields are counted from the last `)`.
    init?(_ text: String) {
        guard let close = text.lastIndex(of: ")") else { return nil }
        // After ") ": state(3) ppid(4) … utime(14) stime(15) … starttime(22) vsize(23) rss(24).
        let fields = ProcText.fields(text[text.index(after: close)...])
        guard fields.count > 21, let ppid = Int(fields[1]), let user = Double(fields[11]),
            let system = Double(fields[12]), let start = Double(fields[19]), let resident = Int(fields[21])
        else { return nil }
        self.ppid = ppid
        self.userTicks = user
        self.systemTicks = system
        self.startTicks = start
        self.residentPages = resident
    }
}
