import Mediasoup
import MediasoupChannel

// RTP observers (active speaker, audio level) of a router.

extension WorkerRouter {
    /// Handles RTP observer creation and closing; nil when not one of them.
    func handleRtpObservers(_ request: ChannelRequest) throws -> JSONValue? {
        nil
    }

    /// Adds `rtpObserverIds` and `mapProducerIdObserverIds` to the router dump.
    func fillRtpObserverDump(_ dump: inout RouterDump) {}

    func closeRtpObservers() {}
}
