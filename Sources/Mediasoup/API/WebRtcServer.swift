/// Shared ICE/DTLS sockets that many WebRtcTransports of one worker listen
/// through. mediasoup's `WebRtcServer`.
public protocol WebRtcServer: AnyObject, Sendable {
    /// The server's id (a UUID), as mediasoup's `webRtcServer.id`.
    var id: String { get }
    /// Whether the server is closed, as mediasoup's `webRtcServer.closed`.
    var closed: Bool { get }
    /// Application data, readable and writable: the ``WebRtcServerOptions`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The server's events (`workerclose`): see ``WebRtcServerEvent``.
    var events: EventEmitter<WebRtcServerEvent> { get }
    /// The server's observer events, as mediasoup's `webRtcServer.observer`: see
    /// ``WebRtcServerObserverEvent``.
    var observer: EventEmitter<WebRtcServerObserverEvent> { get }
    /// The transports listening through this server.
    var webRtcTransportsForTesting: [any WebRtcTransport] { get }

    /// Closes the server; its transports close with `listenserverclose`.
    func close()
    /// The worker's view of the server: its sockets, transports and ICE username fragments
    /// (mediasoup's `webRtcServer.dump()`).
    ///
    /// - Throws: `MediasoupError` when the server is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> WebRtcServerDump
}

/// Options of `worker.createWebRtcServer()`.
public struct WebRtcServerOptions: Sendable, Hashable, Codable {
    /// Sockets to open. Must not be empty.
    public var listenInfos: [TransportListenInfo]
    /// Application data for the server. Default `[:]`.
    public var appData: AppData?
    /// Options with the sockets to open and application data.
    public init(listenInfos: [TransportListenInfo], appData: AppData? = nil) {
        self.listenInfos = listenInfos
        self.appData = appData
    }
}
