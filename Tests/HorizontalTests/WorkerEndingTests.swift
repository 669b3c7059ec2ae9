import Mediasoup
import Testing

@testable import MediasoupHorizontal

/// The order in which a cluster worker ends: `subprocessclose` never goes out
/// before `died` and `close`, whichever thread hears it and when. A cluster
/// process once sent its clients `subprocessclose` first: it was heard while
/// another thread was announcing the end, and the clients, taking the worker
/// for finished, dropped the `died` and `close` that followed (1 run in 5 of
/// MafaldaCommandTests).
@Suite struct WorkerEndingTests {
    @Test func subprocessCloseHeardWhileTheEndIsAnnouncedWaitsForIt() {
        var ending = WorkerEnding()
        ending.lose(MediasoupError("server b is gone"))
        let announcement = ending.end()
        #expect(announcement?.closedHere == false && announcement?.lost != nil)
        #expect(ending.closed && ending.diedHere)
        // Another thread hears `subprocessclose` between the decision and the announcement.
        let passedOnAtOnce = ending.realSubprocessClosed()
        #expect(!passedOnAtOnce, "not before died and close")
        #expect(!ending.subprocessClosedShown)
        let passedOnAfterTheEnd = ending.endAnnounced()
        #expect(passedOnAfterTheEnd, "right after them")
        #expect(ending.subprocessClosedShown)
    }

    @Test func subprocessCloseHeardBeforeTheCloseGoesOutAfterIt() {
        var ending = WorkerEnding()
        let passedOnAtOnce = ending.realSubprocessClosed()
        #expect(!passedOnAtOnce && !ending.closed)
        let announcement = ending.end()
        #expect(announcement != nil)
        let passedOnAfterTheEnd = ending.endAnnounced()
        #expect(passedOnAfterTheEnd)
    }

    @Test func subprocessCloseHeardAfterTheEndGoesOutAtOnce() {
        var ending = WorkerEnding()
        ending.closeHere()
        ending.lose(MediasoupError("too late: closed by the application"))
        let announcement = ending.end()
        #expect(announcement?.closedHere == true && announcement?.lost == nil)
        #expect(!ending.diedHere)
        let nothingHeardYet = ending.endAnnounced()
        #expect(!nothingHeardYet)
        let passedOnAtOnce = ending.realSubprocessClosed()
        #expect(passedOnAtOnce)
    }

    @Test func theEndIsAnnouncedOnce() {
        var ending = WorkerEnding()
        let first = ending.end()
        let second = ending.end()
        #expect(first != nil && second == nil)
        ending.closeHere()
        #expect(ending.diedHere, "closing after the end changes nothing")
    }
}
