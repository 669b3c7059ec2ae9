/// How a producer's payload types and streams map onto the router's: the
/// router forwards every producer stream with the router's payload type and a
/// fresh SSRC, so consumers never depend on what a producer chose.
public struct RtpMapping: Sendable, Hashable, Codable {
    /// A producer payload type and the router payload type it becomes.
    public struct CodecMapping: Sendable, Hashable, Codable {
        /// The payload type in the producer's RTP parameters.
        public var payloadType: UInt8
        /// The router's payload type for the matched codec (its `preferredPayloadType`).
        public var mappedPayloadType: UInt8
        /// Creates a mapping entry, `{payloadType, mappedPayloadType}` in mediasoup's `rtpMapping.codecs`.
        public init(payloadType: UInt8, mappedPayloadType: UInt8) {
            self.payloadType = payloadType
            self.mappedPayloadType = mappedPayloadType
        }
    }

    /// A producer encoding and the SSRC the router uses for it.
    public struct EncodingMapping: Sendable, Hashable, Codable {
        /// The encoding's SSRC, when the producer gave one.
        public var ssrc: UInt32?
        /// The encoding's RID (simulcast stream id), when the producer gave one.
        public var rid: String?
        /// The encoding's scalability mode (e.g. `L1T3`), when the producer gave one.
        public var scalabilityMode: String?
        /// The SSRC the router uses for this stream: a random base in [1e8, 1e9) plus the encoding's index.
        public var mappedSsrc: UInt32
        /// Creates a mapping entry, `{ssrc?, rid?, scalabilityMode?, mappedSsrc}` in mediasoup's
        /// `rtpMapping.encodings`.
        public init(ssrc: UInt32? = nil, rid: String? = nil, scalabilityMode: String? = nil, mappedSsrc: UInt32) {
            self.ssrc = ssrc
            self.rid = rid
            self.scalabilityMode = scalabilityMode
            self.mappedSsrc = mappedSsrc
        }
    }

    /// Media codecs first, then RTX codecs.
    public var codecs: [CodecMapping]
    /// One entry per producer encoding, in order.
    public var encodings: [EncodingMapping]

    /// Creates a mapping; ``ORTC/getProducerRtpParametersMapping(_:routerCapabilities:)`` builds one for a producer.
    public init(codecs: [CodecMapping] = [], encodings: [EncodingMapping] = []) {
        self.codecs = codecs
        self.encodings = encodings
    }
}
