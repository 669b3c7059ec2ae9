/// How a producer's payload types and streams map onto the router's: the
/// router forwards every producer stream with the router's payload type and a
/// fresh SSRC, so consumers never depend on what a producer chose.
public struct RtpMapping: Sendable, Hashable, Codable {
    /// A producer payload type and the router payload type it becomes.
    public struct CodecMapping: Sendable, Hashable, Codable {
        public var payloadType: UInt8
        public var mappedPayloadType: UInt8
        public init(payloadType: UInt8, mappedPayloadType: UInt8) {
            self.payloadType = payloadType
            self.mappedPayloadType = mappedPayloadType
        }
    }

    /// A producer encoding and the SSRC the router uses for it.
    public struct EncodingMapping: Sendable, Hashable, Codable {
        public var ssrc: UInt32?
        public var rid: String?
        public var scalabilityMode: String?
        public var mappedSsrc: UInt32
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

    public init(codecs: [CodecMapping] = [], encodings: [EncodingMapping] = []) {
        self.codecs = codecs
        self.encodings = encodings
    }
}
