import Mediasoup
import Synchronization

/// A virtual worker's WebRtcServer: a real one on the worker's home real
/// worker (its sockets are there), so transports that use it are placed on
/// that real worker.
final class VerticalWebRtcServer: WebRtcServer {
    let real: any WebRtcServer
    let workerKey: Int
    let events = EventEmitter<WebRtcServerEvent>()
    let observer = EventEmitter<WebRtcServerObserverEvent>()
    private let pool: RealPool
    /// The virtual transports using this server, by id.
    private let transports = Mutex<[String: any WebRtcTransport]>([:])
    private let released = Mutex(false)

    init(real: any WebRtcServer, workerKey: Int, pool: RealPool) {
        self.real = real
        self.workerKey = workerKey
        self.pool = pool
        real.observer.on { [weak self] event in
            guard let self else { return }
            switch event {
            case .close:
                self.release()
                self.observer.emit(.close)
            case .webRtcTransportHandled:
                // Emitted by adopt(_:) with the virtual transport, which does not exist yet.
                break
            case .webRtcTransportUnhandled(let transport):
                let virtual = self.virtual(transport)
                _ = self.transports.withLock { $0.removeValue(forKey: transport.id) }
                self.observer.emit(.webRtcTransportUnhandled(virtual))
            }
        }
        real.events.on { [weak self] event in
            if case .workerClose = event { self?.events.emit(.workerClose) }
        }
    }

    var id: String { real.id }
    var closed: Bool { real.closed }
    var appData: AppData {
        get { real.appData }
        set { real.appData = newValue }
    }
    var webRtcTransportsForTesting: [any WebRtcTransport] {
        let byId = transports.withLock { $0 }
        return real.webRtcTransportsForTesting.map { byId[$0.id] ?? $0 }
    }

    func close() { real.close() }

    func dump() async throws -> WebRtcServerDump { try await real.dump() }

    /// A virtual transport was made with this server: observer `webrtctransporthandled` with it.
    func adopt(_ transport: any WebRtcTransport) {
        transports.withLock { $0[transport.id] = transport }
        observer.emit(.webRtcTransportHandled(transport))
    }

    /// The virtual worker closed: as mediasoup, `workerclose`, then closed.
    func workerClosed() {
        guard !real.closed else { return }
        real.close()
        events.emit(.workerClose)
    }

    private func virtual(_ transport: any WebRtcTransport) -> any WebRtcTransport {
        transports.withLock { $0[transport.id] } ?? transport
    }

    private func release() {
        let first = released.withLock { released -> Bool in
            defer { released = true }
            return !released
        }
        guard first else { return }
        let pool = pool
        let workerKey = workerKey
        Task { await pool.removeWebRtcServer(on: workerKey) }
    }
}
