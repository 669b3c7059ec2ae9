import Mediasoup

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The real workers of every process on this host that uses
/// MediasoupVertical, in one file: Mafalda's FsSet of worker pids, so that
/// together they never start more workers of one settings set than the cap.
///
/// One line per worker: `<pid> <settings key hash>`; a slot being started is
/// `~<pid of the process starting it> <hash> <token>` until the worker's pid
/// replaces it. Every operation takes an exclusive `flock` on the file,
/// re-reads it and drops the lines of processes that no longer exist (a
/// killed worker, a crashed controller), so the file heals itself.
public struct HostWorkerSet: Sendable {
    /// The file.
    public let path: String

    /// The set kept in `path` (created when missing, with its directory).
    public init(path: String) {
        self.path = path
    }

    /// The default file: `$TMPDIR` (or `/tmp`) `/mafalda-vertical-<uid>/workers`.
    public static var defaultPath: String {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(base)/mafalda-vertical-\(getuid())/workers"
    }

    /// A reserved slot, to be confirmed with the worker's pid or released.
    public struct Reservation: Sendable, Hashable {
        fileprivate let line: String
    }

    /// Reserves a slot for a worker of the settings `hash` when fewer than
    /// `cap` live ones (and reservations) of that hash exist; nil otherwise.
    ///
    /// - Throws: ``MediasoupError`` when the file cannot be opened or locked.
    public func reserve(hash: String, cap: Int, token: String) throws -> Reservation? {
        try withLockedLines { lines in
            let count = lines.filter { Self.hash(of: $0) == hash }.count
            guard count < cap else { return nil }
            let line = "~\(getpid()) \(hash) \(token)"
            lines.append(line)
            return Reservation(line: line)
        }
    }

    /// Replaces a reservation by the started worker's pid.
    public func confirm(_ reservation: Reservation, pid: Int) throws {
        try withLockedLines { lines in
            lines.removeAll { $0 == reservation.line }
            lines.append("\(pid) \(Self.hash(of: reservation.line) ?? "")")
        }
    }

    /// Gives a reservation back (the worker did not start).
    public func release(_ reservation: Reservation) throws {
        try withLockedLines { lines in lines.removeAll { $0 == reservation.line } }
    }

    /// Forgets a worker that closed.
    public func remove(pid: Int) throws {
        try withLockedLines { lines in lines.removeAll { Self.pid(of: $0) == pid && !$0.hasPrefix("~") } }
    }

    /// The live workers and reservations, after dropping the dead ones.
    public func entries() throws -> [String] {
        try withLockedLines { $0 }
    }

    // MARK: The file

    /// The process a line stands for: the worker, or the controller of a reservation.
    private static func pid(of line: String) -> Int? {
        guard let first = line.split(separator: " ").first else { return nil }
        return Int(first.hasPrefix("~") ? first.dropFirst() : first)
    }

    private static func hash(of line: String) -> String? {
        let fields = line.split(separator: " ")
        return fields.count >= 2 ? String(fields[1]) : nil
    }

    private static func isAlive(_ pid: Int) -> Bool {
        guard pid > 0, pid <= Int(Int32.max) else { return false }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }

    private func withLockedLines<T>(_ body: (inout [String]) throws -> T) throws -> T {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { mkdir(directory, 0o700) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw MediasoupError("cannot open the host's worker set at \(path): errno \(errno)")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw MediasoupError("cannot lock the host's worker set at \(path): errno \(errno)") }
        }
        defer { flock(descriptor, LOCK_UN) }

        var lines = readAll(descriptor).split(separator: "\n").map(String.init)
            .filter { line in Self.pid(of: line).map(Self.isAlive) ?? false }
        let result = try body(&lines)
        let text = lines.map { $0 + "\n" }.joined()
        ftruncate(descriptor, 0)
        lseek(descriptor, 0, SEEK_SET)
        _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        return result
    }

    private func readAll(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
