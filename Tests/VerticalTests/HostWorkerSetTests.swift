import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MediasoupVertical
import Testing

/// The host-wide file of workers: a cap per settings set, shared through the file, healing from dead processes.
@Suite struct HostWorkerSetTests {
    private func freshPath() -> String {
        "\(NSTemporaryDirectory())mafalda-vertical-tests-\(UUID().uuidString)/workers"
    }

    @Test func reservationsStopAtTheCapPerSettingsSet() throws {
        let path = freshPath()
        let mine = HostWorkerSet(path: path)
        let othersView = HostWorkerSet(path: path)  // another process reads the same file
        let first = try #require(try mine.reserve(hash: "aaa", cap: 2, token: "1"))
        #expect(try othersView.reserve(hash: "aaa", cap: 2, token: "2") != nil)
        #expect(try othersView.reserve(hash: "aaa", cap: 2, token: "3") == nil)
        #expect(try othersView.reserve(hash: "bbb", cap: 2, token: "4") != nil)  // another settings set
        try mine.release(first)
        #expect(try othersView.reserve(hash: "aaa", cap: 2, token: "5") != nil)
    }

    @Test func aConfirmedWorkerCountsUntilItsProcessIsGone() throws {
        let set = HostWorkerSet(path: freshPath())
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        let reservation = try #require(try set.reserve(hash: "aaa", cap: 1, token: "1"))
        try set.confirm(reservation, pid: Int(child.processIdentifier))
        #expect(try set.entries() == ["\(child.processIdentifier) aaa"])
        #expect(try set.reserve(hash: "aaa", cap: 1, token: "2") == nil)

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        // The dead worker's line is dropped on the next read: the slot is free again.
        #expect(try set.entries() == [])
        #expect(try set.reserve(hash: "aaa", cap: 1, token: "3") != nil)
    }
}
