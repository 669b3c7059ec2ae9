import Mediasoup
import MediasoupChannel

extension LocalRouter {
    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport {
        throw MediasoupError("createPipeTransport() is not implemented yet in the local engine")
    }

    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult {
        throw MediasoupError("pipeToRouter() is not implemented yet in the local engine")
    }
}
