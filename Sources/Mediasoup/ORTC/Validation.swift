extension ORTC {
    /// Checks RTP capabilities and fills in mediasoup's defaults: `codecs` and
    /// `headerExtensions` become `[]` when absent, and each entry is checked as
    /// below.
    ///
    /// - Throws: `TypeError` naming the field at fault.
    public static func validateRtpCapabilities(_ caps: inout RtpCapabilities) throws(TypeError) {
        var codecs = caps.codecs ?? []
        for index in codecs.indices {
            try validateRtpCodecCapability(&codecs[index])
        }
        caps.codecs = codecs

        var extensions = caps.headerExtensions ?? []
        for index in extensions.indices {
            try validateRtpHeaderExtension(&extensions[index])
        }
        caps.headerExtensions = extensions
    }

    /// Checks a codec capability and fills in defaults: `kind` is recomputed
    /// from the MIME type, `channels` becomes 1 for audio (and is removed for
    /// video), `parameters` `{}` and `rtcpFeedback` `[]`.
    public static func validateRtpCodecCapability(_ codec: inout RtpCodecCapability) throws(TypeError) {
        codec.kind = try kind(ofMimeType: codec.mimeType)
        codec.channels = codec.kind == .audio ? (codec.channels ?? 1) : nil
        codec.parameters = try validatedCodecParameters(codec.parameters)
        codec.rtcpFeedback = try validatedRtcpFeedback(codec.rtcpFeedback)
    }

    /// Checks a header extension capability and fills in defaults:
    /// `preferredEncrypt` false, `direction` `sendrecv`.
    public static func validateRtpHeaderExtension(_ ext: inout RtpHeaderExtension) throws(TypeError) {
        guard !ext.uri.rawValue.isEmpty else { throw TypeError("missing ext.uri") }
        ext.preferredEncrypt = ext.preferredEncrypt ?? false
        ext.direction = ext.direction ?? .sendrecv
    }

    /// Checks RTP parameters and fills in mediasoup's defaults:
    /// `headerExtensions` and `encodings` `[]`, `rtcp` `{reducedSize: true}`,
    /// and each codec, extension and encoding as its own validator says.
    ///
    /// - Note: As in mediasoup, `rtcp.reducedSize` always ends up true.
    public static func validateRtpParameters(_ params: inout RtpParameters) throws(TypeError) {
        for index in params.codecs.indices {
            try validateRtpCodecParameters(&params.codecs[index])
        }

        var extensions = params.headerExtensions ?? []
        for index in extensions.indices {
            guard !extensions[index].uri.rawValue.isEmpty else { throw TypeError("missing ext.uri") }
            extensions[index].encrypt = extensions[index].encrypt ?? false
            extensions[index].parameters = try validatedParameterValues(
                extensions[index].parameters, field: "header extension parameter")
        }
        params.headerExtensions = extensions

        var encodings = params.encodings ?? []
        for index in encodings.indices {
            encodings[index].dtx = encodings[index].dtx ?? false
        }
        params.encodings = encodings

        var rtcp = params.rtcp ?? RtcpParameters()
        rtcp.reducedSize = true
        params.rtcp = rtcp
    }

    /// Checks codec parameters and fills in defaults as for capabilities.
    public static func validateRtpCodecParameters(_ codec: inout RtpCodecParameters) throws(TypeError) {
        let kind = try kind(ofMimeType: codec.mimeType)
        codec.channels = kind == .audio ? (codec.channels ?? 1) : nil
        codec.parameters = try validatedCodecParameters(codec.parameters)
        codec.rtcpFeedback = try validatedRtcpFeedback(codec.rtcpFeedback)
    }

    /// Checks SCTP stream parameters: `ordered` defaults to true, or to false
    /// when `maxPacketLifeTime` or `maxRetransmits` is given; giving both
    /// limits, or `ordered: true` with a limit, is a `TypeError`.
    public static func validateSctpStreamParameters(_ params: inout SctpStreamParameters) throws(TypeError) {
        let hasLifeTime = (params.maxPacketLifeTime ?? 0) != 0
        let hasRetransmits = (params.maxRetransmits ?? 0) != 0
        if hasLifeTime && hasRetransmits {
            throw TypeError("cannot provide both maxPacketLifeTime and maxRetransmits")
        }
        switch params.ordered {
        case true? where hasLifeTime || hasRetransmits:
            throw TypeError("cannot be ordered with maxPacketLifeTime or maxRetransmits")
        case nil:
            params.ordered = !(hasLifeTime || hasRetransmits)
        default:
            break
        }
    }

    /// The media kind of a MIME type `audio/…` or `video/…` (case-insensitive).
    static func kind(ofMimeType mimeType: String) throws(TypeError) -> MediaKind {
        guard !mimeType.isEmpty else { throw TypeError("missing codec.mimeType") }
        guard let slash = mimeType.firstIndex(of: "/"),
            mimeType.index(after: slash) < mimeType.endIndex,
            let kind = MediaKind(rawValue: mimeType[..<slash].lowercased())
        else {
            throw TypeError("invalid codec.mimeType '\(mimeType)'")
        }
        return kind
    }

    private static func validatedCodecParameters(
        _ parameters: [String: JSONValue]?
    ) throws(TypeError) -> [String: JSONValue] {
        let validated = try validatedParameterValues(parameters, field: "codec parameter")
        if let apt = validated["apt"], apt.numberValue == nil {
            throw TypeError("invalid codec apt parameter [value:\(apt)]")
        }
        return validated
    }

    /// Parameter values must be strings or numbers.
    private static func validatedParameterValues(
        _ parameters: [String: JSONValue]?, field: String
    ) throws(TypeError) -> [String: JSONValue] {
        let parameters = parameters ?? [:]
        for (key, value) in parameters {
            switch value {
            case .string, .number: continue
            default: throw TypeError("invalid \(field) [key:\(key), value:\(value)]")
            }
        }
        return parameters
    }

    private static func validatedRtcpFeedback(_ feedback: [RtcpFeedback]?) throws(TypeError) -> [RtcpFeedback] {
        var feedback = feedback ?? []
        for index in feedback.indices {
            guard !feedback[index].type.isEmpty else { throw TypeError("missing fb.type") }
            feedback[index].parameter = feedback[index].parameter ?? ""
        }
        return feedback
    }
}
