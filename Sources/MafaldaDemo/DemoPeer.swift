import Mediasoup

/// One browser tab in the room: its transports, producers and consumers, and
/// when it last made a request.
struct DemoPeer {
    let id: String
    var transports: [String: any WebRtcTransport] = [:]
    /// The transport its consumers go on (the one made with direction `recv`).
    var recvTransportId: String?
    var producers: [String: any Producer] = [:]
    var consumers: [String: any Consumer] = [:]
    var lastSeen: ContinuousClock.Instant

    init(id: String, lastSeen: ContinuousClock.Instant) {
        self.id = id
        self.lastSeen = lastSeen
    }
}

/// Which way a peer's transport carries media, from the peer's side.
enum DemoTransportDirection: String {
    /// The peer's producers.
    case send
    /// The peer's consumers.
    case recv
}
