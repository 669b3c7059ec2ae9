import Mediasoup
import Testing

@Suite struct ScalabilityModeTests {
    @Test(arguments: [
        ("L1T1", 1, 1, false), ("L3T3_KEY", 3, 3, true), ("S3T3", 3, 3, false), ("L12T10", 12, 10, false),
        ("L99T99", 99, 99, false), ("L1T12_KEY", 1, 12, true), ("L1T123", 1, 12, false), ("L100T1", 1, 1, false),
        ("LT3", 1, 1, false), ("L1T", 1, 1, false), ("X1T1", 1, 1, false), ("l1t3", 1, 1, false), ("", 1, 1, false),
        (" L1T3", 1, 1, false), ("L01T3", 1, 1, false), ("L1T3_key", 1, 3, false), ("L２T3", 1, 1, false),
    ])
    func parsesLikeMediasoupsRegex(mode: String, spatial: Int, temporal: Int, ksvc: Bool) {
        #expect(ScalabilityMode.parse(mode) == ScalabilityMode(spatialLayers: spatial, temporalLayers: temporal, ksvc: ksvc))
    }
}
