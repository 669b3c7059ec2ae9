/// Shares a transport's available outgoing bitrate out over its consumers,
/// as mediasoup's Transport::DistributeAvailableOutgoingBitrate does: higher
/// priorities first; a first round gives each consumer its lowest layer that
/// fits; then rounds in which each consumer climbs up to `priority` layers,
/// each step costing the difference between the layer's bitrate and the one
/// it had; until a round climbs nothing. A consumer whose lowest layer does
/// not fit gets none (it pauses for lack of bitrate).
public enum BitrateAllocation {
    /// What one consumer could take.
    public struct Demand: Sendable, Hashable {
        /// 1 to 255, as `consumer.setPriority()`; higher goes first and climbs more per round.
        public var priority: Int
        /// The bitrates (bits per second) of the layers it may take, lowest first: the producer's stream at
        /// each (spatial, temporal) layer up to the consumer's preferred layers, those without media left out.
        public var layerBitrates: [Int]

        /// A demand of `priority` (clamped to 1...255) over `layerBitrates`.
        public init(priority: Int, layerBitrates: [Int]) {
            self.priority = min(max(priority, 1), 255)
            self.layerBitrates = layerBitrates
        }
    }

    /// For each demand, in order, the index of the layer it takes; nil when none fits.
    public static func distribute(_ available: Int, over demands: [Demand]) -> [Int?] {
        var chosen = [Int?](repeating: nil, count: demands.count)
        var remaining = max(available, 0)
        // Higher priority first; equal priorities in the order given.
        let order = demands.indices.sorted { (demands[$0].priority, -$0) > (demands[$1].priority, -$1) }
        var firstRound = true
        while true {
            var climbed = false
            for index in order {
                let steps = firstRound ? 1 : demands[index].priority
                for _ in 0..<steps {
                    let layers = demands[index].layerBitrates
                    let next = (chosen[index] ?? -1) + 1
                    guard next < layers.count else { break }
                    let cost = max(layers[next] - (chosen[index].map { layers[$0] } ?? 0), 0)
                    guard cost <= remaining else { break }
                    chosen[index] = next
                    remaining -= cost
                    climbed = true
                }
            }
            if !climbed { return chosen }
            firstRound = false
        }
    }
}
