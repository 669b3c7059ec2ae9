import Mediasoup
import MediasoupChannel

/// A transport to the library itself: RTP and data messages arrive as channel
/// notifications and leave as channel notifications. No sockets.
final class WorkerDirectTransport: WorkerTransport {
    override class var statsType: String { "direct-transport" }
    override var isDirect: Bool { true }

    override func handleKind(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .transportConnect:
            return nil
        default:
            return try super.handleKind(request)
        }
    }
}
