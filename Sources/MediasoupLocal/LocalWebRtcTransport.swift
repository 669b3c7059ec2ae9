import Mediasoup
import MediasoupChannel

extension LocalRouter {
    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport {
        throw MediasoupError("createWebRtcTransport() is not implemented yet in the local engine")
    }
}
