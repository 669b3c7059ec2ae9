#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup

/// Debian's Chromium, headless, for one case: fake camera (the size the page
/// asks for) and microphone, loopback ICE candidates, its profile, crash
/// database, temporary files and log in the case's scratch directory, driven over the
/// DevTools protocol (``DevToolsConnection``).
///
/// Always stopped when the case ends: SIGTERM to its process group (the
/// browser and its zygotes, renderers, GPU and utility processes), SIGKILL
/// after three seconds, then SIGKILL to any process left whose command line
/// names the scratch directory (the crash handlers, which leave the group).
final class HeadlessChromium: @unchecked Sendable {
    // Safe: `process` is started in init; afterwards only its thread-safe
    // accessors (isRunning, processIdentifier) are used.
    /// The real binary (`/usr/bin/chromium` is a wrapper script that adds flags).
    static let executable = "/usr/lib/chromium/chromium"

    private let process: Process
    private let directory: String
    private let logPath: String
    let devTools: DevToolsConnection

    private init(process: Process, directory: String, logPath: String, devTools: DevToolsConnection) {
        self.process = process
        self.directory = directory
        self.logPath = logPath
        self.devTools = devTools
    }

    /// Starts the browser in `directory` and connects to its DevTools endpoint (10 s at most).
    static func launch(directory: String, context: AcceptanceContext) async throws -> HeadlessChromium {
        let profile = "\(directory)/profile"
        let logPath = "\(directory)/chromium.log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw MediasoupError("cannot create \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--allow-loopback-in-peer-connection", "--disable-audio-output",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-component-update", "--log-level=3",
            "--user-data-dir=\(profile)", "--remote-debugging-port=0", "about:blank",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory
        environment["XDG_CONFIG_HOME"] = "\(directory)/config"
        environment["XDG_CACHE_HOME"] = "\(directory)/cache"
        environment["TMPDIR"] = directory  // its org.chromium.Chromium.* singleton directory
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        context.addTeardown { await stop(process, directory: directory) }

        // Chromium writes its DevTools port and browser path there once it listens.
        let portFile = "\(profile)/DevToolsActivePort"
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, process.isRunning {
            let lines = ((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count >= 2, let port = Int(lines[0]) {
                let devTools = try await DevToolsConnection.connect(port: port, path: String(lines[1]))
                context.addTeardown { await devTools.close() }
                return HeadlessChromium(process: process, directory: directory, logPath: logPath, devTools: devTools)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let tail = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").suffix(10)
        throw MediasoupError("Chromium gave no DevTools port within 10 s: \(tail.joined(separator: "\n"))")
    }

    /// Opens `url` in a new page and attaches to it.
    func open(_ url: String) async throws -> DevToolsPage {
        let target = try await devTools.call("Target.createTarget", ["url": .string(url)])
        guard let targetId = target["targetId"]?.stringValue else {
            throw MediasoupError("Target.createTarget gave no targetId: \(target)")
        }
        let attached = try await devTools.call(
            "Target.attachToTarget", ["targetId": .string(targetId), "flatten": true])
        guard let sessionId = attached["sessionId"]?.stringValue else {
            throw MediasoupError("Target.attachToTarget gave no sessionId: \(attached)")
        }
        return DevToolsPage(connection: devTools, sessionId: sessionId)
    }

    /// The last lines of the browser's standard error, for failure messages.
    func logTail(_ count: Int = 10) -> String {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").suffix(count).joined(separator: "\n")
    }

    /// Ends the browser and every process it started (see the type's comment).
    private static func stop(_ process: Process, directory: String) async {
        let group = process.processIdentifier
        if process.isRunning { kill(-group, SIGTERM) }
        for _ in 0..<60 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(-group, SIGKILL)
        for pid in processes(naming: directory) { kill(pid, SIGKILL) }
    }

    /// The processes whose command line contains `text`, read from /proc.
    private static func processes(naming text: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let commandLine = String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return commandLine.contains(text) ? pid : nil
        }
    }
}
