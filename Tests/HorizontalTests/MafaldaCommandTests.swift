import AcceptanceTargets
import Foundation
import Mediasoup
import RemoteMediasoupClient
import Synchronization
import Testing

/// The `mafalda` command: every subcommand explains itself, and each one
/// serves what it says: two `mafalda server`s registered in etcd make one
/// `mafalda cluster` (a worker on each, a pipe between them, a server stopped
/// leaving the cluster), and the proxy and vertical forms serve a client.
@Suite(.serialized, .timeLimit(.minutes(3))) struct MafaldaCommandTests {
    static let subcommands = ["server", "proxy", "cluster", "vertical-server", "vertical-proxy", "vertical-cluster"]

    @Test func everySubcommandExplainsItsFlags() async throws {
        let root = try await Self.mafalda(["--help"])
        for subcommand in Self.subcommands { #expect(root.contains(subcommand), "mafalda --help lists \(subcommand)") }
        for subcommand in Self.subcommands {
            let help = try await Self.mafalda([subcommand, "--help"])
            #expect(help.contains("USAGE: mafalda \(subcommand)"))
            #expect(help.contains("--token-file") && help.contains("--etcd <etcd>"), "\(subcommand): serving and registration flags")
            if subcommand.hasSuffix("proxy") { #expect(help.contains("--upstream <upstream>")) }
            if subcommand.hasSuffix("cluster") { #expect(help.contains("--follow-etcd") && help.contains("--member")) }
            if subcommand.hasPrefix("vertical") { #expect(help.contains("--watermark-worker")) }
        }
    }

    @Test func twoServersInEtcdServedAsOneClusterThatForgetsAServerStopped() async throws {
        let etcd = try EtcdProcess()
        try await etcd.start()
        var processes: [RemoteServerProcess] = []
        do {
            let token = UUID().uuidString
            for name in ["a", "b"] {
                processes.append(try await RemoteServerProcess.start(
                    token: token, command: [RemoteServerProcess.mafaldaPath, "server"],
                    extraArguments: ["--etcd", etcd.endpoint.absoluteString, "--name", name, "--registration-ttl", "2"]))
            }
            let cluster = try await RemoteServerProcess.start(
                command: [RemoteServerProcess.mafaldaPath, "cluster"], environment: ["MAFALDA_UPSTREAM_TOKEN": token],
                extraArguments: ["--follow-etcd", etcd.endpoint.absoluteString])
            processes.append(cluster)
            let client = try await RemoteMediasoupClient.connected(to: cluster.url, token: cluster.token)
            defer { try? client.destroy() }
            let mediasoup = try #require(client.mediasoup)
            // The cluster finds the servers in etcd (soon after it starts): a worker on each.
            var byServer: [Int: any Worker] = [:]
            for _ in 0..<100 where byServer.count < 2 {
                guard let worker = try? await mediasoup.createWorker() else {
                    try await Task.sleep(for: .milliseconds(100))
                    continue
                }
                if byServer[worker.pid >> 22] == nil { byServer[worker.pid >> 22] = worker } else { worker.close() }
            }
            #expect(byServer.keys.sorted() == [1, 2], "one worker on each server")
            let workers = try byServer.keys.sorted().map { try #require(byServer[$0]) }
            let codecs = [RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)]
            let routers = try await [workers[0].createRouter(RouterOptions(mediaCodecs: codecs)), workers[1].createRouter(RouterOptions(mediaCodecs: codecs))]
            let transport = try await routers[0].createDirectTransport()
            let producer = try await transport.produce(ProducerOptions(kind: .audio, rtpParameters: Self.opus))
            let piped = try await routers[0].pipeToRouter(PipeToRouterOptions(producerId: producer.id, router: routers[1]))
            #expect(piped.pipeProducer?.id == producer.id, "a pipe between two servers, through the cluster")

            // The vertical form over the same servers: routers spanning workers of both.
            let verticalCluster = try await RemoteServerProcess.start(
                command: [RemoteServerProcess.mafaldaPath, "vertical-cluster"],
                environment: ["MAFALDA_UPSTREAM_TOKEN": token], extraArguments: ["--follow-etcd", etcd.endpoint.absoluteString])
            processes.append(verticalCluster)
            let verticalClient = try await RemoteMediasoupClient.connected(to: verticalCluster.url, token: verticalCluster.token)
            defer { try? verticalClient.destroy() }
            var virtualRouter: (any Router)?
            for _ in 0..<100 where virtualRouter == nil {
                virtualRouter = try? await #require(verticalClient.mediasoup).createWorker().createRouter(RouterOptions(mediaCodecs: codecs))
                if virtualRouter == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(virtualRouter != nil, "vertical-cluster serves a router once it found the servers")

            // Server b stops (SIGTERM): it deregisters, and the cluster's worker there dies.
            let died = Mutex(false)
            let onB = try #require(workers.first { $0.pid >> 22 == 2 })
            let seen = Mutex<[String]>([])
            onB.events.on { event in
                seen.withLock { $0.append("\(event)") }
                if case .died = event { died.withLock { $0 = true } }
            }
            onB.observer.on { event in seen.withLock { $0.append("observer \(event)") } }
            await processes[1].stop()
            for _ in 0..<100 where !died.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(100)) }
            #expect(
                died.withLock { $0 },
                "the worker on the stopped server died: closed \(onB.closed), died \(onB.died), saw \(seen.withLock { $0 })")
            let order = seen.withLock { $0.map { $0.hasPrefix("died") ? "died" : $0 } }
            #expect(Array(order.prefix(2)) == ["died", "observer close"], "died, then close (subprocessclose after)")
            #expect(!routers[0].closed)
        } catch {
            for process in processes { await process.stop() }
            await etcd.remove()
            throw error
        }
        for process in processes { await process.stop() }
        await etcd.remove()
    }

    /// The parent going away (standard input at its end, with --exit-on-stdin-eof) or SIGTERM stops a server
    /// cleanly: exit status 0, no error said. (The lifecycle's service group once took the stop at the end of
    /// standard input for a service that failed, and exited 1.)
    @Test func aServerStopsCleanlyAtTheEndOfItsInputOrOnSIGTERM() async throws {
        let ended = try await runChildProcess(
            RemoteServerProcess.mafaldaPath, ["server", "--insecure-no-token", "--exit-on-stdin-eof"])
        #expect(ended.status == 0, "end of input: \(ended.output)")
        #expect(ended.output.contains("listening on") && !ended.output.contains("Error"), "\(ended.output)")

        let log = FileManager.default.temporaryDirectory.appendingPathComponent("mafalda-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RemoteServerProcess.mafaldaPath)
        process.arguments = ["server", "--insecure-no-token"]
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        for _ in 0..<200 where !printed().contains("listening on") { try await Task.sleep(for: .milliseconds(50)) }
        process.terminate()
        for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning && process.terminationStatus == 0, "SIGTERM: \(printed())")
        #expect(printed().contains("stopped") && !printed().contains("Error"), "\(printed())")
        if process.isRunning { process.interrupt() }
    }

    @Test func theProxyAndVerticalFormsServeAClient() async throws {
        let upstream = try await RemoteServerProcess.start(command: [RemoteServerProcess.mafaldaPath, "server"])
        var processes = [upstream]
        do {
            for subcommand in ["proxy", "vertical-proxy", "vertical-server"] {
                let upstreamFlags = subcommand.hasSuffix("proxy") ? ["--upstream", upstream.url] : []
                let served = try await RemoteServerProcess.start(
                    command: [RemoteServerProcess.mafaldaPath, subcommand],
                    environment: ["MAFALDA_UPSTREAM_TOKEN": upstream.token], extraArguments: upstreamFlags)
                processes.append(served)
                let client = try await RemoteMediasoupClient.connected(to: served.url, token: served.token)
                let worker = try await #require(client.mediasoup).createWorker()
                let router = try await worker.createRouter()
                #expect(!router.id.isEmpty, "\(subcommand) serves a router")
                let virtual = subcommand.hasPrefix("vertical")
                #expect((worker.pid >= 1 << 22) == virtual, "\(subcommand): pid \(worker.pid)")
                try? client.destroy()
            }
        } catch {
            for process in processes { await process.stop() }
            throw error
        }
        for process in processes { await process.stop() }
    }

    static let opus = RtpParameters(
        mid: "0",
        codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
        encodings: [RtpEncodingParameters(ssrc: 1111)])

    /// What `mafalda ARGUMENTS` printed (standard output and error); fails the test on a non-zero exit.
    static func mafalda(_ arguments: [String]) async throws -> String {
        let result = try await runChildProcess(RemoteServerProcess.mafaldaPath, arguments)
        #expect(result.status == 0, "mafalda \(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }
}
