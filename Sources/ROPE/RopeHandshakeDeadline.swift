import NIOCore

/// Holds a new connection's handshake deadline (TLS and the WebSocket
/// upgrade) until the upgrade meets it.
final class RopeHandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    static let name = "rope-handshake-deadline"

    private let deadline: Scheduled<Void>

    init(_ deadline: Scheduled<Void>) {
        self.deadline = deadline
    }

    /// The upgrade happened: the connection stays.
    func met() {
        deadline.cancel()
    }
}
