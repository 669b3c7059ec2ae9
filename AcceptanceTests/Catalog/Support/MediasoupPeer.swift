#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import Synchronization

/// A WebRTC endpoint nobody here wrote: pymediasoup's Device on aiortc, in a
/// Python child process (`AcceptanceTests/Peers/mediasoup_peer.py`), driven
/// over JSON lines on its standard input and output. The case plays the
/// application's signalling server: it answers the peer's transport callbacks
/// (`connect`, `produce`, `producedata`) with ``Handler`` and sends requests
/// (`load`, `createSendTransport`, `produce`, `consume`, `stats`, …).
///
/// The process is bounded in time (`--max-seconds`), its standard error is
/// kept in the case's scratch directory, and it is closed, then killed, when
/// the case ends.
final class MediasoupPeer: @unchecked Sendable {
    // Safe: `process` and `input` are set up in init; afterwards only their
    // thread-safe calls are made (isRunning, terminate, write, close); the
    // rest is immutable or behind `state`.
    /// Answers a callback of the peer: its method and data, the answer's data.
    typealias Handler = @Sendable (_ method: String, _ data: JSONValue) async throws -> JSONValue

    /// An error answer of the peer, or the peer gone.
    struct PeerError: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    private let process: Process
    private let input: FileHandle
    private let logPath: String
    private let handler: Handler
    private let state = Mutex(State())

    private struct State {
        var nextId = 1
        var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
        var events: [(name: String, data: JSONValue)] = []
        var exited = false
    }

    /// The Python that has pymediasoup: `MAFALDA_PEER_PYTHON`, else the
    /// package's `.venv-peers` (made by scripts/setup); nil when neither exists.
    static var python: String? {
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["MAFALDA_PEER_PYTHON"],
            packageRoot.appendingPathComponent(".venv-peers/bin/python").path,
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private static let script = packageRoot.appendingPathComponent("AcceptanceTests/Peers/mediasoup_peer.py").path

    /// Starts a peer named `name` (its log is `directory/name.log`).
    ///
    /// - Throws: ``CasePending`` without the peer's Python; an error when it cannot start.
    init(
        _ name: String, python: String, directory: String, context: AcceptanceContext, maxSeconds: Int = 90,
        handler: @escaping Handler
    ) throws {
        self.name = name
        self.handler = handler
        logPath = "\(directory)/\(name).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw MediasoupError("cannot create \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        let stdin = Pipe()
        let stdout = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script, "--max-seconds", String(maxSeconds)]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = log
        input = stdin.fileHandleForWriting
        try process.run()
        let output = stdout.fileHandleForReading
        let reader = Thread { [self] in readLines(from: output) }
        reader.name = "peer \(name)"
        reader.start()
        context.addTeardown { [self] in await stop() }
    }

    // MARK: Requests to the peer

    /// Sends `method` with `data` and waits for the answer's data.
    ///
    /// - Throws: ``PeerError`` for an error answer, a peer that exited, or no answer within `timeout`.
    @discardableResult
    func request(_ method: String, _ data: JSONValue = [:], timeout: Duration = .seconds(20)) async throws
        -> JSONValue
    {
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            return state.nextId
        }
        let watchdog = Task { [self] in
            try await Task.sleep(for: timeout)
            fail(id, PeerError(description: "\(name): no answer to \(method) within \(timeout); \(logTail())"))
        }
        defer { watchdog.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let exited = state.withLock { state in
                if !state.exited { state.pending[id] = continuation }
                return state.exited
            }
            if exited {
                continuation.resume(throwing: PeerError(description: "\(name) exited; \(logTail())"))
                return
            }
            write(["id": .number(Double(id)), "method": .string(method), "data": data])
        }
    }

    /// The events the peer sent so far (`trackended`, …).
    var events: [(name: String, data: JSONValue)] { state.withLock { $0.events } }

    // MARK: The pipe

    private func write(_ message: JSONValue) {
        guard var bytes = try? message.jsonBytes() else { return }
        bytes.append(UInt8(ascii: "\n"))
        try? input.write(contentsOf: bytes)
    }

    private func readLines(from output: FileHandle) {
        var buffer: [UInt8] = []
        while true {
            let chunk = output.availableData
            if chunk.isEmpty { break }
            buffer.append(contentsOf: chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if let message = try? JSONValue(json: line) { take(message) }
            }
        }
        let waiting = state.withLock { state in
            state.exited = true
            defer { state.pending = [:] }
            return state.pending
        }
        for continuation in waiting.values {
            continuation.resume(throwing: PeerError(description: "\(name) exited; \(logTail())"))
        }
    }

    private func take(_ message: JSONValue) {
        if let id = message["id"]?.intValue {
            let continuation = state.withLock { $0.pending.removeValue(forKey: id) }
            if message["ok"]?.boolValue == true {
                continuation?.resume(returning: message["data"] ?? .null)
            } else {
                let error = message["error"]?.stringValue ?? "error"
                continuation?.resume(throwing: PeerError(description: "\(name): \(error)"))
            }
        } else if let request = message["request"]?.intValue, let method = message["method"]?.stringValue {
            let data = message["data"] ?? .null
            Task { [self] in
                do {
                    let answer = try await handler(method, data)
                    write(["response": .number(Double(request)), "ok": true, "data": answer])
                } catch {
                    write(["response": .number(Double(request)), "ok": false, "error": .string("\(error)")])
                }
            }
        } else if let event = message["event"]?.stringValue {
            state.withLock { $0.events.append((event, message["data"] ?? .null)) }
        }
    }

    private func fail(_ id: Int, _ error: PeerError) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.resume(throwing: error)
    }

    // MARK: Ending

    /// The last lines of the peer's standard error, for failure messages.
    func logTail(_ count: Int = 8) -> String {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").suffix(count).joined(separator: "\n")
    }

    /// Asks the peer to close (2 s), then terminates it (SIGTERM, then SIGKILL).
    func stop() async {
        if process.isRunning { _ = try? await request("close", timeout: .seconds(2)) }
        try? input.close()
        for _ in 0..<20 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        for _ in 0..<20 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
