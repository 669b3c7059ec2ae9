import Mediasoup

// Requests and notifications about consumers, and their payloads. Creating and
// closing a consumer are requests to its transport (handlerId = transport id);
// the others go to the consumer itself (handlerId = consumer id).

extension ChannelMethod {
    package static let transportConsume: Self = "transport.consume"
    package static let transportCloseConsumer: Self = "transport.closeConsumer"

    package static let consumerDump: Self = "consumer.dump"
    package static let consumerGetStats: Self = "consumer.getStats"
    package static let consumerPause: Self = "consumer.pause"
    package static let consumerResume: Self = "consumer.resume"
    package static let consumerSetPreferredLayers: Self = "consumer.setPreferredLayers"
    package static let consumerSetPriority: Self = "consumer.setPriority"
    package static let consumerRequestKeyFrame: Self = "consumer.requestKeyFrame"
    package static let consumerEnableTraceEvent: Self = "consumer.enableTraceEvent"
}

/// `transport.consume`: everything the worker needs to send one producer's media.
package struct ConsumeRequestPayload: Sendable, Codable {
    package var consumerId: String
    package var producerId: String
    package var kind: MediaKind
    /// The consumer's parameters (fresh SSRCs; MID set unless piping).
    package var rtpParameters: RtpParameters
    /// `simple`, `simulcast` or `svc` (the producer's type), or `pipe`.
    package var type: ConsumerType
    /// The producer's consumable encodings (router SSRCs), one per stream the consumer may follow.
    package var consumableRtpEncodings: [RtpEncodingParameters]
    package var paused: Bool
    package var preferredLayers: ConsumerLayers?
    package var ignoreDtx: Bool

    package init(
        consumerId: String, producerId: String, kind: MediaKind, rtpParameters: RtpParameters, type: ConsumerType,
        consumableRtpEncodings: [RtpEncodingParameters], paused: Bool, preferredLayers: ConsumerLayers?,
        ignoreDtx: Bool
    ) {
        self.consumerId = consumerId
        self.producerId = producerId
        self.kind = kind
        self.rtpParameters = rtpParameters
        self.type = type
        self.consumableRtpEncodings = consumableRtpEncodings
        self.paused = paused
        self.preferredLayers = preferredLayers
        self.ignoreDtx = ignoreDtx
    }
}

/// Response to `transport.consume`: the consumer's state as the worker set it up.
package struct ConsumeResponsePayload: Sendable, Codable {
    package var paused: Bool
    package var producerPaused: Bool
    package var score: ConsumerScore
    /// Absent for simple and pipe consumers.
    package var preferredLayers: ConsumerLayers?

    package init(paused: Bool, producerPaused: Bool, score: ConsumerScore, preferredLayers: ConsumerLayers?) {
        self.paused = paused
        self.producerPaused = producerPaused
        self.score = score
        self.preferredLayers = preferredLayers
    }
}

/// `transport.closeConsumer`.
package struct ConsumerIdPayload: Sendable, Codable {
    package var consumerId: String
    package init(consumerId: String) { self.consumerId = consumerId }
}

/// `consumer.setPreferredLayers`, and its response (layers absent for simple and pipe consumers).
package struct PreferredLayersPayload: Sendable, Codable {
    package var preferredLayers: ConsumerLayers?
    package init(preferredLayers: ConsumerLayers?) { self.preferredLayers = preferredLayers }
}

/// `consumer.setPriority`, and its response.
package struct PriorityPayload: Sendable, Codable {
    package var priority: Int
    package init(priority: Int) { self.priority = priority }
}

/// Data of the `consumer.layersChange` notification: nil when no layer is being sent.
package struct LayersChangePayload: Sendable, Codable {
    package var layers: ConsumerLayers?
    package init(layers: ConsumerLayers?) { self.layers = layers }
}

/// Notifications about consumers (worker → library, target: the consumer id).
package enum ConsumerNotification {
    /// The producer closed: the consumer closed with it (no data).
    package static let producerClose = "consumer.producerClose"
    /// The producer was paused (no data).
    package static let producerPause = "consumer.producerPause"
    /// The producer was resumed (no data).
    package static let producerResume = "consumer.producerResume"
    /// The consumer's score changed (data: ``ConsumerScore``).
    package static let score = "consumer.score"
    /// The layers being sent changed (data: ``LayersChangePayload``).
    package static let layersChange = "consumer.layersChange"
    /// A trace event (data: ``ConsumerTraceEventData``).
    package static let trace = "consumer.trace"
    /// DirectTransport consumers: an RTP packet for the application (data: Base64 string).
    package static let rtp = "consumer.rtp"
}
