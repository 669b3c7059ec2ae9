import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A WebRTC server of a remote worker.
final class RemoteWebRtcServer: WebRtcServer, RemoteProxy {
    let core: ProxyCore
    let worker: RemoteWorker
    let events = EventEmitter<WebRtcServerEvent>()
    let observer = EventEmitter<WebRtcServerObserverEvent>()
    private let transports = Mutex<[RemoteWebRtcTransport]>([])

    init(snapshot: ObjectSnapshot, worker: RemoteWorker, session: RemoteSession) {
        self.core = ProxyCore(snapshot: snapshot, parent: worker, session: session)
        self.worker = worker
    }

    var webRtcTransportsForTesting: [any WebRtcTransport] { transports.withLock { $0 } }

    /// Closes the server: its transports close with `listenserverclose`, each
    /// followed by observer `webrtctransportunhandled`.
    func close() {
        guard core.markClosed() else { return }
        let handled = transports.withLock { transports in
            defer { transports = [] }
            return transports
        }
        for transport in handled {
            transport.listenServerClosed()
            observer.emit(.webRtcTransportUnhandled(transport))
        }
        worker.release(self)
        observer.emit(.close)
        finish()
        core.send(RemoteProcedure.close)
    }

    /// The worker closed: `workerclose`. Its transports are left to their routers.
    func closeWithParent() {
        guard core.markClosed() else { return }
        transports.withLock { $0 = [] }
        worker.release(self)
        events.emit(.workerClose)
        observer.emit(.close)
        finish()
    }

    func dump() async throws -> WebRtcServerDump {
        try await core.request(RemoteProcedure.dump, as: WebRtcServerDump.self)
    }

    // MARK: Transports listening through it

    /// A transport now listens through this server; false when it already did.
    @discardableResult
    func handle(_ transport: RemoteWebRtcTransport) -> Bool {
        transport.listen(through: self)
        return transports.withLock { transports in
            guard !transports.contains(where: { $0 === transport }) else { return false }
            transports.append(transport)
            return true
        }
    }

    /// A transport no longer listens through this server (it closed); emits
    /// observer `webrtctransportunhandled` when it did.
    func unhandle(_ transport: RemoteWebRtcTransport) {
        let removed = transports.withLock { transports in
            let before = transports.count
            transports.removeAll { $0 === transport }
            return transports.count != before
        }
        if removed { observer.emit(.webRtcTransportUnhandled(transport)) }
    }

    // MARK: The graph

    func update(from snapshot: ObjectSnapshot) {}

    func emit(_ notification: EventNotification) {
        if !notification.observer {
            switch eventName(notification, in: WebRtcServerEventName.self) {
            case .workerClose?: events.emit(.workerClose)
            case nil: break
            }
            return
        }
        switch eventName(notification, in: WebRtcServerObserverEventName.self) {
        case .close?:
            observer.emit(.close)
        case .webRtcTransportHandled?:
            guard let transport = child(notification.data, as: RemoteWebRtcTransport.self) else { return }
            if handle(transport) { observer.emit(.webRtcTransportHandled(transport)) }
        case .webRtcTransportUnhandled?:
            guard let snapshot = decode(notification.data, as: ObjectSnapshot.self, event: notification.event),
                let transport = transports.withLock({ $0.first { $0.id == snapshot.id } })
            else { return }
            unhandle(transport)
        case nil:
            break
        }
    }
}
