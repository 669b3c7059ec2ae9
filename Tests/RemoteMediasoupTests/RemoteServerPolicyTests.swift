import Foundation
import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupServer
import Testing

@testable import RemoteMediasoupClient

/// What a server allows a client: quotas per class, certificate files only
/// from its certificate directory, no internal details in errors; and where
/// the server may listen with or without a token.
@Suite(.timeLimit(.minutes(1))) struct RemoteServerPolicyTests {
    /// A client of an in-process server with `options`.
    private func client(_ options: RemoteMediasoupServerOptions) throws -> (RemoteMediasoupServer, any MediasoupAPI) {
        let server = RemoteMediasoupServer(mediasoup: LocalMediasoup(), options: options)
        let client = RemoteMediasoupClient(connection: RopeInMemoryConnection(service: server, requestTimeout: requestPatience))
        try client.open()
        return (server, try #require(client.mediasoup))
    }

    @Test func aQuotaRefusesOneObjectMoreAndFreesItsPlaceWhenOneCloses() async throws {
        let (server, mediasoup) = try client(.init(quotas: .init(workers: 1, routers: 2)))
        defer { server.close() }
        let worker = try await mediasoup.createWorker()
        defer { worker.close() }
        let error = await #expect(throws: MediasoupError.self) { _ = try await mediasoup.createWorker() }
        #expect(error?.message.contains("at most 1 Worker") == true)

        let first = try await worker.createRouter()
        _ = try await worker.createRouter()
        await #expect(throws: MediasoupError.self) { _ = try await worker.createRouter() }
        first.close()
        _ = try await worker.dump()  // the close reached the server
        _ = try await worker.createRouter()
    }

    @Test func concurrentCreationsCannotOvershootAQuota() async throws {
        let (server, mediasoup) = try client(.init(quotas: .init(workers: 1, routers: 3)))
        defer { server.close() }
        let worker = try await mediasoup.createWorker()
        defer { worker.close() }
        let made = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 { group.addTask { (try? await worker.createRouter()) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(made == 3)
    }

    @Test func certificateFilesAreRefusedOutsideTheCertificateDirectoryAlikeWhetherTheyExistOrNot() async throws {
        let (closedServer, closed) = try client(.init())
        defer { closedServer.close() }
        let existing = await #expect(throws: TypeError.self) {
            _ = try await closed.createWorker(WorkerSettings(dtlsCertificateFile: "/etc/passwd"))
        }
        let missing = await #expect(throws: TypeError.self) {
            _ = try await closed.createWorker(WorkerSettings(dtlsCertificateFile: "/no/such/file.pem"))
        }
        #expect(existing?.message == missing?.message)
        #expect(existing?.message.contains("/etc/passwd") == false)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certs-\(UUID())").path
        let (server, mediasoup) = try client(.init(certificateDirectory: directory))
        defer { server.close() }
        for path in ["/etc/passwd", "\(directory)/../../etc/passwd", "relative.pem"] {
            await #expect(throws: TypeError.self) {
                _ = try await mediasoup.createWorker(WorkerSettings(dtlsPrivateKeyFile: path))
            }
        }
    }

    @Test func errorsOutsideTheContractReachClientsWithoutTheirDetails() {
        let hidden = RopeErrorObject(procedureError: CocoaError(.fileReadNoPermission, userInfo: [:]))
        #expect(hidden.message == "internal error")
        #expect(hidden.kind == .error)
        let contract = RopeErrorObject(procedureError: TypeError("missing field"))
        #expect(contract.message == "missing field")
        #expect(contract.kind == .typeError)
    }

    @Test func aServerOffLoopbackNeedsATokenAndTLSForIt() {
        func check(_ host: String, token: String?, tls: Bool, allowPlain: Bool = false) -> RopeExposureError? {
            let files = tls ? RopeServerConfiguration.TLSFiles(certificateChainPath: "c", privateKeyPath: "k") : nil
            do {
                try RopeServerConfiguration(host: host, token: token, tls: files)
                    .checkExposure(allowPlainTextToken: allowPlain)
                return nil
            } catch {
                return error
            }
        }
        #expect(check("127.0.0.1", token: nil, tls: false) == nil)
        #expect(check("::1", token: nil, tls: false) == nil)
        #expect(check("0.0.0.0", token: nil, tls: true) == .noTokenOffLoopback(host: "0.0.0.0"))
        #expect(check("0.0.0.0", token: "t", tls: false) == .plainTextTokenOffLoopback(host: "0.0.0.0"))
        #expect(check("0.0.0.0", token: "t", tls: false, allowPlain: true) == nil)
        #expect(check("::", token: "t", tls: true) == nil)
    }
}
