import MediaEngine
import Testing

/// A producer stream's keyframe requests to its sender, as mediasoup's
/// KeyFrameRequestManager times them, on a clock the test holds.
struct KeyFrameRequestStateTests {
    @Test func oneRequestGoesAndTheOthersWaitForItsKeyFrame() {
        var state = KeyFrameRequestState()
        #expect({ state.request(at: 1_000, delay: 0) }())
        #expect(!{ state.request(at: 1_010, delay: 0) }())
        #expect(!{ state.request(at: 1_500, delay: 0) }())
        state.keyFrameReceived()
        #expect(state.nextDeadline(delay: 0) == nil)
        #expect({ state.request(at: 1_600, delay: 0) }())
    }

    @Test func anUnansweredRequestGoesOnceMoreAfterASecond() {
        var state = KeyFrameRequestState()
        #expect({ state.request(at: 0, delay: 0) }())
        #expect(state.nextDeadline(delay: 0) == 1_000)
        #expect(!{ state.due(at: 999, delay: 0) }())
        #expect({ state.due(at: 1_000, delay: 0) }())
        // Once only: a second silent second ends the request.
        #expect(!{ state.due(at: 2_000, delay: 0) }())
        #expect(state.nextDeadline(delay: 0) == nil)
        #expect({ state.request(at: 2_001, delay: 0) }())
    }

    @Test func requestsWithinTheDelayAreHeldAndSentWhenItEnds() {
        var state = KeyFrameRequestState()
        #expect({ state.request(at: 0, delay: 500) }())
        state.keyFrameReceived()
        #expect(!{ state.request(at: 100, delay: 500) }())
        #expect(state.nextDeadline(delay: 500) == 500)
        #expect(!{ state.due(at: 499, delay: 500) }())
        #expect({ state.due(at: 500, delay: 500) }())
        #expect(!{ state.due(at: 501, delay: 500) }())
    }
}
