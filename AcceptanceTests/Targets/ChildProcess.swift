import Foundation

/// What a finished child process gave: its exit status and what it wrote.
public struct ChildProcessResult: Sendable {
    public let status: Int32
    public let output: String
}

/// Runs `executable` with `arguments` and no standard input to its end, and
/// returns its status and what it wrote to standard output (and standard
/// error too with `capturingStandardError`; else that goes to this
/// process's). The output is read and the exit awaited on a thread of their
/// own: on one of the cooperative pool's two threads, the blocking read
/// would stall the other suites of `swift test`.
public func runChildProcess(
    _ executable: String, _ arguments: [String], capturingStandardError: Bool = true
) async throws -> ChildProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    let output = Pipe()
    process.standardOutput = output
    if capturingStandardError { process.standardError = output }
    try process.run()
    return await withCheckedContinuation { continuation in
        Thread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            continuation.resume(
                returning: ChildProcessResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self)))
        }.start()
    }
}
