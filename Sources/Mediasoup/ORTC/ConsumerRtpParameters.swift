extension ORTC {
    /// Whether an endpoint with these capabilities can consume a producer with
    /// these consumable parameters: at least one codec matches strictly and the
    /// first match is a media codec, not RTX.
    ///
    /// - Throws: `TypeError` when the capabilities are invalid.
    public static func canConsume(_ consumable: RtpParameters, capabilities caps: RtpCapabilities) throws -> Bool {
        var caps = caps
        try validateRtpCapabilities(&caps)
        let capCodecs = caps.codecs ?? []
        let matching = consumable.codecs.filter { codec in
            capCodecs.contains { codecsMatch($0, codec, strict: true) }
        }
        guard let first = matching.first else { return false }
        return !first.isRtx
    }

    /// The parameters of one consumer: the consumable codecs the remote side
    /// supports (RTX only when enabled and when its media codec survives), with
    /// the remote side's RTCP feedback (minus plain `nack` without RTX); the
    /// consumable header extensions the remote side has with the same id; one
    /// BWE mechanism (transport-cc over REMB over none); and one encoding with
    /// fresh SSRCs (all encodings when `pipe`), whose scalability mode folds
    /// simulcast streams into spatial layers (`3 × L1T3` → `L3T3`).
    ///
    /// - Throws: `UnsupportedError` ("no compatible media codecs");
    ///   `TypeError` for invalid remote capabilities.
    public static func getConsumerRtpParameters(
        consumableRtpParameters consumable: RtpParameters,
        remoteRtpCapabilities remoteCaps: RtpCapabilities,
        pipe: Bool,
        enableRtx: Bool,
        using generator: inout some RandomNumberGenerator
    ) throws -> RtpParameters {
        var remoteCodecs = remoteCaps.codecs ?? []
        for index in remoteCodecs.indices {
            try validateRtpCodecCapability(&remoteCodecs[index])
        }

        var codecs: [RtpCodecParameters] = []
        for var codec in consumable.codecs where enableRtx || !codec.isRtx {
            guard let capCodec = remoteCodecs.first(where: { codecsMatch($0, codec, strict: true) }) else { continue }
            codec.rtcpFeedback = (capCodec.rtcpFeedback ?? []).filter {
                enableRtx || $0.type != "nack" || !($0.parameter ?? "").isEmpty
            }
            codecs.append(codec)
        }

        // Drop RTX codecs whose media codec did not survive.
        let kept = codecs
        codecs.removeAll { rtx in
            rtx.isRtx && !kept.contains { rtx.associatedPayloadType?.isPayloadType($0.payloadType) == true }
        }
        let rtxSupported = codecs.contains { $0.isRtx }

        guard let first = codecs.first, !first.isRtx else {
            throw UnsupportedError("no compatible media codecs")
        }

        let remoteExtensions = remoteCaps.headerExtensions ?? []
        let headerExtensions = (consumable.headerExtensions ?? []).filter { ext in
            remoteExtensions.contains { $0.preferredId == ext.id && $0.uri == ext.uri }
        }

        // One bandwidth estimation: transport-cc if negotiated, else REMB if
        // abs-send-time is, else neither.
        let droppedFeedback: Set<String> =
            if headerExtensions.contains(where: { $0.uri == .transportWideCc01 }) {
                ["goog-remb"]
            } else if headerExtensions.contains(where: { $0.uri == .absSendTime }) {
                ["transport-cc"]
            } else {
                ["transport-cc", "goog-remb"]
            }
        for index in codecs.indices {
            codecs[index].rtcpFeedback = codecs[index].rtcpFeedback?.filter { !droppedFeedback.contains($0.type) }
        }

        let consumableEncodings = consumable.encodings ?? []
        let encodings: [RtpEncodingParameters]
        if pipe {
            encodings = numbered(consumableEncodings, withRtx: rtxSupported, using: &generator)
        } else {
            let ssrc = randomSsrc(using: &generator)
            var encoding = RtpEncodingParameters(ssrc: ssrc)
            if rtxSupported {
                encoding.rtx = RtxParameters(ssrc: ssrc &+ 1)
            }
            var scalabilityMode = consumableEncodings.first(where: { !($0.scalabilityMode ?? "").isEmpty })?
                .scalabilityMode
            if consumableEncodings.count > 1 {
                let temporalLayers = ScalabilityMode.parse(scalabilityMode).temporalLayers
                scalabilityMode = "L\(consumableEncodings.count)T\(temporalLayers)"
            }
            encoding.scalabilityMode = scalabilityMode
            let maxBitrate = consumableEncodings.compactMap(\.maxBitrate).max() ?? 0
            if maxBitrate > 0 {
                encoding.maxBitrate = maxBitrate
            }
            encodings = [encoding]
        }

        return RtpParameters(
            codecs: codecs, headerExtensions: headerExtensions, encodings: encodings, rtcp: consumable.rtcp)
    }

    /// ``getConsumerRtpParameters(consumableRtpParameters:remoteRtpCapabilities:pipe:enableRtx:using:)``
    /// with the system's random numbers.
    public static func getConsumerRtpParameters(
        consumableRtpParameters consumable: RtpParameters,
        remoteRtpCapabilities remoteCaps: RtpCapabilities,
        pipe: Bool,
        enableRtx: Bool
    ) throws -> RtpParameters {
        var generator = SystemRandomNumberGenerator()
        return try getConsumerRtpParameters(
            consumableRtpParameters: consumable, remoteRtpCapabilities: remoteCaps, pipe: pipe, enableRtx: enableRtx,
            using: &generator)
    }

    /// The parameters of a consumer on a PipeTransport, which forwards a
    /// producer whole to another router: every consumable codec (RTX only when
    /// enabled), RTCP feedback reduced to `nack pli`, `ccm fir` (and plain
    /// `nack` with RTX), header extensions without MID and BWE ones, and every
    /// encoding with fresh SSRCs.
    public static func getPipeConsumerRtpParameters(
        consumableRtpParameters consumable: RtpParameters,
        enableRtx: Bool,
        using generator: inout some RandomNumberGenerator
    ) -> RtpParameters {
        let codecs = consumable.codecs.filter { enableRtx || !$0.isRtx }.map { codec in
            var codec = codec
            codec.rtcpFeedback = (codec.rtcpFeedback ?? []).filter { feedback in
                let parameter = feedback.parameter ?? ""
                return (feedback.type == "nack" && parameter == "pli")
                    || (feedback.type == "ccm" && parameter == "fir")
                    || (enableRtx && feedback.type == "nack" && parameter.isEmpty)
            }
            return codec
        }
        let excluded: Set<RtpHeaderExtensionUri> = [.mid, .absSendTime, .transportWideCc01]
        let headerExtensions = (consumable.headerExtensions ?? []).filter { !excluded.contains($0.uri) }
        let encodings = numbered(consumable.encodings ?? [], withRtx: enableRtx, using: &generator)
        return RtpParameters(
            codecs: codecs, headerExtensions: headerExtensions, encodings: encodings, rtcp: consumable.rtcp)
    }

    /// ``getPipeConsumerRtpParameters(consumableRtpParameters:enableRtx:using:)`` with the system's random numbers.
    public static func getPipeConsumerRtpParameters(
        consumableRtpParameters consumable: RtpParameters, enableRtx: Bool
    ) -> RtpParameters {
        var generator = SystemRandomNumberGenerator()
        return getPipeConsumerRtpParameters(consumableRtpParameters: consumable, enableRtx: enableRtx, using: &generator)
    }

    /// Copies of the encodings with consecutive SSRCs from a random base and,
    /// with RTX, consecutive RTX SSRCs from another random base.
    private static func numbered(
        _ encodings: [RtpEncodingParameters], withRtx: Bool, using generator: inout some RandomNumberGenerator
    ) -> [RtpEncodingParameters] {
        let baseSsrc = randomSsrc(using: &generator)
        let baseRtxSsrc = randomSsrc(using: &generator)
        return encodings.enumerated().map { index, encoding in
            var encoding = encoding
            encoding.ssrc = baseSsrc &+ UInt32(truncatingIfNeeded: index)
            encoding.rtx = withRtx ? RtxParameters(ssrc: baseRtxSsrc &+ UInt32(truncatingIfNeeded: index)) : nil
            return encoding
        }
    }
}
