import CongestionControl
import Testing

/// A transport's available bitrate shared out over its consumers' layers, as
/// mediasoup's DistributeAvailableOutgoingBitrate: lowest layers first for
/// all, then climbing by priority.
@Suite struct BitrateAllocationTests {
    /// Three simulcast streams at 100, 300 and 900 kbit/s.
    static let simulcast = [100_000, 300_000, 900_000]

    @Test func equalPrioritiesClimbTogether() {
        let demands = [BitrateAllocation.Demand](
            repeating: .init(priority: 1, layerBitrates: Self.simulcast), count: 2)
        #expect(BitrateAllocation.distribute(800_000, over: demands) == [1, 1], "300k each; 900k fits neither")
        #expect(BitrateAllocation.distribute(1_200_000, over: demands) == [2, 1], "the first in order climbs first")
        #expect(BitrateAllocation.distribute(2_000_000, over: demands) == [2, 2])
    }

    @Test func aHigherPriorityClimbsMorePerRound() {
        let demands: [BitrateAllocation.Demand] = [
            .init(priority: 1, layerBitrates: Self.simulcast), .init(priority: 2, layerBitrates: Self.simulcast),
        ]
        // Base: 100k each (1.1M left); priority 2 climbs twice (300k, then 900k: 300k left), priority 1 once.
        #expect(BitrateAllocation.distribute(1_300_000, over: demands) == [1, 2])
        // Tight: the base round for both, then priority 2 takes what is left.
        #expect(BitrateAllocation.distribute(450_000, over: demands) == [0, 1])
    }

    @Test func whatDoesNotFitGetsNothing() {
        let demands: [BitrateAllocation.Demand] = [
            .init(priority: 1, layerBitrates: Self.simulcast), .init(priority: 1, layerBitrates: [500_000]),
        ]
        #expect(BitrateAllocation.distribute(50_000, over: demands) == [nil, nil])
        // The first takes its lowest (450k left, short of the other's 500k), then climbs with what is left.
        #expect(BitrateAllocation.distribute(550_000, over: demands) == [1, nil])
        #expect(BitrateAllocation.distribute(600_000, over: demands) == [0, 0])
        #expect(BitrateAllocation.distribute(0, over: []) == [])
    }

    @Test func prioritiesAreBoundedAndLayersWithoutCostAreTaken() {
        #expect(BitrateAllocation.Demand(priority: 0, layerBitrates: []).priority == 1)
        #expect(BitrateAllocation.Demand(priority: 1000, layerBitrates: []).priority == 255)
        // A temporal layer reported at the same bitrate as the one below costs nothing.
        let free = BitrateAllocation.Demand(priority: 1, layerBitrates: [100_000, 100_000, 200_000])
        #expect(BitrateAllocation.distribute(150_000, over: [free]) == [1])
    }
}
