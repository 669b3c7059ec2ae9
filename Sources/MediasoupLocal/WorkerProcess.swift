#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Foundation
import CSystemShims
import Mediasoup

/// A spawned `mediasoup-worker` process and the library's ends of its two channel pipes.
final class WorkerProcess: Sendable {
    /// How the process ended.
    enum Exit: Sendable, Equatable, CustomStringConvertible {
        case exited(code: Int32)
        case signaled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "code:\(code), signal:null"
            case .signaled(let signal): "code:null, signal:\(signalName(signal))"
            }
        }
    }

    let pid: Int32
    /// Where the library writes requests (the worker's fd 3).
    let requestFd: Int32
    /// Where the library reads responses and notifications (the worker's fd 4).
    let responseFd: Int32

    private init(pid: Int32, requestFd: Int32, responseFd: Int32) {
        self.pid = pid
        self.requestFd = requestFd
        self.responseFd = responseFd
    }

    /// Starts the worker executable with its channel on fds 3 and 4.
    ///
    /// - Throws: ``MediasoupError`` when the pipes or the process cannot be made.
    static func spawn(executable: String, arguments: [String]) throws -> WorkerProcess {
        _ = ignoreBrokenPipes
        var toWorker: [Int32] = [0, 0]
        var fromWorker: [Int32] = [0, 0]
        guard cshims_pipe_cloexec(&toWorker) == 0 else { throw MediasoupError("pipe2() failed: \(errnoText())") }
        guard cshims_pipe_cloexec(&fromWorker) == 0 else {
            close(toWorker[0])
            close(toWorker[1])
            throw MediasoupError("pipe2() failed: \(errnoText())")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], 4)
        // Nothing else of this process reaches the worker: SwiftNIO's sockets (a
        // control server's listener and its clients) are not close-on-exec, and a
        // worker holding them would keep a port bound and a closed connection
        // half-open for its whole life.
        cshims_spawn_file_actions_addclosefrom(&actions, 5)

        var environment = ProcessInfo.processInfo.environment
        environment["MEDIASOUP_VERSION"] = mediasoupVersion
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(toWorker[0])
        close(fromWorker[1])
        guard status == 0 else {
            close(toWorker[1])
            close(fromWorker[0])
            throw MediasoupError("spawn \(executable) failed: \(String(cString: strerror(status)))")
        }
        return WorkerProcess(pid: pid, requestFd: toWorker[1], responseFd: fromWorker[0])
    }

    /// Calls `onExit` once, from a background thread, when the process ends.
    func onExit(_ onExit: @escaping @Sendable (Exit) -> Void) {
        let pid = self.pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift cannot import (macros).
            let signal = status & 0x7f
            onExit(signal == 0 ? .exited(code: (status >> 8) & 0xff) : .signaled(signal))
        }
    }

    /// Sends a signal to the process.
    func kill(_ signal: Int32) {
        _ = Glibc.kill(pid, signal)
    }
}

/// Writing to the channel of a worker that died must fail with EPIPE, not
/// kill this process with SIGPIPE (whose default action ends it): SIGPIPE is
/// ignored process-wide once a worker is spawned, as Node.js does for mediasoup.
private let ignoreBrokenPipes: Void = {
    signal(SIGPIPE, SIG_IGN)
}()

func errnoText() -> String { String(cString: strerror(errno)) }

private func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGINT: "SIGINT"
    case SIGTERM: "SIGTERM"
    case SIGKILL: "SIGKILL"
    case SIGSEGV: "SIGSEGV"
    case SIGABRT: "SIGABRT"
    default: "\(signal)"
    }
}
