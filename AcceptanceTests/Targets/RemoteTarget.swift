import AcceptanceSuite
import Mediasoup
import ROPE
import RemoteMediasoupClient
import Synchronization

extension TargetRegistry {
    /// The remote client over WebSocket on loopback to a
    /// `remote-mediasoup-server` process over the local engine. One server
    /// process serves the whole run; every case connects a new client with
    /// the server's token. Worker pids are the server's children's, real on
    /// this host.
    public static let remote = ImplementationTarget(name: "remote") {
        let server = try await SharedRemoteServer.instance.server()
        let client = try await RemoteMediasoupClient.connected(to: server.url, token: server.token)
        guard let mediasoup = client.mediasoup else {
            throw MediasoupError("the remote client closed before it connected")
        }
        return (mediasoup: mediasoup, teardown: { try? client.destroy() })
    }
}

extension TargetRegistry {
    /// The remote client talking to a server process that serves
    /// MediasoupVertical (`remote-mediasoup-server --vertical`): Mafalda's
    /// vertical-server. Optional (select it with `MAFALDA_TARGETS`).
    public static let remoteVertical = ImplementationTarget(
        name: "remote-vertical", traits: [.virtualPids, .virtualPipes]
    ) {
        let server = try await SharedRemoteServer.vertical.server()
        let client = try await RemoteMediasoupClient.connected(to: server.url, token: server.token)
        guard let mediasoup = client.mediasoup else {
            throw MediasoupError("the remote client closed before it connected")
        }
        return (mediasoup: mediasoup, teardown: { try? client.destroy() })
    }
}

/// The one server process of a run (per set of extra arguments), started on first use.
final class SharedRemoteServer: Sendable {
    static let instance = SharedRemoteServer()
    /// The server serving MediasoupVertical (`--vertical`).
    static let vertical = SharedRemoteServer(extraArguments: ["--vertical"])
    private let extraArguments: [String]
    private let started = Mutex<Task<RemoteServerProcess, any Error>?>(nil)

    init(extraArguments: [String] = []) {
        self.extraArguments = extraArguments
    }

    func server() async throws -> RemoteServerProcess {
        let task = started.withLock { task in
            if let task { return task }
            let extraArguments = extraArguments
            let made = Task { try await RemoteServerProcess.start(extraArguments: extraArguments) }
            task = made
            return made
        }
        return try await task.value
    }
}
