/// mediasoup's ORTC rules: validation of capabilities and parameters, router
/// capabilities, producer mappings, consumable and consumer parameters.
///
/// Pure functions over value types. They throw `TypeError` for malformed
/// input, `UnsupportedError` for codecs that cannot be routed and
/// `MediasoupError` when payload types run out, as mediasoup's `ortc.ts` does.
/// Functions that pick SSRCs take the random number generator as an argument.
public enum ORTC {
    /// Dynamic payload types in the order mediasoup hands them out.
    static let dynamicPayloadTypes: [UInt8] = Array(100...127) + Array(96...99)

    /// A random SSRC in mediasoup's range, [100000000, 999999999].
    static func randomSsrc(using generator: inout some RandomNumberGenerator) -> UInt32 {
        UInt32.random(in: 100_000_000...999_999_999, using: &generator)
    }
}

/// What codec capabilities and codec parameters have in common, so that one
/// matching rule serves both.
protocol RtpCodec {
    var mimeType: String { get }
    var clockRate: Int { get }
    var channels: Int? { get }
    var parameters: [String: JSONValue]? { get set }
}

extension RtpCodecCapability: RtpCodec {}
extension RtpCodecParameters: RtpCodec {}

extension RtpCodec {
    /// True for retransmission codecs (`audio/rtx`, `video/rtx`).
    var isRtx: Bool {
        let lowered = mimeType.lowercased()
        return lowered.hasSuffix("/rtx") && lowered.count > 4
    }

    /// The `apt` parameter of an RTX codec: the payload type it repairs.
    var associatedPayloadType: JSONValue? { parameters?["apt"] }

    /// The parameter, with JavaScript's `value || 0`: absent or falsy values read as 0.
    func parameterOrZero(_ name: String) -> JSONValue {
        guard let value = parameters?[name], value.isTruthy else { return .number(0) }
        return value
    }
}

extension JSONValue {
    /// True when this is a number equal to the payload type.
    func isPayloadType(_ payloadType: UInt8?) -> Bool {
        guard let payloadType else { return false }
        return self == .number(Double(payloadType))
    }
}
