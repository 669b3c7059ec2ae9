import Mediasoup
import MediasoupChannel

/// A pipe transport inside the worker (router to router).
final class WorkerPipeTransport: WorkerTransport {
    override class var statsType: String { "pipe-transport" }

    static func create(_ request: ChannelRequest, router: WorkerRouter) throws -> WorkerPipeTransport {
        throw MediasoupError("router.createPipeTransport is not implemented yet")
    }
}
