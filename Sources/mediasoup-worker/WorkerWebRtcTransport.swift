import Mediasoup
import MediasoupChannel

/// A WebRTC transport inside the worker: ICE-lite, DTLS, SRTP, SCTP.
final class WorkerWebRtcTransport: WorkerTransport {
    override class var statsType: String { "webrtc-transport" }

    static func create(_ request: ChannelRequest, router: WorkerRouter) throws -> WorkerWebRtcTransport {
        throw MediasoupError("router.createWebRtcTransport is not implemented yet")
    }
}
