// mediasoup-worker: one worker process. One SwiftNIO event loop thread owns
// every entity of the worker (routers, transports, producers, consumers…) and
// every socket; nothing on it is shared with another thread.
//
// The library starts it with the settings as `--name=value` arguments and two
// pipes: requests come in on fd 3, responses and notifications go out on fd 4
// (framing and messages: MediasoupChannel/ChannelMessage.swift). It exits with
// status 42 when it refuses its settings, 0 when its channel closes, 1 when it
// cannot start its event loop or channel.

#if canImport(Glibc)
import Glibc
#endif
import DTLS
import Mediasoup
import MediasoupChannel
import NIOCore
import NIOPosix

// The process inherits the signal mask and ignored signals of the thread that
// spawned it (a library thread may block SIGINT/SIGTERM): start from none
// blocked, and INT and TERM at their default action, so they end the worker.
var unblocked = sigset_t()
sigemptyset(&unblocked)
sigprocmask(SIG_SETMASK, &unblocked, nil)
signal(SIGINT, SIG_DFL)
signal(SIGTERM, SIG_DFL)

let settings: WorkerCommandLine.Settings
do {
    settings = try WorkerCommandLine.parse(Array(CommandLine.arguments.dropFirst()))
    try DtlsIdentity.checkFiles(settings)
} catch {
    WorkerLog.write("mediasoup-worker: wrong settings: \(error)")
    exit(WorkerCommandLine.wrongSettingsExitCode)
}

// As mediasoup's worker: these signals must not kill it (INT, TERM and KILL do).
for ignored in [SIGPIPE, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2] {
    signal(ignored, SIG_IGN)
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()

do {
    let runtime = try loop.submit {
        NIOLoopBound(try WorkerRuntime(eventLoop: loop, settings: settings), eventLoop: loop)
    }.wait()
    let channel = try NIOPipeBootstrap(group: group)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ChannelPipeHandler(runtime: runtime.value))
            }
        }
        .takingOwnershipOfDescriptors(input: 3, output: 4)
        .wait()
    try channel.closeFuture.wait()
    exit(0)
} catch {
    WorkerLog.write("mediasoup-worker: \(error)")
    exit(1)
}
