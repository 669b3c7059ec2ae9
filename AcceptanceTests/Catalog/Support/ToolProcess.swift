#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup

/// A command-line tool nobody here wrote (ffmpeg), run as a child process for
/// one case in a scratch directory of its own. Its standard error goes to a
/// file there; it is stopped (SIGTERM, then SIGKILL) if still running when the
/// case ends, and the directory is removed.
final class ToolProcess: @unchecked Sendable {
    // Safe: `process` is configured and started in init; afterwards only its
    // thread-safe accessors (isRunning, processIdentifier, terminationStatus,
    // terminate) are used.
    private let process = Process()
    private let logPath: String

    /// The executable at `path`, or nil when it is not installed.
    static func installed(_ path: String) -> String? {
        FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// A scratch directory named after `tool`, removed after the case.
    static func scratchDirectory(_ tool: String, context: AcceptanceContext) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mafalda-\(tool)-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        context.addTeardown { try? FileManager.default.removeItem(at: directory) }
        return directory.path
    }

    /// Starts `executable` with `arguments` in `directory` (no standard input;
    /// standard output discarded; standard error kept in `directory/name.log`).
    init(_ executable: String, _ arguments: [String], name: String, directory: String, context: AcceptanceContext)
        throws
    {
        logPath = "\(directory)/\(name).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw MediasoupError("cannot create \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        try process.run()
        context.addTeardown { [self] in await stop() }
    }

    var isRunning: Bool { process.isRunning }

    /// What the tool wrote to its standard error so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The last `count` lines of ``log``, progress lines (`\r`) split, for failure messages.
    func logTail(_ count: Int = 12) -> String {
        log.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).suffix(count).joined(separator: "\n")
    }

    /// The exit status once the tool exits by itself within `timeout`; nil
    /// when it had to be stopped.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(50)) } catch { break }
        }
        if process.isRunning {
            await stop()
            return nil
        }
        return process.terminationStatus
    }

    /// Stops the tool if it still runs: SIGTERM, then SIGKILL after two seconds.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<40 where process.isRunning {
            do { try await Task.sleep(for: .milliseconds(50)) } catch { break }
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// UDP ports on 127.0.0.1 for a tool that binds its own sockets.
enum LoopbackPorts {
    /// An even port P with P and P + 1 free (RTP and RTCP, as RFC 3550 pairs
    /// them), found by binding; released again for the tool to bind.
    static func freePair() throws -> UInt16 {
        for _ in 0..<100 {
            let port = try UdpPeer().port
            if port % 2 == 0, port < UInt16.max, isFree(port), isFree(port + 1) { return port }
        }
        throw MediasoupError("no two consecutive free UDP ports on 127.0.0.1")
    }

    /// True when a UDP socket can be bound to 127.0.0.1:`port` now.
    static func isFree(_ port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Whether some socket is bound to UDP `port` on 127.0.0.1 or any address,
    /// read from /proc/net/udp without binding (so a tool about to bind the
    /// port never races with the check); nil where /proc/net/udp is missing.
    static func isBound(_ port: UInt16) -> Bool? {
        guard let table = try? String(contentsOfFile: "/proc/net/udp", encoding: .utf8) else { return nil }
        let hexPort = String(port, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: 4 - hexPort.count) + hexPort
        let wanted: Set<String> = ["0100007F:\(padded)", "00000000:\(padded)"]
        return table.split(separator: "\n").dropFirst().contains { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map {
                wanted.contains(String($0))
            } ?? false
        }
    }

    /// Waits (at most `timeout`) until `ports` are all bound by `tool`; where
    /// that cannot be seen, gives the tool a second to bind them.
    static func awaitBound(_ ports: [UInt16], by tool: ToolProcess, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while tool.isRunning, ContinuousClock.now < deadline {
            let seen = ports.map(isBound)
            if seen.contains(where: { $0 == nil }) {
                try await Task.sleep(for: .seconds(1))
                return
            }
            if seen.allSatisfy({ $0 == true }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        try expect(false, "the tool did not bind UDP ports \(ports) within \(timeout):\n\(tool.logTail())")
    }
}
