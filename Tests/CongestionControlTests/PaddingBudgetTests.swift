import CongestionControl
import Testing

/// Padding makes up what media does not send of the target, within bounds.
struct PaddingBudgetTests {
    /// Ticks every 20 ms for `seconds`, with `mediaBitrate` of media; the bitrate sent in all.
    static func run(
        _ budget: inout PaddingBudget, from start: Microseconds, seconds: Int, target: Int, mediaBitrate: Int
    ) -> (padding: Int, total: Int) {
        var padding = 0
        var media = 0
        let ticks = seconds * 50
        for tick in 1...ticks {
            let mediaBytes = mediaBitrate / 8 / 50
            media += mediaBytes
            padding += budget.tick(at: start + Microseconds(tick) * 20_000, targetBitrate: target, mediaBytes: mediaBytes)
        }
        return (padding * 8 / seconds, (padding + media) * 8 / seconds)
    }

    @Test func paddingFillsUpToTheTarget() {
        var budget = PaddingBudget()
        _ = budget.tick(at: 0, targetBitrate: 600_000, mediaBytes: 0)
        let sent = Self.run(&budget, from: 0, seconds: 5, target: 600_000, mediaBitrate: 292_000)
        #expect(abs(sent.total - 600_000) < 6_000)
        #expect(abs(sent.padding - 308_000) < 6_000)
    }

    @Test func noPaddingWhenMediaReachesTheTargetOrThereIsNone() {
        var budget = PaddingBudget()
        _ = budget.tick(at: 0, targetBitrate: 600_000, mediaBytes: 0)
        #expect(Self.run(&budget, from: 0, seconds: 2, target: 600_000, mediaBitrate: 700_000).padding == 0)
        #expect(Self.run(&budget, from: 2_000_000, seconds: 2, target: 0, mediaBitrate: 100_000).padding == 0)
    }

    @Test func aKeyFrameBurstPostponesPaddingAtMostALittle() {
        var budget = PaddingBudget()
        _ = budget.tick(at: 0, targetBitrate: 800_000, mediaBytes: 0)
        // 1 MB of media at once: far more than 100 ms at 800 kbit/s (10 kB).
        #expect(budget.tick(at: 20_000, targetBitrate: 800_000, mediaBytes: 1_000_000) == 0)
        // Within 120 ms of nothing more, padding resumes.
        var padded = 0
        for tick in 2...7 { padded += budget.tick(at: Microseconds(tick) * 20_000, targetBitrate: 800_000, mediaBytes: 0) }
        #expect(padded > 0)
    }

    @Test func aLateTickSendsNoMoreThanTheBurstBound() {
        var budget = PaddingBudget()
        _ = budget.tick(at: 0, targetBitrate: 800_000, mediaBytes: 0)
        // Two seconds late: at most 50 ms at 800 kbit/s (5,000 bytes).
        #expect(budget.tick(at: 2_000_000, targetBitrate: 800_000, mediaBytes: 0) == 5_000)
    }
}
