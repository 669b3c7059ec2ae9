import MediaEngine
import Testing

/// The audio-level and active-speaker rules with simulated time: levels every
/// 20 ms, intervals ended by the test.
struct AudioLevelReportTests {
    @Test func producersWithTenLevelsAreReportedLoudestFirstThenSilenceOnce() {
        var report = AudioLevelReport(maxEntries: 2, threshold: -80)
        for _ in 0..<10 {
            report.level(30, from: "quiet")
            report.level(10, from: "loud")
            report.level(20, from: "middle")
        }
        for _ in 0..<9 { report.level(0, from: "too-few") }
        #expect({ report.endInterval(producerIds: ["quiet", "loud", "middle", "too-few"]) }()
            == .volumes([.init(producerId: "loud", volume: -10), .init(producerId: "middle", volume: -20)]))
        #expect({ report.endInterval(producerIds: ["quiet", "loud", "middle"]) }() == .silence)
        #expect({ report.endInterval(producerIds: ["quiet", "loud", "middle"]) }() == nil)
    }

    @Test func theMeanIsTheIntegerQuotientAndTheThresholdApplies() {
        var report = AudioLevelReport(maxEntries: 5, threshold: -50)
        for level: UInt8 in [40, 41, 41, 41, 41, 41, 41, 41, 41, 41] { report.level(level, from: "a") }
        for _ in 0..<10 { report.level(60, from: "below") }
        #expect({ report.endInterval(producerIds: ["a", "below"]) }() == .volumes([.init(producerId: "a", volume: -40)]))
    }

    @Test func pausingReportsSilenceAfterVolumesAndForgetsTheInterval() {
        var report = AudioLevelReport(maxEntries: 1, threshold: -127)
        #expect({ report.pause() }() == nil)
        for _ in 0..<10 { report.level(5, from: "a") }
        #expect({ report.endInterval(producerIds: ["a"]) }() == .volumes([.init(producerId: "a", volume: -5)]))
        for _ in 0..<10 { report.level(5, from: "a") }
        #expect({ report.pause() }() == .silence)
        #expect({ report.endInterval(producerIds: ["a"]) }() == nil)
    }
}

struct DominantSpeakerElectionTests {
    /// Feeds 20 ms levels from `start` for `milliseconds`, ticking every 300 ms;
    /// returns the speakers elected on the way.
    static func talk(
        _ election: inout DominantSpeakerElection, levels: [String: UInt8], from start: UInt64, for milliseconds: UInt64
    ) -> [String] {
        var elected: [String] = []
        var now = start
        while now < start + milliseconds {
            for (id, level) in levels.sorted(by: { $0.key < $1.key }) { election.level(level, from: id, at: now) }
            if now % 300 == 0, let speaker = election.tick(at: now) { elected.append(speaker) }
            now += 20
        }
        return elected
    }

    @Test func theOnlyProducerIsDominantAtTheFirstTick() {
        var election = DominantSpeakerElection()
        election.add("alice", paused: false, at: 0)
        #expect({ election.tick(at: 300) }() == "alice")
        #expect({ election.tick(at: 600) }() == nil)
    }

    @Test func aSpeakerWhoTalksWhileTheDominantOneIsSilentTakesOverOnce() {
        var election = DominantSpeakerElection()
        election.add("alice", paused: false, at: 0)
        election.add("bob", paused: false, at: 0)
        // Alice (first added) is dominant while both are silent.
        #expect({ election.tick(at: 0) }() == "alice")
        let silence = Self.talk(&election, levels: ["alice": 127, "bob": 127], from: 20, for: 3_000)
        #expect(silence.isEmpty)
        let elected = Self.talk(&election, levels: ["alice": 127, "bob": 5], from: 3_020, for: 4_000)
        #expect(elected == ["bob"])
        #expect(election.dominant == "bob")
    }

    @Test func aPausedSpeakerDoesNotCompeteAndRemovingTheDominantOneElectsAnother() {
        var election = DominantSpeakerElection()
        election.add("alice", paused: false, at: 0)
        election.add("bob", paused: true, at: 0)
        #expect({ election.tick(at: 0) }() == "alice")
        let elected = Self.talk(&election, levels: ["alice": 127, "bob": 5], from: 20, for: 4_000)
        #expect(elected.isEmpty)
        #expect({ election.remove("alice", at: 4_100) }() == "bob")
        #expect(election.dominant == "bob")
    }
}

/// The producer's answer to a simulcast consumer: which encoding to send now.
struct SimulcastTargetTests {
    static func streams(receivingAt arrivals: [UInt64?]) -> [ProducerReceiveStream?] {
        arrivals.enumerated().map { index, arrival in
            let stream = ProducerReceiveStream(
                encodingIndex: index, ssrc: UInt32(100 + index), rid: nil, mimeType: "video/VP8", clockRate: 90_000,
                rtxSsrc: nil, usesNack: false)
            if let arrival {
                _ = stream.received(
                    sequenceNumber: 1, timestamp: 0, bytes: 1_000, isKeyFrame: false, isRecovered: false, at: arrival)
            }
            return stream
        }
    }

    @Test func theHighestActiveEncodingUpToThePreferredOneElseTheLowestAbove() {
        let streams = Self.streams(receivingAt: [10_000, nil, 10_000])
        #expect(ProducerReceiveStream.simulcastTarget(of: streams, preferred: 2, at: 10_100) == 2)
        #expect(ProducerReceiveStream.simulcastTarget(of: streams, preferred: 1, at: 10_100) == 0)
        #expect(ProducerReceiveStream.simulcastTarget(of: streams, preferred: 9, at: 10_100) == 2)
        // 1.5 s without packets: inactive.
        #expect(ProducerReceiveStream.simulcastTarget(of: streams, preferred: 2, at: 11_501) == nil)
        #expect(ProducerReceiveStream.simulcastTarget(of: [], preferred: 0, at: 0) == nil)
    }
}
