import Mediasoup
import MediasoupChannel

// RTP observers (active speaker, audio level) of a router.

extension WorkerRouter {
    /// Handles RTP observer creation and closing; nil when not one of them.
    func handleRtpObservers(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .routerCreateActiveSpeakerObserver:
            let payload = try request.payload(CreateActiveSpeakerObserverPayload.self)
            try add(WorkerActiveSpeakerObserver(id: payload.rtpObserverId, router: self, payload: payload))
            return .object([:])

        case .routerCreateAudioLevelObserver:
            let payload = try request.payload(CreateAudioLevelObserverPayload.self)
            try add(WorkerAudioLevelObserver(id: payload.rtpObserverId, router: self, payload: payload))
            return .object([:])

        case .routerCloseRtpObserver:
            let rtpObserverId = try request.payload(RtpObserverIdPayload.self).rtpObserverId
            guard let rtpObserver = rtpObservers.remove(rtpObserverId) else {
                throw MediasoupError("RtpObserver not found [rtpObserverId:\(rtpObserverId)]")
            }
            rtpObserver.close()
            runtime.unregister(rtpObserverId)
            return .object([:])

        default:
            return nil
        }
    }

    private func add(_ rtpObserver: WorkerRtpObserver) throws {
        // Throws when the id is taken in the worker.
        try runtime.register(rtpObserver.id, rtpObserver)
        rtpObservers.add(rtpObserver.id, rtpObserver)
    }

    /// Adds `rtpObserverIds` and `mapProducerIdObserverIds` to the router dump:
    /// every live producer of the router, with the observers watching it.
    func fillRtpObserverDump(_ dump: inout RouterDump) {
        dump.rtpObserverIds = rtpObservers.ids
        let observers = rtpObservers.values
        for transport in transports.values {
            for producer in transport.producers.values {
                dump.mapProducerIdObserverIds.append(
                    KeyValues(key: producer.id, values: observers.filter { $0.observes(producer) }.map(\.id)))
            }
        }
    }

    /// A producer of the router closed: no observer watches it any more.
    func rtpObserversProducerClosed(_ producerId: String) {
        for rtpObserver in rtpObservers.values { rtpObserver.producerClosed(producerId) }
    }

    func closeRtpObservers() {
        for rtpObserver in rtpObservers.removeAll() {
            rtpObserver.close()
            runtime.unregister(rtpObserver.id)
        }
    }
}
