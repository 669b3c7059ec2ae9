import Mediasoup

// Requests and notifications about producers, and their payloads. Creating and
// closing a producer are requests to its transport (handlerId = transport id);
// the others go to the producer itself (handlerId = producer id).

extension ChannelMethod {
    package static let transportProduce: Self = "transport.produce"
    package static let transportCloseProducer: Self = "transport.closeProducer"

    package static let producerDump: Self = "producer.dump"
    package static let producerGetStats: Self = "producer.getStats"
    package static let producerPause: Self = "producer.pause"
    package static let producerResume: Self = "producer.resume"
    package static let producerEnableTraceEvent: Self = "producer.enableTraceEvent"
}

/// `transport.produce`: everything the worker needs to receive one track.
package struct ProduceRequestPayload: Sendable, Codable {
    package var producerId: String
    package var kind: MediaKind
    /// The validated parameters, CNAME already forced to the transport's.
    package var rtpParameters: RtpParameters
    /// Producer payload types and streams → the router's.
    package var rtpMapping: RtpMapping
    /// Milliseconds; 0 relays every keyframe request at once.
    package var keyFrameRequestDelay: Int
    package var paused: Bool

    package init(
        producerId: String, kind: MediaKind, rtpParameters: RtpParameters, rtpMapping: RtpMapping,
        keyFrameRequestDelay: Int, paused: Bool
    ) {
        self.producerId = producerId
        self.kind = kind
        self.rtpParameters = rtpParameters
        self.rtpMapping = rtpMapping
        self.keyFrameRequestDelay = keyFrameRequestDelay
        self.paused = paused
    }
}

/// Response to `transport.produce`: the type the worker decided from the encodings and codec.
package struct ProduceResponsePayload: Sendable, Codable {
    package var type: ProducerType
    package init(type: ProducerType) { self.type = type }
}

/// `transport.closeProducer`.
package struct ProducerIdPayload: Sendable, Codable {
    package var producerId: String
    package init(producerId: String) { self.producerId = producerId }
}

/// Notifications about or for producers (target: the producer id).
package enum ProducerNotification {
    /// Library → worker, DirectTransport producers: an RTP packet (data: Base64 string).
    package static let send = "producer.send"
    /// Worker → library: the scores of the producer's streams (data: `[ProducerScore]`).
    package static let score = "producer.score"
    /// Worker → library: the video orientation changed (data: ``ProducerVideoOrientation``).
    package static let videoOrientationChange = "producer.videoOrientationChange"
    /// Worker → library: a trace event (data: ``ProducerTraceEventData``).
    package static let trace = "producer.trace"
}
