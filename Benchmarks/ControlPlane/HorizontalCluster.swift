// The horizontal figures of `mafalda-bench horizontal`, from one run: two
// server processes registered in an etcd this bench starts, then
//  - request round trips (p50/p99) and requests per second through a remote
//    client straight to one server, through an in-process MediasoupHorizontal
//    over such clients, and through a `mafalda cluster` process (one more hop);
//  - the time from a server's start (its `listening` line: it registers right
//    after) to the cluster's first worker on it;
//  - RTP through a pipe between two workers of one server (the server pipes)
//    and between workers of the two servers (the cluster pipes): one-way
//    latency p50/p99 and packets delivered per CPU-second of the two workers
//    (PipeMedia.swift). Both servers are on this host: the cross-server pipe
//    crosses processes and loopback, not a network;
//  - the time from a server's SIGKILL to the cluster's `died` of its worker
//    (its lease of 2 s running out).

import AcceptanceTargets
import ClusterMembership
import Foundation
import Mediasoup
import MediasoupHorizontal
import RemoteMediasoupClient
import Synchronization

func runHorizontalBenchmark(_ arguments: [String]) async throws {
    let load = RequestLoad(arguments, roundTrips: 1000, requests: 3000)
    let etcd = try EtcdProcess()
    try await etcd.start()
    let token = UUID().uuidString
    let prefix = "/mafalda-bench/"
    var processes: [RemoteServerProcess] = []
    // No request rate limit: the bench measures the throughput itself.
    let unlimited = ["--max-requests-per-second", "1000000000", "--max-requests-in-flight", "100000"]
    func serverArguments(_ name: String) -> [String] {
        ["--etcd", etcd.endpoint.absoluteString, "--etcd-prefix", prefix, "--name", name, "--registration-ttl", "2"]
            + unlimited
    }
    do {
        processes.append(try await RemoteServerProcess.start(token: token, extraArguments: serverArguments("a")))
        let cluster = try MediasoupHorizontal()
        let follower = ClusterFollower(
            etcd: EtcdClient(endpoint: etcd.endpoint), prefix: prefix, cluster: cluster,
            connect: { record in try await RemoteMediasoupClient.connected(to: record.url, token: token) })
        follower.start()
        defer {
            try? cluster.destroy()
            follower.close()
        }
        while cluster.serverNames.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        let mediasoup = try cluster.mediasoup.orThrow("the cluster has no mediasoup object")
        _ = try await mediasoup.createWorker()  // on a: b, when it comes, has the fewest

        // Registration to first use.
        let started = now()
        processes.append(try await RemoteServerProcess.start(token: token, extraArguments: serverArguments("b")))
        let listening = now()
        var onB: (any Worker)?
        while onB == nil {
            if cluster.serverNames.count == 2 { onB = try await mediasoup.createWorker() } else {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        let firstUse = now()
        print("horizontal: two remote-mediasoup-server processes in etcd (lease 2 s), one cluster following them")
        print("  direct: a remote client to a server; in-process: MediasoupHorizontal over such clients;")
        print("  via mafalda cluster: a remote client to a `mafalda cluster` process, which holds them")
        row("server start to listening", format(Double(listening - started) / 1e6, "ms"))
        row("listening to first worker on it", format(Double(firstUse - listening) / 1e6, "ms"))

        // Round trips: straight, through the cluster in process, through a `mafalda cluster` process.
        let direct = try await RemoteMediasoupClient.connected(to: processes[0].url, token: token)
        defer { try? direct.destroy() }
        let clusterProcess = try await RemoteServerProcess.start(
            command: [RemoteServerProcess.mafaldaPath, "cluster"], environment: ["MAFALDA_UPSTREAM_TOKEN": token],
            extraArguments: ["--follow-etcd", etcd.endpoint.absoluteString, "--follow-prefix", prefix] + unlimited)
        processes.append(clusterProcess)
        let viaProcess = try await RemoteMediasoupClient.connected(to: clusterProcess.url, token: clusterProcess.token)
        defer { try? viaProcess.destroy() }
        let paths: [(String, any MediasoupAPI)] = [
            ("direct", try direct.mediasoup.orThrow("no direct mediasoup")),
            ("in-process", mediasoup),
            ("via mafalda cluster", try viaProcess.mediasoup.orThrow("no cluster mediasoup")),
        ]
        for (name, api) in paths {
            var worker: (any Worker)?
            for _ in 0..<200 where worker == nil {  // the cluster process finds the servers shortly after it starts
                worker = try? await api.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
                if worker == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            let created = try worker.orThrow("\(name): no worker")
            let router = try await created.createRouter()
            try await measureRequests("\(name) router.dump()", load: load) { _ = try await router.dump() }
            created.close()
        }

        // Media through a pipe: within server a, then from a to b through the cluster.
        let mediaCodecs = RouterOptions(mediaCodecs: [PipeMedia.codec])
        let quiet = WorkerSettings(logLevel: WorkerLogLevel.none)
        let onA = try await [paths[0].1.createWorker(quiet), paths[0].1.createWorker(quiet)]
        var crossing: [Int: any Worker] = [:]
        for _ in 0..<8 where crossing.count < 2 {
            let worker = try await mediasoup.createWorker(quiet)
            if crossing[worker.pid >> 22] == nil { crossing[worker.pid >> 22] = worker } else { worker.close() }
        }
        let crossed = crossing.keys.sorted().compactMap { crossing[$0] }
        guard crossed.count == 2 else { throw MediasoupError("the cluster placed no worker on one of the servers") }
        let realPid = { (worker: any Worker) in worker.pid & (1 << 22 - 1) }
        let pipes: [(String, [any Worker])] = [("same-server pipe", onA), ("cross-server pipe", crossed)]
        var figures: [PipeMediaFigures] = []
        for (name, workers) in pipes {
            let measured = try await PipeMedia.measure(
                from: try await workers[0].createRouter(mediaCodecs), to: try await workers[1].createRouter(mediaCodecs),
                workerPids: workers.map(realPid))
            figures.append(measured)
            row(
                "\(name) latency p50/p99",
                "\(format(measured.latencyP50Milliseconds, "ms")) / \(format(measured.latencyP99Milliseconds, "ms"))")
            row(
                "\(name) delivered per CPU-s",
                "\(Int(measured.packetsPerCPUSecond)) (\(measured.delivered) of \(measured.sent) delivered)")
        }
        if figures[0].packetsPerCPUSecond > 0, figures[0].latencyP50Milliseconds > 0 {
            row(
                "cross-server / same-server",
                String(
                    format: "%.2fx latency p50, %.2fx delivered per CPU-s",
                    figures[1].latencyP50Milliseconds / figures[0].latencyP50Milliseconds,
                    figures[1].packetsPerCPUSecond / figures[0].packetsPerCPUSecond))
        }
        for worker in onA + crossed { worker.close() }

        // A server's death to the cluster noticing it.
        let died = Mutex<UInt64?>(nil)
        let onServerB = try onB.orThrow("no worker on b")
        onServerB.events.on { if case .died = $0 { died.withLock { $0 = $0 ?? now() } } }
        let killed = now()
        await processes[1].stop(kill: true)
        while died.withLock({ $0 }) == nil, now() - killed < 15_000_000_000 { try await Task.sleep(for: .milliseconds(5)) }
        if let noticed = died.withLock({ $0 }) {
            row("SIGKILL to the cluster's died", format(Double(noticed - killed) / 1e6, "ms"))
        } else {
            row("SIGKILL to the cluster's died", "not within 15 s")
        }
    } catch {
        for process in processes { await process.stop() }
        await etcd.remove()
        throw error
    }
    for process in processes { await process.stop() }
    await etcd.remove()
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw MediasoupError(message) }
        return self
    }
}
