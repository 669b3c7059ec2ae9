// The remote-control figures of `mafalda-bench remote`: request round trips
// and requests per second through the remote client (ROPE over WebSocket on
// loopback, to a RemoteMediasoupServer over the local engine), next to the
// same requests on the local engine, from one run.

import Foundation
import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupClient
import RemoteMediasoupServer

/// Round trips one at a time (p50/p99), then throughput with `inFlight`
/// requests outstanding, for `worker.dump()` and `router.dump()`, local then remote.
func runRemoteBenchmark(_ arguments: [String]) async throws {
    let load = RequestLoad(arguments, roundTrips: 2000, requests: 5000)

    // The server: in this process, on a loopback TCP port, with a token.
    let served = LocalMediasoup()
    let service = RemoteMediasoupServer(mediasoup: served)
    let token = UUID().uuidString
    // No request rate limit: this bench measures the throughput itself.
    let server = try await RopeWebSocketServer.start(
        service: service, configuration: .init(token: token, maxRequestsPerSecond: 1 << 30))
    let connection = RopeWebSocketConnection(url: "ws://127.0.0.1:\(server.port)/", options: .init(token: token))
    let client = RemoteMediasoupClient(connection: connection)
    let connected = client.clientEvents.stream()
    try client.open()
    for await case .connected in connected { break }
    guard let remote = client.mediasoup else { throw MediasoupError("remote client did not connect") }

    print("remote: client → ROPE/WebSocket on loopback → RemoteMediasoupServer (same process) → worker process")
    for (name, mediasoup) in [("local", LocalMediasoup() as any MediasoupAPI), ("remote", remote)] {
        let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [
            RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        ]))
        let requests: [(String, @Sendable () async throws -> Void)] = [
            ("worker.dump()", { @Sendable in _ = try await worker.dump() }),
            ("router.dump()", { @Sendable in _ = try await router.dump() }),
        ]
        for (request, call) in requests {
            try await measureRequests("\(name) \(request)", load: load, call)
        }
        worker.close()
    }
    try client.destroy()
    await server.close()
    service.close()
}
