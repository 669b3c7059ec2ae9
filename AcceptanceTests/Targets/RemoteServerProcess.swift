import Mediasoup
import MediasoupLocal
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// A `remote-mediasoup-server` process (on loopback unless told), started from the build
/// directory (beside this executable), with a random token and test hooks.
/// It exits when this process goes away (its standard input closes) or on
/// ``stop()``.
public final class RemoteServerProcess: Sendable {
    public let url: String
    public let token: String
    public let port: Int
    /// Where the server serves /metrics (`http://HOST:PORT/metrics`), when started with `--metrics-port`.
    public let metricsURL: String?
    public var pid: Int32 { process.processIdentifier }
    private let process: Process
    private let stdin: Pipe

    /// The `mafalda` command, beside the running executable (built with the tests).
    public static var mafaldaPath: String {
        URL(fileURLWithPath: executablePath).deletingLastPathComponent().appendingPathComponent("mafalda").path
    }

    /// The server binary: beside the running executable (as the worker is;
    /// SwiftPM builds it there because this module depends on it).
    public static var executablePath: String {
        URL(fileURLWithPath: WorkerExecutable.runningExecutable ?? ".").deletingLastPathComponent()
            .appendingPathComponent("remote-mediasoup-server").path
    }

    /// Starts a server and waits for its `listening on` line.
    ///
    /// - Parameter port: 0 for any free port; a fixed port to restart a server where a client expects it.
    /// - Parameter host: the address to listen on; off loopback, `extraArguments`
    ///   must allow the plain-text token (`--insecure-plain-text-token`).
    /// - Parameter namespace: a network namespace to run in (`ip netns exec`), or nil.
    /// - Parameter command: the server command and its subcommand (default
    ///   `remote-mediasoup-server`; `mafalda cluster`, say, with
    ///   ``mafaldaPath``); it takes the serving flags the tests pass.
    /// - Parameter environment: variables added to this process's.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, token: String? = nil, namespace: String? = nil,
        command: [String] = [executablePath], environment: [String: String] = [:], extraArguments: [String] = []
    ) async throws -> RemoteServerProcess {
        let token = token ?? UUID().uuidString
        let process = Process()
        let launcher = namespace.map { ["/usr/sbin/ip", "netns", "exec", $0] } ?? []
        let invocation = launcher + command
        guard let executable = invocation.first else { throw MediasoupError("no server command") }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(invocation.dropFirst()) + [
            "--host", host, "--port", String(port), "--allow-test-hooks", "--exit-on-stdin-eof",
            // The DTLS certificate cases make their files in the temporary directory.
            "--certificate-directory", FileManager.default.temporaryDirectory.path,
            // Cases run one after another, each with up to three workers, some still exiting.
            "--max-workers", "32",
            // Warnings and errors only: the runs start hundreds of servers.
            "--log-level", "warning",
        ] + extraArguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging(["MAFALDA_TOKEN": token]) { $1 }
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let printed = try await readUntilListening(stdout.fileHandleForReading, process: process)
        let lines = printed.split(separator: "\n").map(String.init)
        let line = lines.first { $0.hasPrefix("listening on ") } ?? ""
        let metricsURL = lines.first { $0.hasPrefix("metrics on ") }.map { String($0.dropFirst("metrics on ".count)) }
        guard let portText = line.split(separator: ":").last?.split(separator: "/").first, let bound = Int(portText)
        else {
            process.terminate()
            throw MediasoupError("remote-mediasoup-server printed an unexpected line: \(line)")
        }
        let reachable = ["0.0.0.0", "::"].contains(host) ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        return RemoteServerProcess(
            url: "ws://\(reachable):\(bound)/", token: token, port: bound, metricsURL: metricsURL, process: process,
            stdin: stdin)
    }

    private init(url: String, token: String, port: Int, metricsURL: String?, process: Process, stdin: Pipe) {
        self.url = url
        self.metricsURL = metricsURL
        self.token = token
        self.port = port
        self.process = process
        self.stdin = stdin
    }

    /// Ends the server: SIGTERM (clean: it closes its workers) or SIGKILL
    /// (a crash: its workers see their channel close and exit), then waits.
    public func stop(kill: Bool = false) async {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, kill ? SIGKILL : SIGTERM)
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        // Not gone in 5 s: killed, so that no server outlives its test (it
        // would hold the test runner's output open).
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
        try? stdin.fileHandleForWriting.close()
    }

    /// What the server printed up to its `listening on` line.
    private static func readUntilListening(_ handle: FileHandle, process: Process) async throws -> String {
        let lines = Mutex<String>("")
        let deadline = ContinuousClock.now + .seconds(20)
        return try await withCheckedThrowingContinuation { continuation in
            let resumed = Mutex(false)
            let finish: @Sendable (Result<String, any Error>) -> Void = { result in
                guard resumed.withLock({ done in defer { done = true }; return !done }) else { return }
                handle.readabilityHandler = nil
                continuation.resume(with: result)
            }
            handle.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    finish(.failure(MediasoupError("remote-mediasoup-server exited before listening")))
                    return
                }
                let text = lines.withLock { text in
                    text += String(decoding: data, as: UTF8.self)
                    return text
                }
                if text.split(separator: "\n").contains(where: { $0.hasPrefix("listening on ") }) {
                    finish(.success(text))
                }
            }
            Task {
                while ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(50))
                    if resumed.withLock({ $0 }) { return }
                }
                finish(.failure(MediasoupError("remote-mediasoup-server did not listen within 20 s")))
            }
        }
    }
}
