#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import Testing

@testable import MediasoupLocal

/// A worker holds only its channel and what it opens itself: nothing of the
/// process that spawned it (a control server's listening socket, its clients).
@Suite(.timeLimit(.minutes(1)))
struct WorkerDescriptorTests {
    @Test func aWorkerDoesNotInheritTheParentsSockets() async throws {
        // A listening TCP socket without close-on-exec, as SwiftNIO makes them.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0 && listen(listener, 8) == 0)
        let socketName = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(listener)")

        let worker = try await LocalMediasoup().createWorker()
        defer { worker.close() }
        let held = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(worker.pid)/fd").compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(worker.pid)/fd/\($0)")
        }
        #expect(!held.isEmpty)
        #expect(!held.contains(socketName), "the worker holds the parent's listening socket \(socketName)")
    }
}
