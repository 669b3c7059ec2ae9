import Mediasoup
import ROPE
import RemoteMediasoupProtocol
import Synchronization

/// The client's view of one server: the connection, the graph of proxies,
/// and the mediasoup object's own state and observer. Every proxy reaches
/// the server through it.
final class RemoteSession: Sendable {
    let connection: any RopeClientConnection
    let listenWorkerDied: Bool
    let log = RemoteLog()
    let registry = ProxyRegistry()
    /// `mediasoup.observer`.
    let mediasoupObserver = EventEmitter<MediasoupObserverEvent>()
    let pipeLinks = PipeLinks()
    /// Serialises making proxies (see ``proxy(for:)``).
    let materializing = Mutex(())

    private struct State {
        var version = mediasoupVersion
        var workerBin = ""
        var workers: [RemoteWorker] = []
    }
    private let state = Mutex(State())

    init(connection: any RopeClientConnection, listenWorkerDied: Bool) {
        self.connection = connection
        self.listenWorkerDied = listenWorkerDied
    }

    var version: String { state.withLock { $0.version } }
    var workerBin: String { state.withLock { $0.workerBin } }
    /// The live workers, in creation order.
    var workers: [RemoteWorker] { state.withLock { $0.workers } }

    func setServerInfo(version: String, workerBin: String) {
        state.withLock { state in
            state.version = version
            state.workerBin = workerBin
        }
    }

    func adoptWorker(_ worker: RemoteWorker) {
        state.withLock { state in
            if !state.workers.contains(where: { $0 === worker }) { state.workers.append(worker) }
        }
    }

    func releaseWorker(_ worker: RemoteWorker) {
        state.withLock { $0.workers.removeAll { $0 === worker } }
    }

    // MARK: Calls

    /// Calls `procedure` (on `target` when given) and waits for its answer.
    ///
    /// - Throws: the server's error with its kind; ``InvalidStateError`` when
    ///   the connection is not open, drops or the request times out.
    func call(_ procedure: RemoteProcedure, target: ProxyKey?, _ params: [String: JSONValue] = [:]) async throws
        -> JSONValue
    {
        log.debug("request() [method:\(procedure.method)]")
        var params = params
        if let target {
            params[RemoteParam.target] = .string(target.id)
            // Names the target when its id alone does not (a pipe producer has the original's id).
            if let parent = target.parent { params[RemoteParam.parent] = .string(parent) }
        }
        return try await connection.call(procedure.method, .object(params))
    }

    /// Sends `procedure` without waiting for its answer; the request leaves
    /// before this returns, so later calls reach the server after it. A
    /// failure is logged.
    func send(_ procedure: RemoteProcedure, target: ProxyKey?, _ params: [String: JSONValue] = [:]) {
        startImmediately { [self] in
            do {
                _ = try await call(procedure, target: target, params)
            } catch {
                log.warn("\(procedure.method) failed [target:\(target?.id ?? "-")]", error)
            }
        }
    }

    // MARK: JSON

    /// `value` as JSON for a request. - Throws: ``TypeError`` when it cannot be encoded.
    static func wire(_ value: some Encodable, what: String) throws -> JSONValue {
        do {
            return try value.jsonValue()
        } catch {
            throw TypeError("invalid \(what): \(error)")
        }
    }

    /// An answer decoded as `T`. - Throws: ``TypeError`` naming the procedure when malformed.
    static func decode<T: Decodable>(_ value: JSONValue, as type: T.Type, what: String) throws -> T {
        do {
            return try T(jsonValue: value)
        } catch {
            throw TypeError("invalid answer to \(what): \(error.message)")
        }
    }
}
