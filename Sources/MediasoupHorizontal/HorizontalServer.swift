import Mediasoup
import Synchronization

/// One media server of a ``MediasoupHorizontal``: its manager (a remote
/// client, a local engine, a vertical engine) and where its PipeTransports
/// listen for the pipes other servers make to it.
public struct HorizontalServer: Sendable {
    /// The server's identity in the cluster (its URL, say); unique.
    public var name: String
    /// How the cluster reaches the server's mediasoup (a remote client, say).
    public var manager: any MediasoupManager
    /// The listen info of the PipeTransports this server makes for a pipe to
    /// or from another server: an address the other servers reach (its
    /// announced address). Nil: `pipeToRouter()`'s own (127.0.0.1 by
    /// default), which only servers of one host reach.
    public var pipeListenInfo: TransportListenInfo?

    /// A server named `name`, reached through `manager`.
    public init(name: String, manager: any MediasoupManager, pipeListenInfo: TransportListenInfo? = nil) {
        self.name = name
        self.manager = manager
        self.pipeListenInfo = pipeListenInfo
    }
}

/// A server as the cluster holds it: with the ordinal that makes its
/// workers' pids its own.
final class Member: Sendable {
    let server: HorizontalServer
    let ordinal: Int
    private let listening = Mutex<(EventEmitter<ManagerEvent>.Token, EventEmitter<ManagerEvent>)?>(nil)

    init(server: HorizontalServer, ordinal: Int) {
        self.server = server
        self.ordinal = ordinal
    }

    var name: String { server.name }

    /// The cluster's listener on the server's manager, removed with ``unlisten()``.
    func setToken(_ token: EventEmitter<ManagerEvent>.Token, on emitter: EventEmitter<ManagerEvent>) {
        listening.withLock { $0 = (token, emitter) }
    }

    func unlisten() {
        guard let (token, emitter) = listening.withLock({ state in defer { state = nil }; return state }) else { return }
        emitter.off(token)
    }

    /// A pid of this server's as the cluster shows it: the server's ordinal
    /// above Linux's largest pid (2^22), so pids of two servers never collide
    /// and none can be signalled on this host by mistake.
    func clusterPid(_ pid: Int) -> Int { ordinal << 22 | (pid & (1 << 22 - 1)) }
}
