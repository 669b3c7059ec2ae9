import Mediasoup
import MediasoupChannel
import Synchronization

/// A WebRTC server of the local engine.
final class LocalWebRtcServer: WebRtcServer {
    let id: String
    let events = EventEmitter<WebRtcServerEvent>()
    let observer = EventEmitter<WebRtcServerObserverEvent>()
    private let channel: WorkerChannel
    private let onClose: @Sendable (LocalWebRtcServer) -> Void

    private struct State {
        var closed = false
        var appData: AppData
        var transports: [any WebRtcTransport] = []
    }
    private let state: Mutex<State>

    init(id: String, channel: WorkerChannel, appData: AppData, onClose: @escaping @Sendable (LocalWebRtcServer) -> Void) {
        self.id = id
        self.channel = channel
        self.onClose = onClose
        self.state = Mutex(State(appData: appData))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }
    var webRtcTransportsForTesting: [any WebRtcTransport] { state.withLock { $0.transports } }

    func close() {
        guard markClosed() else { return }
        let id = self.id
        let channel = self.channel
        // Sent before close() returns, so it precedes any later request.
        startImmediately {
            _ = try? await channel.request(
                .workerCloseWebRtcServer, data: WebRtcServerIdPayload(webRtcServerId: id).channelData())
        }
        finishClosing()
        onClose(self)
    }

    /// The worker closed: the server closes with `workerclose`. Its transports
    /// are not touched: their routers close them (as mediasoup does).
    func workerClosed() {
        guard markClosed() else { return }
        state.withLock { $0.transports = [] }
        events.emit(.workerClose)
        observer.emit(.close)
    }

    func dump() async throws -> WebRtcServerDump {
        try await channel.request(.webRtcServerDump, handlerId: id).decoded(WebRtcServerDump.self)
    }

    /// A transport now listens through this server.
    func handle(_ transport: any WebRtcTransport) {
        state.withLock { $0.transports.append(transport) }
        observer.emit(.webRtcTransportHandled(transport))
    }

    /// A transport no longer listens through this server (it closed).
    func unhandle(_ transport: any WebRtcTransport) {
        let removed = state.withLock { state -> Bool in
            let before = state.transports.count
            state.transports.removeAll { $0 === transport }
            return state.transports.count != before
        }
        if removed { observer.emit(.webRtcTransportUnhandled(transport)) }
    }

    private func markClosed() -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            return true
        }
    }

    /// Closes the transports listening through the server (`listenserverclose`,
    /// then observer `webrtctransportunhandled` for each), then emits observer `close`.
    private func finishClosing() {
        let transports = state.withLock { state -> [any WebRtcTransport] in
            defer { state.transports = [] }
            return state.transports
        }
        for transport in transports {
            (transport as? any ListenServerClosable)?.listenServerClosed()
            observer.emit(.webRtcTransportUnhandled(transport))
        }
        observer.emit(.close)
    }
}

/// A transport that closes when the WebRTC server it listens through closes.
protocol ListenServerClosable: AnyObject {
    func listenServerClosed()
}
