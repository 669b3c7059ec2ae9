import Foundation
import JWTKit
import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupServer
import Testing

@testable import RemoteMediasoupClient

/// Tokens with scopes: JWTs signed with the server's secret say whether a
/// client controls or only reads, and which routers it sees; secrets go only
/// to clients with control; expired and badly signed tokens are refused.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ScopedTokenTests {
    static let secret = "a-test-secret-of-the-server-32-bytes-at-least"

    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var scope: String?
        var routers: [String]?
        var quotas: [String: Int]?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    static func token(
        scope: String?, routers: [String]? = nil, quotas: [String: Int]? = nil, expiresIn seconds: TimeInterval = 600
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(Claims(
            sub: "test", exp: ExpirationClaim(value: Date().addingTimeInterval(seconds)), scope: scope, routers: routers,
            quotas: quotas))
    }

    /// A server process-less setup: the engine served over WebSocket with the static token and the JWT secret.
    private func withServer(
        _ body: (_ port: Int, _ operator: any MediasoupAPI) async throws -> Void
    ) async throws {
        let service = RemoteMediasoupServer(mediasoup: LocalMediasoup())
        let server = try await RopeWebSocketServer.start(
            // A long handshake deadline: these tests are about scopes, and on a CI machine saturated by the
            // parallel acceptance suites the token check (a Task on the cooperative pool) once took over
            // the default 10 s, so the server rightly dropped the connection ("ROPE connection is not open").
            service: service,
            configuration: .init(token: "operator-token", jwtSecret: Self.secret, handshakeTimeout: .seconds(60)))
        let (operatorClient, mediasoup) = try await connect(port: server.port, token: "operator-token")
        do {
            try await body(server.port, mediasoup)
        } catch {
            operatorClient.close()
            service.close()
            await server.close()
            throw error
        }
        operatorClient.close()
        service.close()
        await server.close()
    }

    private func connect(port: Int, token: String) async throws -> (RemoteMediasoupClient, any MediasoupAPI) {
        let client = RemoteMediasoupClient(
            // A long request timeout, as the server's handshake deadline above: the snapshot request on connect
            // once took over the default 10 s on a machine saturated by the parallel suites.
            connection: RopeWebSocketConnection(
                url: "ws://127.0.0.1:\(port)/",
                options: .init(token: token, requestTimeout: .seconds(60), reconnect: false)))
        let connected = client.clientEvents.stream()
        try client.open()
        if client.mediasoup == nil {
            // Until it connects, or the connection fails (no reconnection here).
            for await event in connected {
                if case .connected = event { break }
                if case .websocketClose = event { break }
            }
        }
        return (client, try #require(client.mediasoup))
    }

    @Test func aReadTokenSeesWithoutSecretsAndChangesNothing() async throws {
        try await withServer { port, operatorMediasoup in
            let worker = try await operatorMediasoup.createWorker()
            defer { worker.close() }
            let router = try await worker.createRouter()
            let transport = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), enableSrtp: true))
            let key = try #require(transport.srtpParameters?.keyBase64)
            #expect(!key.isEmpty)

            let (reader, mediasoup) = try await connect(port: port, token: try await Self.token(scope: "read"))
            defer { reader.close() }
            let seen = try #require((mediasoup as? RemoteMediasoup)?.workers.first?.routersForTesting.first as? RemoteRouter)
            let seenTransport = try #require(seen.transportsForTesting.first as? any PlainTransport)
            #expect(seenTransport.srtpParameters?.keyBase64 == "")
            let dump = try await seenTransport.dump()
            #expect(dump.srtpParameters?.keyBase64 == "")
            await #expect(throws: MediasoupError.self) { _ = try await seen.createDirectTransport() }
            await #expect(throws: MediasoupError.self) { _ = try await mediasoup.createWorker() }
        }
    }

    @Test func aRouterScopedTokenSeesAndTouchesOnlyItsRouters() async throws {
        try await withServer { port, operatorMediasoup in
            let worker = try await operatorMediasoup.createWorker()
            defer { worker.close() }
            let mine = try await worker.createRouter()
            let theirs = try await worker.createRouter()
            _ = try await theirs.createDirectTransport()

            let token = try await Self.token(scope: "control", routers: [mine.id])
            let (client, mediasoup) = try await connect(port: port, token: token)
            defer { client.close() }
            let seenWorker = try #require((mediasoup as? RemoteMediasoup)?.workers.first)
            #expect(seenWorker.routersForTesting.map(\.id) == [mine.id])
            let seenRouter = try #require(seenWorker.routersForTesting.first)
            let transport = try await seenRouter.createDirectTransport()
            #expect(!transport.id.isEmpty)
            // The other router is invisible: a procedure on it finds nothing.
            let connection = try #require((mediasoup as? RemoteMediasoup)?.session.connection)
            await #expect(throws: InvalidStateError.self) {
                _ = try await connection.call("Router.dump", ["target": .string(theirs.id)])
            }
            await #expect(throws: MediasoupError.self) { _ = try await seenWorker.createRouter() }
            // Nothing of the other router reaches it.
            _ = try await theirs.createDirectTransport()
            _ = try await seenRouter.dump()
            #expect(seenWorker.routersForTesting.map(\.id) == [mine.id])
        }
    }

    @Test func aTokensQuotasCountItsObjectsOverAllItsConnections() async throws {
        try await withServer { port, _ in
            let token = try await Self.token(scope: "control", quotas: ["workers": 1, "routers": 2])
            let (first, firstMediasoup) = try await connect(port: port, token: token)
            defer { first.close() }
            let (second, secondMediasoup) = try await connect(port: port, token: token)
            defer { second.close() }
            let worker = try await firstMediasoup.createWorker()
            defer { worker.close() }
            let error = await #expect(throws: MediasoupError.self) { _ = try await secondMediasoup.createWorker() }
            #expect(error?.message.contains("this token may have at most 1 Worker") == true)
            let router = try await worker.createRouter()
            _ = try await worker.createRouter()
            await #expect(throws: MediasoupError.self) { _ = try await worker.createRouter() }
            router.close()
            _ = try await worker.dump()
            _ = try await worker.createRouter()
        }
    }

    @Test func expiredAndForeignTokensAreRefused() async throws {
        try await withServer { port, _ in
            let expired = try await Self.token(scope: "control", expiresIn: -60)
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: "another-secret-that-is-also-32-bytes-long"), digestAlgorithm: .sha256)
            let foreign = try await keys.sign(Claims(
                sub: "x", exp: ExpirationClaim(value: Date().addingTimeInterval(600)), scope: "control", routers: nil,
                quotas: nil))
            for token in [expired, foreign, "not.a.jwt"] {
                let connection = RopeWebSocketConnection(
                    url: "ws://127.0.0.1:\(port)/", options: .init(token: token, reconnect: false))
                let refused = connection.events.stream()
                connection.open()
                var reason: RopeConnectionError.Reason?
                for await case .error(let error as RopeConnectionError) in refused {
                    reason = error.reason
                    break
                }
                #expect(reason == .unauthorized)
                connection.close()
            }
        }
    }
}
