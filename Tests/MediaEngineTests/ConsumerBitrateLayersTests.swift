import MediaEngine
import Mediasoup
import Testing

/// A simulcast consumer under a bitrate limit: the ladder of layers it could
/// climb, and what the allowance its transport gives it does to the layers
/// it forwards.
struct ConsumerBitrateLayersTests {
    typealias Packet = ConsumerLayerSelection.Packet

    static func video(_ encoding: Int, key: Bool = false, tid: Int? = nil, sync: Bool = false) -> Packet {
        Packet(encoding: encoding, isKeyFrame: key, temporalLayer: tid, followsTemporalLayers: tid != nil, isLayerSync: sync)
    }

    static func allActive(_ preferred: Int) -> Int? { min(preferred, 2) }

    @Test func theLadderWalksTemporalLayersOfEachSpatialLayerUpToThePreferredOnes() {
        // Stream s carries (s + 1) × 100 kbit/s per temporal layer.
        let ladder = ConsumerLayerLadder(
            preferred: ConsumerLayers(spatialLayer: 1, temporalLayer: 1), spatialLayers: 3, temporalLayers: 3
        ) { spatial, temporal in (spatial + 1) * 100_000 * (temporal + 1) }
        #expect(ladder.layers == [
            ConsumerLayers(spatialLayer: 0, temporalLayer: 0), ConsumerLayers(spatialLayer: 0, temporalLayer: 1),
            ConsumerLayers(spatialLayer: 0, temporalLayer: 2), ConsumerLayers(spatialLayer: 1, temporalLayer: 0),
            ConsumerLayers(spatialLayer: 1, temporalLayer: 1),
        ])
        #expect(ladder.bitrates == [100_000, 200_000, 300_000, 200_000, 400_000])
    }

    @Test func theLadderLeavesOutUnusableStreamsAndSilentTemporalLayers() {
        // Stream 1 is not usable; stream 2 sends no temporal layer 2.
        let ladder = ConsumerLayerLadder(
            preferred: ConsumerLayers(spatialLayer: 2, temporalLayer: 2), spatialLayers: 3, temporalLayers: 3
        ) { spatial, temporal in
            switch (spatial, temporal) {
            case (1, _): return nil
            case (2, 2): return 0
            default: return 1000 * (spatial + 1) * (temporal + 1)
            }
        }
        #expect(ladder.layers.map(\.spatialLayer) == [0, 0, 0, 2, 2])
        #expect(ladder.layers.map(\.temporalLayer) == [0, 1, 2, 0, 1])
        let silent = ConsumerLayerLadder(
            preferred: ConsumerLayers(spatialLayer: 2), spatialLayers: 3, temporalLayers: 1) { _, _ in 0 }
        #expect(silent.isEmpty)
    }

    @Test func aStreamCostsItsTemporalLayersBitrateFromItsFirstPackets() {
        let stream = ProducerReceiveStream(
            encodingIndex: 0, ssrc: 1, rid: nil, mimeType: "video/VP8", clockRate: 90000, rtxSsrc: nil, usesNack: false)
        // 1,000 bytes every 50 ms, temporal layers 0 and 1 in turn: 80 kbit/s each.
        var sequenceNumber: UInt16 = 1
        func receive(from start: UInt64, to end: UInt64) {
            for now in stride(from: start, to: end, by: 50) {
                _ = stream.received(
                    sequenceNumber: sequenceNumber, timestamp: UInt32(now * 90), bytes: 1000, isKeyFrame: false,
                    isRecovered: false, temporalLayer: Int(sequenceNumber % 2), at: now)
                sequenceNumber &+= 1
            }
        }
        receive(from: 10_000, to: 10_500)
        // Half a second received: counted as what it is, not half of it.
        #expect(stream.bitrate(upToTemporalLayer: 0, at: 10_500) == 80_000)
        #expect(stream.bitrate(upToTemporalLayer: 1, at: 10_500) == 160_000)
        #expect(stream.bitrate(upToTemporalLayer: 2, at: 10_500) == 0)
        receive(from: 10_500, to: 13_000)
        #expect(stream.bitrate(upToTemporalLayer: 1, at: 12_999) == 160_000)
        // After two seconds without packets, a new run is measured from its start.
        receive(from: 15_000, to: 15_200)
        #expect(stream.bitrate(upToTemporalLayer: 1, at: 15_200) == 160_000)
    }

    @Test func aLowerAllowanceSwitchesDownAtTheLowerEncodingsKeyFrame() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 3, temporalLayers: 1)
        _ = selection.take(Self.video(2, key: true), simulcastTarget: Self.allActive)
        #expect(selection.currentSpatialLayer == 2)

        #expect({ selection.allow(.upTo(ConsumerLayers(spatialLayer: 0, temporalLayer: 0)), at: 0, forwarding: 10_000) }() == false)
        #expect(selection.aimedLayers == ConsumerLayers(spatialLayer: 0, temporalLayer: 0))
        // Encoding 2 goes on until encoding 0's keyframe, asked for at once.
        #expect({ selection.take(Self.video(2), simulcastTarget: Self.allActive) }()
            == .init(verdict: .send(stream: 0), keyFrameRequest: .encoding(0)))
        #expect({ selection.take(Self.video(0), simulcastTarget: Self.allActive) }().verdict == .skip)
        #expect({ selection.take(Self.video(0, key: true), simulcastTarget: Self.allActive) }()
            == .init(verdict: .send(stream: 0), layersChanged: true))
        #expect(selection.currentSpatialLayer == 0)
        // For 10 s from the downgrade, the bitrate may give it no higher spatial layer.
        #expect(selection.spatialCeiling(at: 9_999) == 0)
        #expect(selection.spatialCeiling(at: 10_000) == nil)

        // Back up when the bitrate allows more: at encoding 2's keyframe.
        #expect({ selection.allow(.upTo(ConsumerLayers(spatialLayer: 2, temporalLayer: 0)), at: 0, forwarding: 10_000) }() == false)
        #expect({ selection.take(Self.video(0), simulcastTarget: Self.allActive) }().keyFrameRequest == .encoding(2))
        #expect({ selection.take(Self.video(2, key: true), simulcastTarget: Self.allActive) }().layersChanged)
        #expect(selection.currentSpatialLayer == 2)
    }

    @Test func anAllowanceNeverRaisesThePreferredLayers() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 3, temporalLayers: 3,
            preferred: ConsumerLayers(spatialLayer: 1, temporalLayer: 1))
        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 2, temporalLayer: 2)), at: 0, forwarding: 10_000)
        #expect(selection.aimedLayers == ConsumerLayers(spatialLayer: 1, temporalLayer: 1))
        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 1, temporalLayer: 0)), at: 0, forwarding: 10_000)
        #expect(selection.aimedLayers == ConsumerLayers(spatialLayer: 1, temporalLayer: 0))
        // A lower spatial layer keeps the temporal layer allowed there.
        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 0, temporalLayer: 2)), at: 0, forwarding: 10_000)
        #expect(selection.aimedLayers == ConsumerLayers(spatialLayer: 0, temporalLayer: 2))
    }

    @Test func aLowerTemporalAllowanceDropsTheHigherTemporalLayersAtOnce() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 1, temporalLayers: 3)
        let only: (Int) -> Int? = { _ in 0 }
        _ = selection.take(Self.video(0, key: true, tid: 0), simulcastTarget: only)
        _ = selection.take(Self.video(0, tid: 2, sync: true), simulcastTarget: only)
        #expect(selection.currentLayers == ConsumerLayers(spatialLayer: 0, temporalLayer: 2))
        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 0, temporalLayer: 0)), at: 0, forwarding: 10_000)
        #expect({ selection.take(Self.video(0, tid: 1), simulcastTarget: only) }()
            == .init(verdict: .dropInGap(stream: 0), layersChanged: true))
        #expect(selection.currentLayers == ConsumerLayers(spatialLayer: 0, temporalLayer: 0))
        #expect(selection.targetTemporalLayer == 0)
    }

    @Test func nothingAllowedStopsAtOnceAndAResumedAllowanceWaitsForAKeyFrame() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 3, temporalLayers: 1)
        _ = selection.take(Self.video(1, key: true), simulcastTarget: { _ in 1 })
        #expect(selection.currentSpatialLayer == 1)
        #expect({ selection.allow(.nothing, at: 0, forwarding: 10_000) }())
        #expect(selection.currentLayers == nil)
        #expect({ selection.allow(.nothing, at: 0, forwarding: 10_000) }() == false)
        #expect({ selection.take(Self.video(1, key: true), simulcastTarget: { _ in 1 }) }().verdict == .skip)

        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 1, temporalLayer: 0)), at: 0, forwarding: 10_000)
        #expect({ selection.take(Self.video(1), simulcastTarget: { _ in 1 }) }()
            == .init(verdict: .skip, keyFrameRequest: .encoding(1)))
        #expect({ selection.take(Self.video(1, key: true), simulcastTarget: { _ in 1 }) }()
            == .init(verdict: .send(stream: 0), layersChanged: true))
    }

    @Test func aDowngradeSoonAfterTheStartDoesNotHoldTheLayerDown() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 3, temporalLayers: 1)
        _ = selection.take(Self.video(2, key: true), simulcastTarget: Self.allActive)
        // Forwarding for 2 s: its first fit, not a downgrade.
        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 0, temporalLayer: 0)), at: 2_000, forwarding: 2_000)
        #expect(selection.spatialCeiling(at: 2_001) == nil)
        // Nothing allowed after 8 s of forwarding: held.
        _ = selection.allow(.upTo(ConsumerLayers(spatialLayer: 2, temporalLayer: 0)), at: 9_000, forwarding: 9_000)
        _ = selection.allow(.nothing, at: 9_500, forwarding: 9_500)
        #expect(selection.spatialCeiling(at: 10_000) == 0)
    }

    @Test func aLadderCappedAtASpatialLayerKeepsItsTemporalLayers() {
        let ladder = ConsumerLayerLadder(
            preferred: ConsumerLayers(spatialLayer: 2, temporalLayer: 1), spatialLayers: 3, temporalLayers: 2
        ) { spatial, temporal in (spatial + 1) * 1000 + temporal }
        #expect(ladder.capped(atSpatialLayer: 0).layers == [
            ConsumerLayers(spatialLayer: 0, temporalLayer: 0), ConsumerLayers(spatialLayer: 0, temporalLayer: 1),
        ])
        #expect(ladder.capped(atSpatialLayer: 0).bitrates == [1000, 1001])
        #expect(ladder.capped(atSpatialLayer: nil) == ladder)
    }

    @Test func consumersWithoutLayersIgnoreAllowances() {
        var simple = ConsumerLayerSelection(type: .simple, isVideo: true, streamCount: 1)
        #expect({ simple.allow(.nothing, at: 0, forwarding: 10_000) }() == false)
        #expect(simple.allowance == .unlimited)
    }
}
