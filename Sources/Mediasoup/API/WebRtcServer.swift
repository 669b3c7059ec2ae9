/// Shared ICE/DTLS sockets that many WebRtcTransports of one worker listen
/// through. mediasoup's `WebRtcServer`.
public protocol WebRtcServer: AnyObject, Sendable {
    var id: String { get }
    var closed: Bool { get }
    var appData: AppData { get set }
    var events: EventEmitter<WebRtcServerEvent> { get }
    var observer: EventEmitter<WebRtcServerObserverEvent> { get }
    /// The transports listening through this server.
    var webRtcTransportsForTesting: [any WebRtcTransport] { get }

    /// Closes the server; its transports close with `listenserverclose`.
    func close()
    func dump() async throws -> WebRtcServerDump
}

/// Options of `worker.createWebRtcServer()`.
public struct WebRtcServerOptions: Sendable, Hashable, Codable {
    /// Sockets to open. Must not be empty.
    public var listenInfos: [TransportListenInfo]
    public var appData: AppData?
    public init(listenInfos: [TransportListenInfo], appData: AppData? = nil) {
        self.listenInfos = listenInfos
        self.appData = appData
    }
}
