import MafaldaFoundation
import Testing

/// Request bookkeeping with the clock in the test's hands: ids, answers,
/// deadlines, and the end of a channel.
struct PendingRequestsTests {
    let start = ContinuousClock.now

    @Test func answersFindTheirRequestOnce() {
        var pending = PendingRequests<String>()
        let dump = pending.add("Router.dump", deadline: start + .seconds(30))
        let close = pending.add("Router.close", deadline: start + .seconds(30))
        #expect(dump != close)
        #expect(pending.take(close) == "Router.close")
        #expect(pending.take(close) == nil)
        #expect(pending.take(999) == nil)
        #expect(pending.count == 1)
        #expect(pending.take(dump) == "Router.dump")
        #expect(pending.isEmpty)
    }

    @Test func onlyRequestsPastTheirDeadlineExpire() {
        var pending = PendingRequests<String>()
        _ = pending.add("early", deadline: start + .seconds(1))
        _ = pending.add("late", deadline: start + .seconds(30))
        #expect(pending.nextDeadline == start + .seconds(1))
        #expect(pending.expire(at: start + .milliseconds(999)).isEmpty)
        #expect(pending.expire(at: start + .seconds(1)) == ["early"])
        #expect(pending.nextDeadline == start + .seconds(30))
        #expect(pending.expire(at: start + .seconds(60)) == ["late"])
        #expect(pending.nextDeadline == nil)
    }

    @Test func removeAllHandsBackEveryRequestByIdAndEmpties() {
        var pending = PendingRequests<Int>()
        for value in 0..<5 { _ = pending.add(value, deadline: start) }
        #expect(pending.removeAll() == [0, 1, 2, 3, 4])
        #expect(pending.isEmpty)
    }

    @Test func idsSkipZeroAndThoseStillWaiting() {
        var pending = PendingRequests<Int>()
        var ids = Set<UInt32>()
        for value in 0..<1_000 { ids.insert(pending.add(value, deadline: start)) }
        #expect(ids.count == 1_000)
        #expect(!ids.contains(0))
    }
}

/// The async shell: a call gets its answer, its sending error, its timeout,
/// or the channel's end, exactly once.
struct AwaitedRequestsTests {
    struct Refused: Error, Equatable { let method: String }

    @Test func aCallGetsTheAnswerToItsId() async throws {
        let requests = AwaitedRequests<Int>(timeout: .seconds(30)) { Refused(method: "timeout \($0)") }
        let answer = try await requests.call("add") { id in
            requests.answer(id, with: .success(42))
        }
        #expect(answer == 42)
        #expect(requests.count == 0)
        #expect(!requests.answer(1, with: .success(0)))
    }

    @Test func aSendingErrorFailsTheCall() async {
        let requests = AwaitedRequests<Int>(timeout: .seconds(30)) { Refused(method: "timeout \($0)") }
        await #expect(throws: Refused(method: "not open")) {
            try await requests.call("add") { _ in throw Refused(method: "not open") }
        }
        #expect(requests.count == 0)
    }

    @Test func anUnansweredCallTimesOut() async {
        let requests = AwaitedRequests<Int>(timeout: .milliseconds(50)) { Refused(method: "timeout \($0)") }
        await #expect(throws: Refused(method: "timeout add")) {
            try await requests.call("add") { _ in }
        }
        #expect(requests.count == 0)
    }

    @Test func closingFailsWaitingAndLaterCalls() async {
        let requests = AwaitedRequests<Int>(timeout: .seconds(30)) { Refused(method: "timeout \($0)") }
        let waiting = Task { try await requests.call("first") { _ in } }
        while requests.count == 0 { await Task.yield() }
        requests.close { Refused(method: "closed \($0)") }
        await #expect(throws: Refused(method: "closed first")) { try await waiting.value }
        await #expect(throws: Refused(method: "closed second")) {
            try await requests.call("second") { _ in Issue.record("a closed channel sent a request") }
        }
    }

    @Test func failAllFailsWaitingCallsButAcceptsLaterOnes() async throws {
        let requests = AwaitedRequests<Int>(timeout: .seconds(30)) { Refused(method: "timeout \($0)") }
        let waiting = Task { try await requests.call("first") { _ in } }
        while requests.count == 0 { await Task.yield() }
        requests.failAll { Refused(method: "dropped \($0)") }
        await #expect(throws: Refused(method: "dropped first")) { try await waiting.value }
        let later = try await requests.call("second") { id in requests.answer(id, with: .success(7)) }
        #expect(later == 7)
    }
}
