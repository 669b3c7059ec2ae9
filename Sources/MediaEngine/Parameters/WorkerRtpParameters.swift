import Mediasoup

/// A codec MIME type as the worker knows it: media kind, canonical subtype
/// spelling (`video/h264` becomes `video/H264`) and what the codec is for.
package struct WorkerMimeType: Equatable {
    package enum Category {
        /// Carries media: opus, VP8, H264…
        case media
        /// Complements media: comfort noise, DTMF.
        case complementary
        /// A feature of another codec's stream: RTX, FEC, RED.
        case feature
    }

    package let kind: MediaKind
    /// Canonical subtype, e.g. `H264`, `opus`, `rtx`.
    package let subtype: String
    package let category: Category

    /// `kind/subtype`, e.g. `video/H264`.
    package var string: String { "\(kind.rawValue)/\(subtype)" }
    package var isRtx: Bool { subtype == "rtx" }

    /// Lower-cased subtype → canonical spelling and category.
    private static let subtypes: [String: (String, Category)] = [
        "opus": ("opus", .media), "multiopus": ("multiopus", .media), "pcma": ("PCMA", .media),
        "pcmu": ("PCMU", .media), "isac": ("ISAC", .media), "g722": ("G722", .media), "ilbc": ("iLBC", .media),
        "silk": ("SILK", .media), "vp8": ("VP8", .media), "vp9": ("VP9", .media), "h264": ("H264", .media),
        "h264-svc": ("H264-SVC", .media), "x-h264uc": ("X-H264UC", .media), "h265": ("H265", .media),
        "cn": ("CN", .complementary), "telephone-event": ("telephone-event", .complementary),
        "rtx": ("rtx", .feature), "ulpfec": ("ulpfec", .feature), "flexfec": ("flexfec", .feature),
        "x-ulpfecuc": ("x-ulpfecuc", .feature), "red": ("red", .feature),
    ]

    /// - Throws: ``TypeError`` for a malformed MIME type or one the worker does not know.
    package init(parsing mimeType: String) throws(TypeError) {
        guard let slash = mimeType.firstIndex(of: "/"), slash != mimeType.startIndex,
            mimeType.index(after: slash) != mimeType.endIndex
        else { throw TypeError("wrong codec MIME") }
        let type = mimeType[..<slash].lowercased()
        let subtype = mimeType[mimeType.index(after: slash)...].lowercased()
        guard let kind = MediaKind(rawValue: type) else { throw TypeError("unknown codec MIME type '\(type)'") }
        guard let (canonical, category) = Self.subtypes[subtype] else {
            throw TypeError("unknown codec MIME subtype '\(subtype)'")
        }
        self.kind = kind
        self.subtype = canonical
        self.category = category
    }

    /// Whether a producer or consumer of this type may use this codec
    /// (simulcast: VP8 and H264; SVC: VP9 and H264-SVC).
    package func isValid(for type: ConsumerType) -> Bool {
        switch type {
        case .simple, .pipe: true
        case .simulcast: kind == .video && (subtype == "VP8" || subtype == "H264")
        case .svc: kind == .video && (subtype == "VP9" || subtype == "H264-SVC")
        }
    }

    /// Whether streams of this codec have keyframes the worker can detect.
    package var canBeKeyFrame: Bool {
        kind == .video && ["VP8", "VP9", "H264", "H264-SVC"].contains(subtype)
    }
}

/// One encoding as the worker holds it: the parameters with `codecPayloadType`
/// and `dtx` filled in, and the layers its scalability mode announces.
package struct WorkerEncoding {
    package var parameters: RtpEncodingParameters
    package var spatialLayers = 1
    package var temporalLayers = 1
    package var ksvc = false

    package var ssrc: UInt32 { parameters.ssrc ?? 0 }
    package var rtxSsrc: UInt32? { parameters.rtx?.ssrc }
    package var rid: String? { parameters.rid.flatMap { $0.isEmpty ? nil : $0 } }
    package var codecPayloadType: UInt8 { parameters.codecPayloadType ?? 0 }

    /// Keeps what the worker keeps of an encoding (no `maxBitrate`, no
    /// `scaleResolutionDownBy`; a scalability mode only when it parses).
    package init(_ encoding: RtpEncodingParameters) {
        parameters = RtpEncodingParameters(
            ssrc: encoding.ssrc.flatMap { $0 == 0 ? nil : $0 },
            rid: encoding.rid.flatMap { $0.isEmpty ? nil : $0 },
            codecPayloadType: encoding.codecPayloadType,
            rtx: encoding.rtx,
            dtx: encoding.dtx ?? false)
        if let mode = encoding.scalabilityMode, Self.isScalabilityMode(mode) {
            let parsed = ScalabilityMode.parse(mode)
            parameters.scalabilityMode = mode
            spatialLayers = parsed.spatialLayers
            temporalLayers = parsed.temporalLayers
            ksvc = parsed.ksvc
        }
    }

    /// Whether the string starts as a scalability mode (`L|S` n `T` n…).
    private static func isScalabilityMode(_ mode: String) -> Bool {
        ScalabilityMode.parse(mode) != .single || mode.hasPrefix("L1T1") || mode.hasPrefix("S1T1")
    }
}

/// RTP parameters as the worker parses, checks and keeps them. Their
/// ``dump`` is what producer and consumer dumps show: canonical MIME types,
/// RTCP feedback without empty parameters, header extensions with `encrypt`
/// and `parameters`, and encodings with `codecPayloadType` and `dtx`.
package struct WorkerRtpParameters {
    package var mid: String?
    package var codecs: [RtpCodecParameters]
    package var mimeTypes: [WorkerMimeType]
    package var headerExtensions: [RtpHeaderExtensionParameters]
    package var encodings: [WorkerEncoding]
    package var rtcp: RtcpParameters

    /// Header extension URIs the worker knows (others are refused, as the
    /// Node library's serializer does).
    private static let knownUris: Set<RtpHeaderExtensionUri> = [
        .mid, .rtpStreamId, .repairedRtpStreamId, .frameMarking07, .frameMarking, .audioLevel, .videoOrientation,
        .toffset, .transportWideCc01, .absSendTime, .absCaptureTime, .playoutDelay,
    ]

    /// - Throws: ``TypeError`` for anything the worker refuses (as mediasoup's
    ///   `RTC::RtpParameters` does): an empty MID, no codecs, no encodings, an
    ///   unknown MIME type or header extension, an RTX codec without a valid
    ///   `apt`, duplicated payload types, an encoding pointing to a non-media codec.
    package init(parsing params: RtpParameters) throws(TypeError) {
        if let mid = params.mid, mid.isEmpty { throw TypeError("empty mid") }
        mid = params.mid

        codecs = []
        mimeTypes = []
        for codec in params.codecs {
            let mimeType = try WorkerMimeType(parsing: codec.mimeType)
            var parsed = codec
            parsed.mimeType = mimeType.string
            parsed.parameters = codec.parameters ?? [:]
            parsed.rtcpFeedback = (codec.rtcpFeedback ?? []).map {
                RtcpFeedback(type: $0.type, parameter: ($0.parameter ?? "").isEmpty ? nil : $0.parameter)
            }
            if mimeType.isRtx {
                guard let apt = codec.parameters?["apt"]?.intValue, apt > 0 else {
                    throw TypeError("missing apt parameter in RTX codec")
                }
            }
            codecs.append(parsed)
            mimeTypes.append(mimeType)
        }
        guard !codecs.isEmpty else { throw TypeError("empty codecs") }

        encodings = (params.encodings ?? []).map(WorkerEncoding.init)
        guard !encodings.isEmpty else { throw TypeError("empty encodings") }

        headerExtensions = []
        for ext in params.headerExtensions ?? [] {
            guard Self.knownUris.contains(ext.uri) else { throw TypeError("invalid RtpHeaderExtensionUri: \(ext.uri)") }
            guard ext.id != 0 else { throw TypeError("invalid id 0") }
            headerExtensions.append(
                RtpHeaderExtensionParameters(
                    uri: ext.uri, id: ext.id, encrypt: ext.encrypt ?? false, parameters: ext.parameters ?? [:]))
        }

        rtcp = RtcpParameters(cname: params.rtcp?.cname, reducedSize: params.rtcp?.reducedSize ?? true)

        try validateCodecs()
        try validateEncodings()
    }

    /// Payload types are unique; each RTX codec's `apt` names a media codec.
    private func validateCodecs() throws(TypeError) {
        var payloadTypes = Set<UInt8>()
        for (index, codec) in codecs.enumerated() {
            guard payloadTypes.insert(codec.payloadType).inserted else { throw TypeError("duplicated payloadType") }
            guard mimeTypes[index].isRtx else { continue }
            let apt = codec.parameters?["apt"]?.intValue
            guard let target = codecs.indices.first(where: { Int(codecs[$0].payloadType) == apt }) else {
                throw TypeError("apt in RTX codec points to a non existing codec")
            }
            if mimeTypes[target].category == .feature {
                throw TypeError("apt in RTX codec points to a \(mimeTypes[target].subtype) codec")
            }
        }
    }

    /// Every encoding gets the first media codec unless it names one; SVC
    /// spatial layers and simulcast do not mix.
    private mutating func validateEncodings() throws(TypeError) {
        guard let firstMedia = codecs.indices.first(where: { mimeTypes[$0].category == .media }) else {
            throw TypeError("no media codecs found")
        }
        for index in encodings.indices {
            if encodings[index].spatialLayers > 1 && encodings.count > 1 {
                throw TypeError("cannot use both simulcast and encodings with multiple SVC spatial layers")
            }
            if let payloadType = encodings[index].parameters.codecPayloadType {
                guard let codec = codecs.indices.first(where: { codecs[$0].payloadType == payloadType }) else {
                    throw TypeError("unknown codecPayloadType")
                }
                guard mimeTypes[codec].category == .media else { throw TypeError("invalid codecPayloadType") }
            } else {
                encodings[index].parameters.codecPayloadType = codecs[firstMedia].payloadType
            }
        }
    }

    /// The media codec an encoding uses (validation guarantees there is one).
    package func mediaCodec(of encoding: WorkerEncoding) -> (codec: RtpCodecParameters, mimeType: WorkerMimeType)? {
        guard let index = codecs.indices.first(where: { codecs[$0].payloadType == encoding.codecPayloadType }) else {
            return nil
        }
        return (codecs[index], mimeTypes[index])
    }

    /// Whether the encoding's media codec negotiated generic NACK (RFC 4585
    /// `nack` feedback without a parameter).
    package func usesNack(_ encoding: WorkerEncoding) -> Bool {
        mediaCodec(of: encoding)?.codec.rtcpFeedback?.contains { $0.type == "nack" && $0.parameter == nil } == true
    }

    /// The id of the transport-wide-cc header extension when these parameters
    /// negotiated transport-cc: the extension, and `transport-cc` feedback on a codec.
    package var transportCcExtensionId: UInt8? {
        guard negotiatesFeedback("transport-cc") else { return nil }
        return headerExtensions.first { $0.uri == .transportWideCc01 }?.id
    }

    /// Whether these parameters negotiated REMB: the abs-send-time header
    /// extension, and `goog-remb` feedback on a codec (mediasoup's condition).
    package var negotiatesRemb: Bool {
        headerExtensions.contains { $0.uri == .absSendTime } && negotiatesFeedback("goog-remb")
    }

    /// Whether a codec has RTCP feedback of this type.
    private func negotiatesFeedback(_ type: String) -> Bool {
        codecs.contains { codec in codec.rtcpFeedback?.contains { $0.type == type } == true }
    }

    /// The RTX codec repairing an encoding's media codec, if any.
    package func rtxCodec(of encoding: WorkerEncoding) -> RtpCodecParameters? {
        codecs.indices.first {
            mimeTypes[$0].isRtx && codecs[$0].parameters?["apt"]?.intValue == Int(encoding.codecPayloadType)
        }.map { codecs[$0] }
    }

    /// The parameters as the worker shows them in dumps.
    package var dump: RtpParameters {
        RtpParameters(
            mid: mid,
            codecs: codecs.map { codec in
                var codec = codec
                if let channels = codec.channels, channels <= 1 { codec.channels = nil }
                return codec
            },
            headerExtensions: headerExtensions,
            encodings: encodings.map(\.parameters),
            rtcp: RtcpParameters(cname: rtcp.cname ?? "", reducedSize: rtcp.reducedSize ?? true))
    }
}

/// The parameters of one RTP stream the worker sends or receives, as dumps show them.
extension RtpStreamParametersDump {
    /// The stream of `encoding` (at `encodingIdx`) with its media codec's
    /// payload type, clock rate and RTCP feedback, and RTX if negotiated.
    package init?(encodingIdx: Int, encoding: WorkerEncoding, in params: WorkerRtpParameters, withLayers: Bool) {
        guard let (codec, mimeType) = params.mediaCodec(of: encoding) else { return nil }
        let feedback = codec.rtcpFeedback ?? []
        func flag(_ name: String) -> Bool { codec.parameters?[name]?.intValue == 1 }
        self.init(
            encodingIdx: encodingIdx, ssrc: encoding.ssrc, payloadType: codec.payloadType, mimeType: mimeType.string,
            clockRate: codec.clockRate, cname: params.rtcp.cname ?? "",
            useNack: feedback.contains { $0.type == "nack" && ($0.parameter ?? "").isEmpty },
            usePli: feedback.contains { $0.type == "nack" && $0.parameter == "pli" },
            useFir: feedback.contains { $0.type == "ccm" && $0.parameter == "fir" },
            useInBandFec: flag("useinbandfec"), useDtx: flag("usedtx") || encoding.parameters.dtx == true,
            spatialLayers: withLayers ? encoding.spatialLayers : 1,
            temporalLayers: withLayers ? encoding.temporalLayers : 1)
        if let rtxCodec = params.rtxCodec(of: encoding), let rtxSsrc = encoding.rtxSsrc {
            self.rtxSsrc = rtxSsrc
            self.rtxPayloadType = rtxCodec.payloadType
        }
    }
}
