import Mediasoup
import MediasoupLocal
import RemoteMediasoupProtocol
import RemoteMediasoupServer
import Testing

extension RemoteServerTests {
    @Test func scratchTiming() async throws {
        try await withServer { server in
            let creator = RemoteServerTestClient(server)
            let worker = try await creator.create(RemoteProcedure.createWorker.method, params())
            let clock = ContinuousClock()
            let t0 = clock.now
            for _ in 0..<30 { _ = try await creator.create("Worker.createRouter", params(target: worker.id)) }
            let t1 = clock.now
            let direct = try await mediasoup.createWorker()
            defer { direct.close() }
            let t2 = clock.now
            for _ in 0..<30 { _ = try await direct.createRouter() }
            let t3 = clock.now
            print("SCRATCH remote \(t1 - t0) direct \(t3 - t2)")
        }
    }
}
