extension ORTC {
    /// Maps a producer's codecs and encodings onto the router's capabilities.
    ///
    /// Each media codec must match a router codec strictly (for H.264 the
    /// producer's `profile-level-id` becomes the negotiated one, hence
    /// `inout`); each RTX codec needs its `apt` media codec among the
    /// producer's codecs and an RTX codec for it in the router. Every encoding
    /// gets a router SSRC: a random base in [1e8, 1e9) plus its index.
    ///
    /// - Throws: `UnsupportedError` for a codec or RTX codec the router lacks;
    ///   `TypeError` for an RTX codec without its media codec.
    public static func getProducerRtpParametersMapping(
        _ params: inout RtpParameters,
        routerCapabilities caps: RtpCapabilities,
        using generator: inout some RandomNumberGenerator
    ) throws -> RtpMapping {
        let capCodecs = caps.codecs ?? []
        // Producer codec index → matched router codec, media codecs first.
        var matches: [(codecIndex: Int, capCodec: RtpCodecCapability)] = []

        for index in params.codecs.indices where !params.codecs[index].isRtx {
            guard let capCodec = capCodecs.first(where: { matchCodecs(&params.codecs[index], $0, [.strict, .modify]) })
            else {
                let codec = params.codecs[index]
                throw UnsupportedError("unsupported codec [mimeType:\(codec.mimeType), payloadType:\(codec.payloadType)]")
            }
            matches.append((index, capCodec))
        }

        for (index, codec) in params.codecs.enumerated() where codec.isRtx {
            guard
                let mediaIndex = params.codecs.firstIndex(where: {
                    codec.associatedPayloadType?.isPayloadType($0.payloadType) == true
                }),
                let capMediaCodec = matches.first(where: { $0.codecIndex == mediaIndex })?.capCodec
            else {
                throw TypeError("missing media codec found for RTX PT \(codec.payloadType)")
            }
            guard
                let capRtxCodec = capCodecs.first(where: {
                    $0.isRtx && $0.associatedPayloadType?.isPayloadType(capMediaCodec.preferredPayloadType) == true
                })
            else {
                throw UnsupportedError("no RTX codec for capability codec PT \(capMediaCodec.preferredPayloadType ?? 0)")
            }
            matches.append((index, capRtxCodec))
        }

        var mapping = RtpMapping()
        for (index, capCodec) in matches {
            guard let mapped = capCodec.preferredPayloadType else {
                throw TypeError("router codec \(capCodec.mimeType) has no preferredPayloadType")
            }
            mapping.codecs.append(.init(payloadType: params.codecs[index].payloadType, mappedPayloadType: mapped))
        }

        var mappedSsrc = randomSsrc(using: &generator)
        for encoding in params.encodings ?? [] {
            mapping.encodings.append(
                .init(
                    ssrc: encoding.ssrc.flatMap { $0 == 0 ? nil : $0 },
                    rid: encoding.rid.flatMap { $0.isEmpty ? nil : $0 },
                    scalabilityMode: encoding.scalabilityMode.flatMap { $0.isEmpty ? nil : $0 },
                    mappedSsrc: mappedSsrc))
            mappedSsrc &+= 1
        }
        return mapping
    }

    /// ``getProducerRtpParametersMapping(_:routerCapabilities:using:)`` with the system's random numbers.
    public static func getProducerRtpParametersMapping(
        _ params: inout RtpParameters, routerCapabilities caps: RtpCapabilities
    ) throws -> RtpMapping {
        var generator = SystemRandomNumberGenerator()
        return try getProducerRtpParametersMapping(&params, routerCapabilities: caps, using: &generator)
    }

    /// The parameters every consumer of a producer is derived from: the router's
    /// payload types, names, clock rates and RTCP feedback with the producer's
    /// codec parameters, each followed by the router's RTX codec for it; every
    /// router header extension of this kind the router may send; the producer's
    /// encodings with router SSRCs and without `rid`, `rtx` and
    /// `codecPayloadType`; and the producer's CNAME with reduced-size RTCP.
    public static func getConsumableRtpParameters(
        kind: MediaKind,
        params: RtpParameters,
        routerCapabilities caps: RtpCapabilities,
        mapping: RtpMapping
    ) throws -> RtpParameters {
        let capCodecs = caps.codecs ?? []
        var consumable = RtpParameters(codecs: [], headerExtensions: [], encodings: [], rtcp: RtcpParameters())

        for codec in params.codecs where !codec.isRtx {
            guard
                let mappedPayloadType = mapping.codecs.first(where: { $0.payloadType == codec.payloadType })?
                    .mappedPayloadType,
                let capCodec = capCodecs.first(where: { $0.preferredPayloadType == mappedPayloadType })
            else {
                throw MediasoupError("no router codec mapped for payload type \(codec.payloadType)")
            }
            consumable.codecs.append(
                RtpCodecParameters(
                    mimeType: capCodec.mimeType,
                    payloadType: mappedPayloadType,
                    clockRate: capCodec.clockRate,
                    channels: capCodec.channels,
                    parameters: codec.parameters,
                    rtcpFeedback: capCodec.rtcpFeedback))

            if let capRtxCodec = capCodecs.first(where: {
                $0.isRtx && $0.associatedPayloadType?.isPayloadType(mappedPayloadType) == true
            }), let rtxPayloadType = capRtxCodec.preferredPayloadType {
                consumable.codecs.append(
                    RtpCodecParameters(
                        mimeType: capRtxCodec.mimeType,
                        payloadType: rtxPayloadType,
                        clockRate: capRtxCodec.clockRate,
                        parameters: capRtxCodec.parameters,
                        rtcpFeedback: capRtxCodec.rtcpFeedback))
            }
        }

        consumable.headerExtensions = (caps.headerExtensions ?? []).filter {
            $0.kind == kind && ($0.direction == .sendrecv || $0.direction == .sendonly)
        }.map {
            RtpHeaderExtensionParameters(uri: $0.uri, id: $0.preferredId, encrypt: $0.preferredEncrypt, parameters: [:])
        }

        consumable.encodings = try (params.encodings ?? []).enumerated().map { index, encoding in
            guard index < mapping.encodings.count else {
                throw MediasoupError("no mapped SSRC for encoding \(index)")
            }
            var encoding = encoding
            encoding.rid = nil
            encoding.rtx = nil
            encoding.codecPayloadType = nil
            encoding.ssrc = mapping.encodings[index].mappedSsrc
            return encoding
        }

        consumable.rtcp = RtcpParameters(cname: params.rtcp?.cname, reducedSize: true)
        return consumable
    }
}
