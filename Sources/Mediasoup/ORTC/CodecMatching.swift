extension ORTC {
    /// How strictly ``matchCodecs(_:_:strict:modify:)`` compares two codecs.
    struct CodecMatch: OptionSet {
        let rawValue: Int
        /// Also compare H.264 packetization mode and profile, and VP9 profile.
        static let strict = CodecMatch(rawValue: 1)
        /// With ``strict``, write the negotiated H.264 `profile-level-id` into the first codec.
        static let modify = CodecMatch(rawValue: 2)
    }

    /// Whether two codecs are the same codec: MIME type (case-insensitive),
    /// clock rate and channels equal; multiopus stream counts equal; and, when
    /// strict, the same H.264 packetization mode and profile (with a
    /// negotiable level) or the same VP9 `profile-id`.
    ///
    /// With `.modify`, `a`'s H.264 `profile-level-id` becomes the one an answer
    /// to `b` would carry (or is removed when neither side gave one).
    static func matchCodecs(_ a: inout some RtpCodec, _ b: some RtpCodec, _ options: CodecMatch = []) -> Bool {
        let mimeType = a.mimeType.lowercased()
        guard mimeType == b.mimeType.lowercased(), a.clockRate == b.clockRate, a.channels == b.channels else {
            return false
        }

        switch mimeType {
        case "audio/multiopus":
            return a.parameters?["num_streams"] == b.parameters?["num_streams"]
                && a.parameters?["coupled_streams"] == b.parameters?["coupled_streams"]

        case "video/h264", "video/h264-svc":
            guard options.contains(.strict) else { return true }
            guard a.parameterOrZero("packetization-mode") == b.parameterOrZero("packetization-mode") else {
                return false
            }
            let aProfile = profileLevelId(a.parameters), bProfile = profileLevelId(b.parameters)
            guard H264ProfileLevelId.isSameProfile(aProfile, bProfile) else { return false }
            let answer: String?
            do {
                answer = try H264ProfileLevelId.answerProfileLevelId(
                    localProfileLevelId: aProfile,
                    localLevelAsymmetryAllowed: levelAsymmetryAllowed(a.parameters),
                    remoteProfileLevelId: bProfile,
                    remoteLevelAsymmetryAllowed: levelAsymmetryAllowed(b.parameters))
            } catch {
                return false
            }
            if options.contains(.modify) {
                var parameters = a.parameters ?? [:]
                parameters["profile-level-id"] = answer.map(JSONValue.string)
                a.parameters = parameters
            }
            return true

        case "video/vp9":
            guard options.contains(.strict) else { return true }
            return a.parameterOrZero("profile-id") == b.parameterOrZero("profile-id")

        default:
            return true
        }
    }

    /// Non-mutating form for matches that never modify.
    static func codecsMatch(_ a: some RtpCodec, _ b: some RtpCodec, strict: Bool) -> Bool {
        var a = a
        return matchCodecs(&a, b, strict ? .strict : [])
    }

    /// The `profile-level-id` parameter as a string; absent or empty means the default.
    /// SDP parsers may hand an all-digit value (`640032`) over as a number: it is read as its digits.
    private static func profileLevelId(_ parameters: [String: JSONValue]?) -> String? {
        switch parameters?["profile-level-id"] {
        case .string(let value)?: value.isEmpty ? nil : value
        case .number(let value)?: Int(exactly: value).map { String($0) } ?? "invalid"
        case nil, .null?: nil
        default: "invalid"
        }
    }

    /// `level-asymmetry-allowed` is on when it is `1` or `"1"`.
    private static func levelAsymmetryAllowed(_ parameters: [String: JSONValue]?) -> Bool {
        let value = parameters?["level-asymmetry-allowed"]
        return value == .number(1) || value == .string("1")
    }
}
