import MediaEngine
import Mediasoup
import Testing

/// Which packets a consumer forwards, decided from packet facts alone: the
/// rules that the replays exercise through a worker, here in microseconds.
struct ConsumerLayerSelectionTests {
    typealias Packet = ConsumerLayerSelection.Packet

    static func video(_ encoding: Int = 0, key: Bool = false, tid: Int? = nil, sync: Bool = false) -> Packet {
        Packet(encoding: encoding, isKeyFrame: key, temporalLayer: tid, followsTemporalLayers: tid != nil, isLayerSync: sync)
    }

    /// A producer whose active encodings are `active`: the highest up to the
    /// preferred one, else the lowest above it (as the producer answers).
    static func target(active: Set<Int>) -> (Int) -> Int? {
        { preferred in
            active.filter { $0 <= preferred }.max() ?? active.filter { $0 > preferred }.min()
        }
    }

    @Test func aVideoConsumerStartsAtAKeyFrameAndAudioAtOnce() {
        var video = ConsumerLayerSelection(type: .simple, isVideo: true, streamCount: 1)
        #expect({ video.take(Self.video(), simulcastTarget: { _ in nil }) }().verdict == .skip)
        #expect({ video.take(Self.video(key: true), simulcastTarget: { _ in nil }) }().verdict == .send(stream: 0))
        #expect({ video.take(Self.video(), simulcastTarget: { _ in nil }) }().verdict == .send(stream: 0))

        var audio = ConsumerLayerSelection(type: .simple, isVideo: false, streamCount: 1)
        #expect({ audio.take(Packet(encoding: 0, isKeyFrame: false), simulcastTarget: { _ in nil }) }().verdict == .send(stream: 0))
    }

    @Test func pausesSkipAndAResumeWaitsForTheKeyFrameItAsksFor() {
        var selection = ConsumerLayerSelection(type: .simple, isVideo: true, streamCount: 1)
        _ = selection.take(Self.video(key: true), simulcastTarget: { _ in nil })
        selection.paused = true
        #expect({ selection.take(Self.video(key: true), simulcastTarget: { _ in nil }) }().verdict == .skip)
        selection.paused = false
        selection.producerPaused = true
        #expect({ selection.take(Self.video(key: true), simulcastTarget: { _ in nil }) }().verdict == .skip)
        selection.producerPaused = false
        #expect({ selection.restart() }() == .encoding(0))
        #expect({ selection.take(Self.video(), simulcastTarget: { _ in nil }) }().verdict == .skip)
        #expect({ selection.take(Self.video(key: true), simulcastTarget: { _ in nil }) }().verdict == .send(stream: 0))

        var audio = ConsumerLayerSelection(type: .simple, isVideo: false, streamCount: 1)
        #expect({ audio.restart() }() == nil)
    }

    @Test func aPipeConsumerSendsEachEncodingOnItsOwnStream() {
        var selection = ConsumerLayerSelection(type: .pipe, isVideo: true, streamCount: 3)
        #expect(selection.keyFrameRequest == .allEncodings)
        #expect({ selection.take(Self.video(2, key: true), simulcastTarget: { _ in nil }) }().verdict == .send(stream: 2))
        #expect({ selection.take(Self.video(1), simulcastTarget: { _ in nil }) }().verdict == .send(stream: 1))
        #expect({ selection.take(Self.video(3, key: true), simulcastTarget: { _ in nil }) }().verdict == .skip)
    }

    @Test func preferredLayersAreClampedToTheStreamsAndAbsentForSimpleConsumers() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 3, temporalLayers: 3)
        #expect(selection.preferredLayers == ConsumerLayers(spatialLayer: 2, temporalLayer: 2))
        #expect({ selection.prefer(ConsumerLayers(spatialLayer: 7, temporalLayer: -4)) }()
            == ConsumerLayers(spatialLayer: 2, temporalLayer: 0))
        #expect({ selection.prefer(ConsumerLayers(spatialLayer: 1)) }() == ConsumerLayers(spatialLayer: 1, temporalLayer: 2))

        var simple = ConsumerLayerSelection(type: .simple, isVideo: true, streamCount: 1)
        #expect({ simple.prefer(ConsumerLayers(spatialLayer: 0)) }() == nil)
        #expect(simple.preferredLayers == nil)
    }

    @Test func simulcastStartsOnTheTargetsKeyFrameAndSwitchesOnlyAtKeyFrames() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 3, temporalLayers: 1)
        let allActive = Self.target(active: [0, 1, 2])

        // The first packet is of encoding 0: the target is 2, whose keyframe is asked for.
        var outcome = selection.take(Self.video(0, key: true), simulcastTarget: allActive)
        #expect(outcome == .init(verdict: .skip, keyFrameRequest: .encoding(2)))
        #expect(selection.targetSpatialLayer == 2)
        #expect(selection.currentLayers == nil)
        #expect({ selection.take(Self.video(2), simulcastTarget: allActive) }().verdict == .skip)

        // The keyframe of encoding 2 starts it, announced once.
        outcome = selection.take(Self.video(2, key: true), simulcastTarget: allActive)
        #expect(outcome == .init(verdict: .send(stream: 0), layersChanged: true))
        #expect(selection.currentLayers == ConsumerLayers(spatialLayer: 2, temporalLayer: 0))
        #expect({ selection.take(Self.video(2), simulcastTarget: allActive) }() == .init(verdict: .send(stream: 0)))
        #expect({ selection.take(Self.video(1, key: true), simulcastTarget: allActive) }().verdict == .skip)

        // Encoding 2 stops: the target drops to 1, asked for; 2 goes on until 1's keyframe.
        let twoStopped = Self.target(active: [0, 1])
        outcome = selection.take(Self.video(2), simulcastTarget: twoStopped)
        #expect(outcome == .init(verdict: .send(stream: 0), keyFrameRequest: .encoding(1)))
        #expect(selection.keyFrameRequest == .encoding(1))
        #expect({ selection.take(Self.video(1), simulcastTarget: twoStopped) }().verdict == .skip)
        outcome = selection.take(Self.video(1, key: true), simulcastTarget: twoStopped)
        #expect(outcome == .init(verdict: .send(stream: 0), layersChanged: true))
        #expect(selection.currentSpatialLayer == 1)
        #expect({ selection.take(Self.video(2, key: true), simulcastTarget: twoStopped) }().verdict == .skip)
    }

    @Test func aTargetKeyFrameThatArrivesFirstSwitchesWithoutARequest() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 2, temporalLayers: 1,
            preferred: ConsumerLayers(spatialLayer: 0))
        let outcome = selection.take(Self.video(0, key: true), simulcastTarget: Self.target(active: [0, 1]))
        #expect(outcome == .init(verdict: .send(stream: 0), layersChanged: true))
        #expect(selection.targetTemporalLayer == 0)
    }

    @Test func temporalLayersClimbAtSyncPointsAndFallAtOnce() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 1, temporalLayers: 3,
            preferred: ConsumerLayers(spatialLayer: 0, temporalLayer: 1))
        let only = Self.target(active: [0])

        // The keyframe (TID 0) starts layer 0.
        #expect({ selection.take(Self.video(key: true, tid: 0), simulcastTarget: only) }().verdict == .send(stream: 0))
        #expect(selection.currentLayers == ConsumerLayers(spatialLayer: 0, temporalLayer: 0))
        // TID 1 without a sync point: not yet; its gap is closed in the numbering.
        #expect({ selection.take(Self.video(tid: 1), simulcastTarget: only) }() == .init(verdict: .dropInGap(stream: 0)))
        // TID 1 at a sync point: climbed to, announced.
        #expect({ selection.take(Self.video(tid: 1, sync: true), simulcastTarget: only) }()
            == .init(verdict: .send(stream: 0), layersChanged: true))
        // TID 2 is above the preferred layer: never sent, even at a sync point.
        #expect({ selection.take(Self.video(tid: 2, sync: true), simulcastTarget: only) }().verdict == .dropInGap(stream: 0))

        // A lower preference applies at the next packet.
        _ = selection.prefer(ConsumerLayers(spatialLayer: 0, temporalLayer: 0))
        #expect({ selection.take(Self.video(tid: 1), simulcastTarget: only) }()
            == .init(verdict: .dropInGap(stream: 0), layersChanged: true))
        #expect(selection.currentLayers == ConsumerLayers(spatialLayer: 0, temporalLayer: 0))
        #expect({ selection.take(Self.video(tid: 0), simulcastTarget: only) }().verdict == .send(stream: 0))
    }

    @Test func aRestartForgetsTheTemporalLayerAndAsksForTheTargetsKeyFrame() {
        var selection = ConsumerLayerSelection(
            type: .simulcast, isVideo: true, streamCount: 1, spatialLayers: 2, temporalLayers: 3)
        #expect(selection.keyFrameRequest == .allEncodings)
        let both = Self.target(active: [0, 1])
        _ = selection.take(Self.video(1, key: true, tid: 0), simulcastTarget: both)
        _ = selection.take(Self.video(1, tid: 2, sync: true), simulcastTarget: both)
        #expect(selection.currentTemporalLayer == 2)
        #expect({ selection.restart() }() == .encoding(1))
        #expect(selection.currentTemporalLayer == nil)
        #expect({ selection.take(Self.video(1, tid: 1), simulcastTarget: both) }().verdict == .skip)
    }
}
