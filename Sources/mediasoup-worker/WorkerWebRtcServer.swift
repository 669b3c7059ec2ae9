import Mediasoup
import MediasoupChannel

/// A WebRTC server inside the worker: shared UDP sockets and TCP servers.
final class WorkerWebRtcServer: RequestHandler {
    let id: String
    unowned let runtime: WorkerRuntime

    init(id: String, listenInfos: [TransportListenInfo], runtime: WorkerRuntime) throws {
        guard !listenInfos.isEmpty else { throw TypeError("empty listenInfos") }
        self.id = id
        self.runtime = runtime
    }

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .webRtcServerDump:
            return try WebRtcServerDump(id: id).channelData()
        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    func close() {}
}
