import Mediasoup

/// The layers a simulcast consumer may climb when its transport's bitrate is
/// shared out, lowest first, each with what it costs in all: the bitrate of
/// its producer's stream (spatial layer) through that temporal layer.
///
/// The order is mediasoup's SimulcastConsumer::IncreaseLayer walk: every
/// temporal layer of each spatial layer below the preferred one, then the
/// preferred spatial layer up to the preferred temporal layer. A spatial
/// layer whose stream is not usable (not received, inactive, poor score) is
/// left out, and so is a temporal layer that carries nothing.
package struct ConsumerLayerLadder: Equatable, Sendable {
    /// The rungs, lowest first.
    package private(set) var layers: [ConsumerLayers] = []
    /// What each rung costs in all, bits per second.
    package private(set) var bitrates: [Int] = []

    /// - Parameters:
    ///   - preferred: the consumer's preferred layers (temporal nil: the highest).
    ///   - spatialLayers, temporalLayers: the layers its stream has.
    ///   - bitrate: the bitrate of a spatial layer's stream through a temporal
    ///     layer; nil when that stream is not usable, 0 when the temporal
    ///     layer carries nothing.
    package init(
        preferred: ConsumerLayers, spatialLayers: Int, temporalLayers: Int,
        bitrate: (_ spatialLayer: Int, _ temporalLayer: Int) -> Int?
    ) {
        let highestSpatial = min(preferred.spatialLayer, spatialLayers - 1)
        guard highestSpatial >= 0, temporalLayers > 0 else { return }
        for spatial in 0...highestSpatial {
            let highestTemporal =
                spatial == highestSpatial
                ? min(preferred.temporalLayer ?? temporalLayers - 1, temporalLayers - 1) : temporalLayers - 1
            guard highestTemporal >= 0 else { continue }
            for temporal in 0...highestTemporal {
                guard let cost = bitrate(spatial, temporal) else { break }
                guard cost > 0 else { continue }
                layers.append(ConsumerLayers(spatialLayer: spatial, temporalLayer: temporal))
                bitrates.append(cost)
            }
        }
    }

    package var isEmpty: Bool { layers.isEmpty }

    /// The rungs up to spatial layer `spatialLayer` (all of them when nil).
    package func capped(atSpatialLayer spatialLayer: Int?) -> ConsumerLayerLadder {
        guard let spatialLayer else { return self }
        var capped = self
        let count = layers.prefix { $0.spatialLayer <= spatialLayer }.count
        capped.layers.removeSubrange(count...)
        capped.bitrates.removeSubrange(count...)
        return capped
    }
}
