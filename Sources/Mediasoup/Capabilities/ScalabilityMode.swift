/// Spatial and temporal layers described by a scalability mode string
/// (W3C webrtc-svc), as mediasoup reads it.
public struct ScalabilityMode: Sendable, Hashable, Codable {
    /// Number of spatial layers: the 1–99 count after `L` or `S`; 1 when unparsable.
    public var spatialLayers: Int
    /// Number of temporal layers: the 1–99 count after `T`; 1 when unparsable.
    public var temporalLayers: Int
    /// K-SVC: spatial layers depend on each other only on keyframes (`_KEY`).
    public var ksvc: Bool

    /// Creates a mode from layer counts, as mediasoup's `parseScalabilityMode()` result
    /// `{spatialLayers, temporalLayers, ksvc}`; use ``parse(_:)`` to read a string.
    public init(spatialLayers: Int, temporalLayers: Int, ksvc: Bool) {
        self.spatialLayers = spatialLayers
        self.temporalLayers = temporalLayers
        self.ksvc = ksvc
    }

    /// One spatial and one temporal layer: what anything unparsable means.
    public static let single = ScalabilityMode(spatialLayers: 1, temporalLayers: 1, ksvc: false)

    /// Reads the prefix `L|S` + 1–2 digit count (no leading zero) + `T` + 1–2 digit
    /// count + optional `_KEY`; anything may follow (`L4T7_KEY_SHIFT` is 4/7/K-SVC).
    /// A string that does not start that way, or no string, is ``single``.
    public static func parse(_ string: String?) -> ScalabilityMode {
        guard let string else { return .single }
        var rest = Substring(string)
        guard let first = rest.first, first == "L" || first == "S" else { return .single }
        rest = rest.dropFirst()
        guard let spatial = takeLayerCount(&rest), rest.first == "T" else { return .single }
        rest = rest.dropFirst()
        guard let temporal = takeLayerCount(&rest) else { return .single }
        return ScalabilityMode(spatialLayers: spatial, temporalLayers: temporal, ksvc: rest.hasPrefix("_KEY"))
    }

    /// Takes a layer count: one or two ASCII digits, the first not zero. A
    /// third digit is left in place, so a spatial count of three digits fails
    /// the caller's check for `T`, as mediasoup's regex does.
    private static func takeLayerCount(_ rest: inout Substring) -> Int? {
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard let leading = digits.first, leading != "0" else { return nil }
        let count = min(digits.count, 2)
        guard let value = Int(digits.prefix(count)) else { return nil }
        rest = rest.dropFirst(count)
        return value
    }
}
