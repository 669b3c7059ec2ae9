import Mediasoup
import MediasoupChannel

/// A plain RTP transport inside the worker.
final class WorkerPlainTransport: WorkerTransport {
    override class var statsType: String { "plain-rtp-transport" }

    static func create(_ request: ChannelRequest, router: WorkerRouter) throws -> WorkerPlainTransport {
        throw MediasoupError("router.createPlainTransport is not implemented yet")
    }
}
