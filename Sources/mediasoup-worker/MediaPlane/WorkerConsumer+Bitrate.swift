import MediaEngine
import Mediasoup

// A simulcast consumer's part in sharing out its transport's bitrate
// (MediaPlane/WorkerTransport+Bitrate.swift).

extension WorkerConsumer {
    /// The lowest score of a producer stream worth forwarding under a bitrate
    /// limit (mediasoup's StreamGoodScore).
    static let goodStreamScore: UInt8 = 5

    /// What it could take of its transport's bitrate: nil when it takes no
    /// part (not simulcast, paused, its producer gone); an empty ladder while
    /// its producer's layers have no measured bitrate.
    func bitrateLadder(at now: UInt64) -> ConsumerLayerLadder? {
        guard type == .simulcast, !paused, !producerPaused, let preferred = preferredLayers,
            let producer = router.producer(producerId), let encoding = rtpParameters.encodings.first
        else { return nil }
        let streams = producer.receiveStreams
        return ConsumerLayerLadder(
            preferred: preferred, spatialLayers: streams.count, temporalLayers: encoding.temporalLayers
        ) { spatial, temporal in
            guard ProducerReceiveStream.isEncodingActive(spatial, of: streams, at: now),
                let stream = streams[spatial], stream.score.score >= Self.goodStreamScore
            else { return nil }
            return stream.bitrate(upToTemporalLayer: temporal, at: now)
        }
    }

    /// Takes the layers its share of the bitrate allows; announces a stop at once (nothing fits).
    func allow(_ allowance: ConsumerLayerSelection.Allowance, at now: UInt64) {
        let forwarding = forwardingSince.map { now >= $0 ? now - $0 : 0 }
        guard selection.allow(allowance, at: now, forwarding: forwarding) else { return }
        forwardingSince = nil
        notifyLayersChange()
    }
}
