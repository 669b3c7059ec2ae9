import Mediasoup
import MediasoupChannel

/// A router inside the worker: its transports and RTP observers, and the
/// producer → consumer wiring media follows.
final class WorkerRouter: RequestHandler {
    let id: String
    unowned let runtime: WorkerRuntime

    init(id: String, runtime: WorkerRuntime) {
        self.id = id
        self.runtime = runtime
    }

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .routerDump:
            return try RouterDump(id: id).channelData()
        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    /// Closes everything the router holds (its own handler is unregistered by the caller).
    func close() {}
}
