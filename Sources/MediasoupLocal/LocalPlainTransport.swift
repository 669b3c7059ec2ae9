import Mediasoup
import MediasoupChannel

extension LocalRouter {
    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport {
        throw MediasoupError("createPlainTransport() is not implemented yet in the local engine")
    }
}
