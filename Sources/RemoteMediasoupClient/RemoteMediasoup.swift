import Mediasoup
import RemoteMediasoupProtocol

/// The mediasoup object of a ``RemoteMediasoupClient``: workers live on the
/// server, and every object is a proxy that keeps its state here, so
/// properties read synchronously as mediasoup's do.
///
/// `version` and `workerBin` are the server's: `workerBin` may name a path
/// on another host.
public final class RemoteMediasoup: MediasoupAPI {
    let session: RemoteSession

    init(session: RemoteSession) {
        self.session = session
    }

    public var version: String { session.version }
    public var workerBin: String { session.workerBin }
    public var observer: EventEmitter<MediasoupObserverEvent> { session.mediasoupObserver }

    /// The server's live workers, whoever created them (the server's
    /// snapshot brings those that existed before this client connected).
    public var workers: [any Worker] { session.workers }

    /// Starts a worker on the server.
    public func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        session.log.debug("createWorker()")
        let snapshot = try RemoteSession.decode(
            try await session.call(
                RemoteProcedure.createWorker, target: nil,
                [RemoteParam.settings: try RemoteSession.wire(settings, what: "settings")]),
            as: ObjectSnapshot.self, what: RemoteProcedure.createWorker.method)
        guard let worker = try session.proxy(for: snapshot) as? RemoteWorker else {
            throw TypeError("\(RemoteProcedure.createWorker.method) answered a \(snapshot.class.rawValue) snapshot")
        }
        return worker
    }

    /// Routes the client's own log lines (failed fire-and-forget requests,
    /// ignored malformed events); the server's are its own.
    public func setLogEventListeners(_ listeners: LogEventListeners?) {
        session.log.set(listeners)
    }
}
