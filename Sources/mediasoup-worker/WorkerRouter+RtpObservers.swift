import Mediasoup
import MediasoupChannel
import MediaEngine
import RTP

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

    /// An audio packet a producer received (and, not paused, forwards): its
    /// ssrc-audio-level value (RFC 6464), read under the id the producer
    /// negotiated, goes to every running observer of that producer.
    func rtpObserversReceive(_ level: AudioLevelExtension, from producer: WorkerProducer, at now: UInt64) {
        for id in rtpObservers.ids {
            guard let rtpObserver = rtpObservers[id], !rtpObserver.paused, rtpObserver.observes(producer) else {
                continue
            }
            rtpObserver.receive(level, from: producer, at: now)
        }
    }

    /// A producer of the router paused or resumed: observers watching it are told.
    func rtpObserversProducerPausedChanged(_ producer: WorkerProducer) {
        for rtpObserver in rtpObservers.values where rtpObserver.observes(producer) {
            rtpObserver.producerPausedChanged(producer)
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
