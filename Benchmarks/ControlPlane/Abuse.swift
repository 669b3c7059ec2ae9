// The abuse suite: a remote-mediasoup-server process on loopback under the
// attacks a control server meets, each bounded in count and time, with a
// table of what was measured and whether the server held.
//
//   swift run -c release mafalda-bench abuse [--short]
//
// Rows: a pre-authentication connection flood; a client that stops reading
// while a DirectTransport consumer sends it 1,000 packets/s; oversized frames
// and messages; a request flood from one client beside another's round
// trips; quota exhaustion; wrong and missing tokens; kill -9 of a worker
// under load. Exits non-zero when a row does not hold.

#if canImport(Glibc)
import Glibc
#endif
import AcceptanceTargets
import Foundation
import JWTKit
import Mediasoup
import ROPE
import RemoteMediasoupClient
import Synchronization

struct AbuseRow {
    let scenario: String
    let measured: String
    let holds: Bool
}

struct AbuseOptions {
    var short = false

    init(_ arguments: [String]) {
        short = arguments.contains("--short")
    }

    /// The server's request rate per client: its default (1,000/s) in a
    /// release build; in a debug build, where each request costs about ten
    /// times the CPU, a rate that takes the same share of it (200/s left the
    /// other client at 1.9x on a busy 2-core machine).
    var requestsPerSecond: Int {
        #if DEBUG
        100
        #else
        1000
        #endif
    }

    var floodConnections: Int { short ? 400 : 2000 }
    /// The longest the slow-reader row sends; it stops once the client is dropped.
    var slowReaderSeconds: Int { short ? 12 : 20 }
    /// Round trips measured before and under the flood: the p99 of 300 is its 3rd worst, not one
    /// outlier of a noisy shared machine (the short run costs about a second more).
    var roundTripSamples: Int { 300 }
}

func runAbuseSuite(_ arguments: [String]) async throws {
    let options = AbuseOptions(arguments)
    let secretFile = FileManager.default.temporaryDirectory.appendingPathComponent("abuse-jwt-\(UUID())").path
    try Data(jwtSecret.utf8).write(to: URL(fileURLWithPath: secretFile))
    defer { try? FileManager.default.removeItem(atPath: secretFile) }
    // Listening on :: (both families): the floods come from 127.0.0.1, the
    // clients that must still get in from ::1.
    let server = try await RemoteServerProcess.start(host: "::", extraArguments: [
        "--jwt-secret-file", secretFile,
        "--insecure-plain-text-token", "--max-workers", "8",
        "--max-connections", "1024", "--max-connections-per-address", "128",
        "--handshake-timeout", "2", "--max-queued-bytes", String(1 << 20), "--max-requests-in-flight", "32",
    ])
    print("abuse suite against remote-mediasoup-server [pid:\(server.pid)] on port \(server.port)\(options.short ? " (short)" : "")")
    var rows: [AbuseRow] = []
    let scenarios: [(String, () async throws -> AbuseRow)] = [
        ("pre-auth flood", { try await preAuthFlood(server, options) }),
        ("slow reader", { try await slowReader(server, options) }),
        ("oversized", { try await oversized(server) }),
        ("request flood", { try await requestFlood(options) }),
        ("tokens", { try await tokens(server) }),
        ("kill -9", { try await killWorkerUnderLoad(server) }),
        ("quotas", { try await quotas() }),
    ]
    for (name, scenario) in scenarios {
        do {
            rows.append(try await scenario())
        } catch {
            rows.append(AbuseRow(scenario: name, measured: "the scenario failed: \(error)", holds: false))
        }
    }
    let alive = kill(server.pid, 0) == 0
    rows.append(AbuseRow(scenario: "server after all rows", measured: alive ? "alive" : "DEAD", holds: alive))
    await server.stop()

    print("")
    print("| scenario | measured | holds |")
    print("|---|---|---|")
    for row in rows { print("| \(row.scenario) | \(row.measured) | \(row.holds ? "yes" : "NO") |") }
    let failed = rows.filter { !$0.holds }.count
    print("abuse: \(rows.count - failed) passed, \(failed) failed")
    if failed > 0 { exit(1) }
}

// MARK: The rows

/// Opens many TCP connections that never speak; the server keeps at most its
/// per-address limit of them, closes those at the handshake deadline, and a
/// client from another address still gets in.
private func preAuthFlood(_ server: RemoteServerProcess, _ options: AbuseOptions) async throws -> AbuseRow {
    let before = descriptorCounts(pid: server.pid).sockets
    var flood: [RawROPEClient] = []
    for _ in 0..<options.floodConnections {
        flood.append(try RawROPEClient(host: "127.0.0.1", port: server.port))
    }
    try await Task.sleep(for: .milliseconds(500))
    let held = descriptorCounts(pid: server.pid).sockets - before

    let started = ContinuousClock.now
    let (client, mediasoup) = try await connect("ws://[::1]:\(server.port)/", token: server.token)
    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    let served = ContinuousClock.now - started
    worker.close()
    client.close()

    try await Task.sleep(for: .seconds(3))  // past the 2 s handshake deadline
    let closedByServer = flood.count { $0.isClosedByServer }
    let heldAfter = descriptorCounts(pid: server.pid).sockets - before
    flood.removeAll()
    return AbuseRow(
        scenario: "pre-auth flood: \(options.floodConnections) silent connections from 127.0.0.1",
        measured: "server held \(held) sockets (limit 128 per address); a client from ::1 connected and created a "
            + "worker in \(milliseconds(served)) ms; 3 s later \(closedByServer) of \(options.floodConnections) closed "
            + "by the server, \(heldAfter) sockets left",
        holds: held <= 128 + 4 && heldAfter <= 4 && closedByServer == options.floodConnections)
}

/// A client subscribes to a consumer that receives 1,000 packets/s and stops
/// reading: it is dropped when its queue passes the bound, and the server's
/// memory stays bounded.
private func slowReader(_ server: RemoteServerProcess, _ options: AbuseOptions) async throws -> AbuseRow {
    let (client, mediasoup) = try await connect(server.url, token: server.token)
    defer { client.close() }
    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    defer { worker.close() }
    let router = try await worker.createRouter(RouterOptions(mediaCodecs: [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
    ]))
    let transport = try await router.createDirectTransport()
    let producer = try await transport.produce(ProducerOptions(kind: .audio, rtpParameters: RtpParameters(
        codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2)],
        encodings: [RtpEncodingParameters(ssrc: 1111)])))
    let consumer = try await transport.consume(
        ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
    let delivered = Counter()
    consumer.events.on { if case .rtp = $0 { delivered.add() } }

    let slow = try RawROPEClient(host: "127.0.0.1", port: server.port, receiveBuffer: 4096)
    guard try await slow.upgrade(token: server.token) == 101 else { throw MediasoupError("the slow client was refused") }
    try slow.sendText(#"{"jsonrpc":"2.0","id":1,"method":"Consumer.subscribe","params":{"target":"\#(consumer.id)"}}"#)

    let rssBefore = residentBytes(pid: Int(server.pid))
    var peakRss = rssBefore
    let started = ContinuousClock.now
    var sent = 0
    var droppedAfter: Duration?
    for second in 0..<options.slowReaderSeconds {
        for tick in 0..<100 {
            for index in 0..<10 {
                let sequence = UInt16(truncatingIfNeeded: (second * 1000) + tick * 10 + index)
                try producer.send(rtpPacket(sequence: sequence, ssrc: 1111, payloadBytes: 1000))
                sent += 1
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        peakRss = max(peakRss, residentBytes(pid: Int(server.pid)))
        if droppedAfter == nil, slow.isClosedByServer { droppedAfter = ContinuousClock.now - started }
        if droppedAfter != nil { break }
    }
    if droppedAfter == nil, slow.closedByServer(within: 2000) { droppedAfter = ContinuousClock.now - started }
    // What the creator is owed may still be on its way (a debug build on a busy machine decodes
    // 1,000 events/s slowly): count once its flow stops, within 5 s. Starvation would show as a
    // count that stops short, not as a backlog.
    var lastCount = -1
    let drainDeadline = ContinuousClock.now + .seconds(5)
    while delivered.value != lastCount, delivered.value < sent, ContinuousClock.now < drainDeadline {
        lastCount = delivered.value
        try await Task.sleep(for: .milliseconds(500))
    }
    let growth = peakRss - rssBefore
    return AbuseRow(
        scenario: "slow reader: subscribed to a consumer at 1,000 packets/s, never reads",
        measured: "\(sent) packets sent; the slow client was "
            + (droppedAfter.map { "dropped after \(milliseconds($0)) ms" } ?? "NOT dropped")
            + "; server RSS growth \(growth >> 20) MiB at peak; the creator received \(delivered.value) rtp events",
        holds: droppedAfter != nil && growth < 64 << 20 && delivered.value > sent / 2)
}

/// A frame over the server's limit, and a data message too large for a
/// worker's channel: each refused alone; the worker and another room live on.
private func oversized(_ server: RemoteServerProcess) async throws -> AbuseRow {
    // A frame of 16 MiB + 1 byte: the connection is closed (1009), nothing else.
    let raw = try RawROPEClient(host: "127.0.0.1", port: server.port)
    guard try await raw.upgrade(token: server.token) == 101 else { throw MediasoupError("upgrade refused") }
    try? raw.sendText(String(repeating: "x", count: (16 << 20) + 1))
    let frameRefused = raw.closedByServer(within: 5000)

    let (client, mediasoup) = try await connect(server.url, token: server.token)
    defer { client.close() }
    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    defer { worker.close() }
    let died = Counter()
    worker.events.on { if case .died = $0 { died.add() } }
    let (bigProducer, _) = try await dataRoom(on: worker, maxMessageSize: 64 << 20)
    let (smallProducer, smallReceived) = try await dataRoom(on: worker, maxMessageSize: nil)

    // Over the transport's limit: TypeError at once.
    var typeError = false
    do { try smallProducer.send(.binary([UInt8](repeating: 1, count: 300_000))) } catch is TypeError { typeError = true }
    // Under the transport's limit, over the channel's frame once in Base64.
    try bigProducer.send(.string(String(repeating: "a", count: 12_600_000)))
    for index in 0..<20 { try smallProducer.send(.string("message \(index)")) }
    let deadline = ContinuousClock.now + .seconds(5)
    while smallReceived.value < 20, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    let workerAlive = (try? await worker.dump()) != nil && died.value == 0
    return AbuseRow(
        scenario: "oversized: a 16 MiB + 1 frame; a 300 kB data message; a 12.6 M-character message",
        measured: "frame: connection \(frameRefused ? "closed" : "NOT closed"); 300 kB: "
            + "\(typeError ? "TypeError" : "NOT refused"); 12.6 M: worker \(workerAlive ? "alive" : "DEAD"), "
            + "the other room received \(smallReceived.value)/20 messages",
        holds: frameRefused && typeError && workerAlive && smallReceived.value == 20)
}

/// One client floods requests; another's round trips are compared with idle.
private func requestFlood(_ options: AbuseOptions) async throws -> AbuseRow {
    // A server of its own, paced at the rate this build affords (see AbuseOptions).
    let server = try await RemoteServerProcess.start(extraArguments: [
        "--max-requests-in-flight", "32", "--max-requests-per-second", String(options.requestsPerSecond),
    ])
    do {
        let row = try await requestFlood(server, options)
        await server.stop()
        return row
    } catch {
        await server.stop()
        throw error
    }
}

private func requestFlood(_ server: RemoteServerProcess, _ options: AbuseOptions) async throws -> AbuseRow {
    let (quiet, quietMediasoup) = try await connect(server.url, token: server.token)
    defer { quiet.close() }
    let quietWorker = try await quietMediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    defer { quietWorker.close() }
    let quietRouter = try await quietWorker.createRouter()

    func roundTrips() async throws -> Double {
        var samples: [Double] = []
        for _ in 0..<options.roundTripSamples {
            let start = now()
            _ = try await quietRouter.dump()
            samples.append(Double(now() - start) / 1000)
        }
        return percentile(samples.sorted(), 99)
    }
    let idle = try await roundTrips()

    // The flooder is a process of its own, so that its client-side work does
    // not compete with the measured client in this one.
    let flooder = Process()
    flooder.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    flooder.arguments = ["abuse-flood", server.url, server.token, "32"]
    let output = Pipe()
    flooder.standardOutput = output
    flooder.standardInput = Pipe()
    try flooder.run()
    guard let ready = readLine(from: output.fileHandleForReading), ready == "flooding" else {
        throw MediasoupError("the flooder did not start")
    }
    try await Task.sleep(for: .milliseconds(300))
    let loaded = try await roundTrips()
    kill(flooder.processIdentifier, SIGTERM)
    flooder.waitUntilExit()
    let counts = (readLine(from: output.fileHandleForReading) ?? "0 0").split(separator: " ").compactMap { Int($0) }
    let answered = counts.first ?? 0
    let refused = counts.dropFirst().first ?? 0
    let ratio = loaded / idle
    return AbuseRow(
        scenario: "request flood: one client keeps 32 requests in flight (the server's cap; paced at "
            + "\(options.requestsPerSecond)/s), another measures",
        measured: String(
            format: "another client's p99 round trip %.0f µs idle, %.0f µs under the flood (%.2fx); "
                + "the flooder got %d answers, %d refusals", idle, loaded, ratio, answered, refused),
        holds: ratio <= 2)
}

private let jwtSecret = "the abuse suite's HS256 secret, 32 bytes or more"

/// A JWT signed with the server's secret.
private func signedToken(scope: String, routers: [String]? = nil, expiresIn seconds: TimeInterval = 600) async throws
    -> String
{
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var scope: String
        var routers: [String]?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }
    let keys = JWTKeyCollection()
    await keys.add(hmac: HMACKey(from: jwtSecret), digestAlgorithm: .sha256)
    return try await keys.sign(Claims(
        sub: "abuse", exp: ExpirationClaim(value: Date().addingTimeInterval(seconds)), scope: scope, routers: routers))
}

/// Wrong, missing and expired tokens are refused before the upgrade; a read
/// token changes nothing; a token for one router cannot reach another.
private func tokens(_ server: RemoteServerProcess) async throws -> AbuseRow {
    let wrong = try await RawROPEClient(host: "127.0.0.1", port: server.port).upgrade(token: "not-the-token")
    let missing = try await RawROPEClient(host: "127.0.0.1", port: server.port).upgrade(token: nil)
    let expiredToken = try await signedToken(scope: "control", expiresIn: -60)
    let expired = try await RawROPEClient(host: "127.0.0.1", port: server.port).upgrade(token: expiredToken)

    let (owner, ownerMediasoup) = try await connect(server.url, token: server.token)
    defer { owner.close() }
    let worker = try await ownerMediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    defer { worker.close() }
    let roomA = try await worker.createRouter()
    let roomB = try await worker.createRouter()

    let (reader, readerMediasoup) = try await connect(server.url, token: try await signedToken(scope: "read"))
    defer { reader.close() }
    var readRefusal = ""
    do { _ = try await readerMediasoup.createWorker() } catch { readRefusal = "\(error)" }

    let (scoped, _) = try await connect(server.url, token: try await signedToken(scope: "control", routers: [roomA.id]))
    defer { scoped.close() }
    let raw = try RawROPEClient(host: "127.0.0.1", port: server.port)
    let scopedToken = try await signedToken(scope: "control", routers: [roomA.id])
    guard try await raw.upgrade(token: scopedToken) == 101 else { throw MediasoupError("the scoped token was refused") }
    try raw.sendText(#"{"jsonrpc":"2.0","id":1,"method":"Router.close","params":{"target":"\#(roomB.id)"}}"#)
    _ = try await roomB.dump()  // still there: the scoped close did nothing
    let roomBAlive = !roomB.closed
    return AbuseRow(
        scenario: "tokens: wrong, missing, expired JWT, read-only JWT, JWT for another router",
        measured: "wrong: HTTP \(wrong); missing: HTTP \(missing); expired: HTTP \(expired); read-only createWorker: "
            + "\"\(readRefusal)\"; a token for router A closing router B: B \(roomBAlive ? "still open" : "CLOSED")",
        holds: wrong == 401 && missing == 401 && expired == 401 && readRefusal.contains("forbidden") && roomBAlive)
}

/// kill -9 of a worker while two rooms exchange messages: `died` is
/// reported, the other room goes on, no descriptor of the server leaks.
private func killWorkerUnderLoad(_ server: RemoteServerProcess) async throws -> AbuseRow {
    let (client, mediasoup) = try await connect(server.url, token: server.token)
    defer { client.close() }
    try await Task.sleep(for: .milliseconds(200))
    let descriptorsBefore = descriptorCounts(pid: server.pid).all
    let victim = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    let survivor = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    let died = Counter()
    victim.events.on { if case .died = $0 { died.add() } }
    let (victimProducer, _) = try await dataRoom(on: victim, maxMessageSize: nil)
    let (survivorProducer, survivorReceived) = try await dataRoom(on: survivor, maxMessageSize: nil)

    let pump = Task {
        var index = 0
        while !Task.isCancelled {
            try? victimProducer.send(.string("v\(index)"))
            try? survivorProducer.send(.string("s\(index)"))
            index += 1
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
    try await Task.sleep(for: .milliseconds(500))
    let beforeKill = survivorReceived.value
    kill(pid_t(victim.pid), SIGKILL)
    let deadline = ContinuousClock.now + .seconds(5)
    while died.value == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    let atDeath = survivorReceived.value
    try await Task.sleep(for: .milliseconds(500))
    let afterKill = survivorReceived.value
    pump.cancel()
    survivor.close()
    try await Task.sleep(for: .milliseconds(500))
    let descriptorsAfter = descriptorCounts(pid: server.pid).all
    return AbuseRow(
        scenario: "kill -9 of a worker while two rooms exchange messages",
        measured: "died reported: \(died.value == 1 ? "yes" : "NO"); the other room received \(beforeKill) "
            + "messages before, \(afterKill - atDeath) in the 500 ms after; server descriptors \(descriptorsBefore) "
            + "before, \(descriptorsAfter) after",
        holds: died.value == 1 && afterKill > atDeath && descriptorsAfter <= descriptorsBefore)
}

/// A server of its own with small quotas: one object more is refused each time.
private func quotas() async throws -> AbuseRow {
    let server = try await RemoteServerProcess.start(extraArguments: ["--max-workers", "2", "--max-routers", "3"])
    let (client, mediasoup) = try await connect(server.url, token: server.token)
    var workers: [any Worker] = []
    var workerRefusal = ""
    for _ in 0..<3 {
        do {
            workers.append(try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none)))
        } catch {
            workerRefusal = "\(error)"
        }
    }
    var routers = 0
    var routerRefusal = ""
    for _ in 0..<5 {
        do {
            _ = try await workers.first?.createRouter()
            routers += 1
        } catch {
            routerRefusal = "\(error)"
        }
    }
    for worker in workers { worker.close() }
    client.close()
    await server.stop()
    return AbuseRow(
        scenario: "quotas: --max-workers 2 --max-routers 3",
        measured: "\(workers.count) workers, then \"\(workerRefusal)\"; \(routers) routers, then \"\(routerRefusal)\"",
        holds: workers.count == 2 && routers == 3 && workerRefusal.contains("quota") && routerRefusal.contains("quota"))
}

/// `mafalda-bench abuse-flood URL TOKEN IN_FLIGHT`: the flooding client of the
/// request-flood row, in a process of its own. Prints `flooding` once its
/// requests start, then, at SIGTERM, `ANSWERED REFUSED`.
func runAbuseFlooder(_ arguments: [String]) async throws {
    guard arguments.count >= 3, let inFlight = Int(arguments[2]) else {
        throw MediasoupError("usage: mafalda-bench abuse-flood URL TOKEN IN_FLIGHT")
    }
    let (_, mediasoup) = try await connect(arguments[0], token: arguments[1])
    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    let router = try await worker.createRouter()
    let answered = Counter()
    let refused = Counter()
    signal(SIGTERM, SIG_IGN)
    let termination = DispatchSource.makeSignalSource(signal: SIGTERM)
    termination.setEventHandler {
        FileHandle.standardOutput.write(Data("\(answered.value) \(refused.value)\n".utf8))
        exit(0)
    }
    termination.resume()
    FileHandle.standardOutput.write(Data("flooding\n".utf8))
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<inFlight {
            group.addTask {
                while true {
                    do {
                        _ = try await router.dump()
                        answered.add()
                    } catch {
                        refused.add()
                    }
                }
            }
        }
    }
}

// MARK: Helpers

/// One line of a pipe's output, blocking.
private func readLine(from handle: FileHandle) -> String? {
    var line: [UInt8] = []
    while true {
        let byte = handle.readData(ofLength: 1)
        guard let first = byte.first else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
        if first == 10 { return String(decoding: line, as: UTF8.self) }
        line.append(first)
    }
}

/// A remote client connected to `url`.
private func connect(_ url: String, token: String) async throws -> (RemoteMediasoupClient, any MediasoupAPI) {
    let client = RemoteMediasoupClient(connection: RopeWebSocketConnection(url: url, options: .init(token: token)))
    let connected = client.clientEvents.stream()
    try client.open()
    if client.mediasoup == nil {
        for await case .connected in connected { break }
    }
    guard let mediasoup = client.mediasoup else { throw MediasoupError("no connection to \(url)") }
    return (client, mediasoup)
}

/// A router with a DirectTransport, a data producer and a consumer of it; the count of messages it receives.
private func dataRoom(on worker: any Worker, maxMessageSize: Int?) async throws -> (any DataProducer, Counter) {
    let router = try await worker.createRouter()
    let transport = try await router.createDirectTransport(DirectTransportOptions(maxMessageSize: maxMessageSize))
    let producer = try await transport.produceData()
    let consumer = try await transport.consumeData(DataConsumerOptions(dataProducerId: producer.id))
    let received = Counter()
    consumer.events.on { if case .message = $0 { received.add() } }
    return (producer, received)
}

/// An RTP packet of `payloadBytes` bytes for payload type 100.
private func rtpPacket(sequence: UInt16, ssrc: UInt32, payloadBytes: Int) -> [UInt8] {
    var packet: [UInt8] = [0x80, 100, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
    let timestamp = UInt32(sequence) &* 960
    packet += (0..<4).reversed().map { UInt8(truncatingIfNeeded: timestamp >> ($0 * 8)) }
    packet += (0..<4).reversed().map { UInt8(truncatingIfNeeded: ssrc >> ($0 * 8)) }
    return packet + [UInt8](repeating: 0xAB, count: payloadBytes)
}

private func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
}

/// A count shared with event handlers.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
