import Mediasoup

/// The connection state of a remote mediasoup client (and of its mock): the
/// WebSocket `readyState` values plus ``connected``.
public enum RemoteMediasoupReadyState: Int, Sendable, Hashable, Codable, CaseIterable {
    /// `0`: opening, or waiting to reconnect after the connection dropped.
    case connecting = 0
    /// `1`: the WebSocket is open; the server's snapshot has not been applied yet.
    case open = 1
    /// `2`: the client's `close()` is closing the connection.
    case closing = 2
    /// `3`: not connected: the initial state, and the state after `close()`.
    case closed = 3
    /// The server's snapshot has been received and applied: `mediasoup` is available.
    case connected = 4
}

/// The connection events of a remote mediasoup client (and of its mock), in
/// the order they come. The manager's `mediasoup` and `error` events are
/// ``ManagerEvent``s on the manager's `events`.
public enum RemoteMediasoupClientEvent: Sendable {
    /// `open`: the client started opening.
    case open
    /// `websocketOpen`: the WebSocket is open.
    case websocketOpen
    /// `connected`: the snapshot has been applied (``RemoteMediasoupReadyState/connected``).
    case connected
    /// `disconnected`: the server side went away; the client reconnects.
    case disconnected
    /// `websocketClose`: the WebSocket closed, cleanly or not.
    case websocketClose(wasClean: Bool)
    /// `close`: the client was closed by its user.
    case close

    /// The event's name as Mafalda's client emits it.
    public var name: String {
        switch self {
        case .open: "open"
        case .websocketOpen: "websocketOpen"
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .websocketClose: "websocketClose"
        case .close: "close"
        }
    }
}
