extension ORTC {
    /// The RTP capabilities of a router created with the given media codecs.
    ///
    /// Each media codec is validated and matched (loosely: MIME type, clock
    /// rate, channels) against ``SupportedRtpCapabilities``; the supported
    /// entry is copied with the given parameters merged over its own, and its
    /// own RTCP feedback (a given feedback list is ignored). Payload types:
    /// the codec's `preferredPayloadType` if given, else the supported static
    /// one (PCMU 0, PCMA 8, G722 9, CN 13), else the next free dynamic one
    /// (100…127, then 96…99). Every video codec is followed by its RTX codec
    /// on the next free dynamic payload type. The header extensions are all
    /// supported ones.
    ///
    /// For `[opus, VP8, H264]`: opus 100, VP8 101 with RTX 102, H264 103 with RTX 104.
    ///
    /// - Throws: `UnsupportedError` for a codec mediasoup cannot route;
    ///   `TypeError` for an invalid codec or a duplicated payload type;
    ///   `MediasoupError` ("cannot allocate more dynamic codec payload types")
    ///   when the dynamic payload types run out.
    public static func generateRouterRtpCapabilities(mediaCodecs: [RtpCodecCapability]) throws -> RtpCapabilities {
        var supported = SupportedRtpCapabilities.rtpCapabilities
        try validateRtpCapabilities(&supported)

        var freePayloadTypes = dynamicPayloadTypes[...]
        var codecs: [RtpCodecCapability] = []

        func takeDynamicPayloadType() throws -> UInt8 {
            guard let payloadType = freePayloadTypes.popFirst() else {
                throw MediasoupError("cannot allocate more dynamic codec payload types")
            }
            return payloadType
        }

        for var mediaCodec in mediaCodecs {
            try validateRtpCodecCapability(&mediaCodec)

            guard var codec = supported.codecs?.first(where: { codecsMatch(mediaCodec, $0, strict: false) }) else {
                throw UnsupportedError("media codec not supported [mimeType:\(mediaCodec.mimeType)]")
            }

            if let preferred = mediaCodec.preferredPayloadType {
                codec.preferredPayloadType = preferred
                freePayloadTypes.removeAll { $0 == preferred }
            } else if codec.preferredPayloadType == nil {
                codec.preferredPayloadType = try takeDynamicPayloadType()
            }

            if codecs.contains(where: { $0.preferredPayloadType == codec.preferredPayloadType }) {
                throw TypeError("duplicated codec.preferredPayloadType [\(codec.preferredPayloadType ?? 0)]")
            }

            codec.parameters = (codec.parameters ?? [:]).merging(mediaCodec.parameters ?? [:]) { _, given in given }
            codecs.append(codec)

            if codec.kind == .video {
                let rtxPayloadType = try takeDynamicPayloadType()
                codecs.append(
                    RtpCodecCapability(
                        kind: codec.kind,
                        mimeType: "\(codec.kind.rawValue)/rtx",
                        preferredPayloadType: rtxPayloadType,
                        clockRate: codec.clockRate,
                        parameters: ["apt": .number(Double(codec.preferredPayloadType ?? 0))],
                        rtcpFeedback: []))
            }
        }

        return RtpCapabilities(codecs: codecs, headerExtensions: supported.headerExtensions)
    }
}
