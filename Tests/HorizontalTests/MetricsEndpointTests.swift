import AcceptanceTargets
import Foundation
import Mediasoup
import RemoteMediasoupClient
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `mafalda server --metrics-port`: its /metrics page read by Prometheus's
/// own parser (Python's prometheus_client, from scripts/setup) after a client
/// made a room and sent media, its /health, and what it answers otherwise.
@Suite(.timeLimit(.minutes(2))) struct MetricsEndpointTests {
    @Test func metricsCountWhatClientsMadeAndTheMediaThatFlowed() async throws {
        let server = try await RemoteServerProcess.start(
            command: [RemoteServerProcess.mafaldaPath, "server"], extraArguments: ["--metrics-port", "0"])
        do {
            try await checkMetrics(of: server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func checkMetrics(of server: RemoteServerProcess) async throws {
        let metricsURL = try #require(server.metricsURL.flatMap(URL.init(string:)), "a `metrics on` line")
        let client = try await RemoteMediasoupClient.connected(to: server.url, token: server.token)
        defer { try? client.destroy() }
        let worker = try await #require(client.mediasoup).createWorker()
        let codecs = [RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)]
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: codecs))
        let sending = try await router.createDirectTransport()
        let producer = try await sending.produce(ProducerOptions(kind: .audio, rtpParameters: MafaldaCommandTests.opus))
        let receiving = try await router.createDirectTransport()
        let consumer = try await receiving.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        // A request that fails: a second producer with the first one's id.
        await #expect(throws: (any Error).self) {
            _ = try await sending.produce(
                ProducerOptions(id: producer.id, kind: .audio, rtpParameters: MafaldaCommandTests.opus))
        }
        for sequence in UInt16(1)...10 {
            try producer.send(
                [0x80, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0, UInt8(sequence), 0, 0, 0x04, 0x57]
                    + [UInt8](repeating: 0xAB, count: 40))
        }
        var samples: [String: [Sample]] = [:]
        for _ in 0..<50 {
            samples = try await Self.parse(try await Self.get(metricsURL).body)
            if Self.value(samples, "mafalda_consumer_sent_packets") == 10 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(Self.value(samples, "mafalda_sessions") == 1)
        #expect(Self.value(samples, "mafalda_workers") == 1)
        #expect(Self.value(samples, "mafalda_routers") == 1)
        #expect(Self.value(samples, "mafalda_transports") == 2)
        #expect(Self.value(samples, "mafalda_producers") == 1)
        #expect(Self.value(samples, "mafalda_consumers") == 1)
        #expect(Self.value(samples, "mafalda_data_producers") == 0)
        #expect(Self.value(samples, "mafalda_producer_received_packets") == 10)
        #expect(Self.value(samples, "mafalda_consumer_sent_packets") == 10, "consumer \(consumer.id)")
        #expect((Self.value(samples, "mafalda_transport_received_bytes") ?? 0) >= 10 * 52)
        #expect(Self.value(samples, "mafalda_requests_total", ["method": "Mediasoup.createWorker"]) == 1)
        #expect(Self.value(samples, "mafalda_requests_total", ["method": "Transport.produce"]) == 2)
        #expect(Self.value(samples, "mafalda_request_errors_total", ["method": "Transport.produce"]) == 1)
        #expect(Self.value(samples, "mafalda_worker_cpu_seconds_total", ["pid": String(worker.pid)]) != nil)
        #expect((Self.value(samples, "mafalda_worker_resident_bytes", ["pid": String(worker.pid)]) ?? 0) > 0)
        #expect((Self.value(samples, "mafalda_process_resident_bytes") ?? 0) > 0)

        let health = try await Self.get(metricsURL.deletingLastPathComponent().appendingPathComponent("health"))
        #expect(health.status == 200)
        #expect(health.body.contains(#""status":"ok""#) && health.body.contains(#""workers":1"#), "\(health.body)")
        let elsewhere = try await Self.get(metricsURL.deletingLastPathComponent().appendingPathComponent("nothing"))
        #expect(elsewhere.status == 404)
    }

    /// One sample of the page, as the parser read it.
    struct Sample: Decodable {
        let labels: [String: String]
        let value: Double
    }

    /// The value of the sample named `name` whose labels include `labels`.
    static func value(_ samples: [String: [Sample]], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples[name]?.first { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    static func get(_ url: URL) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The page read by prometheus_client's parser: the samples by name. Fails the test when the parser refuses it.
    static func parse(_ page: String) async throws -> [String: [Sample]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
        try page.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            samples = {}
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for sample in family.samples:
                    samples.setdefault(sample.name, []).append({"labels": sample.labels, "value": sample.value})
            print(json.dumps(samples))
            """
        let result = try await runChildProcess(python, ["-c", script, file.path], capturingStandardError: true)
        try #require(result.status == 0, "prometheus_client refused the page: \(result.output)\n\(page)")
        return try JSONDecoder().decode([String: [Sample]].self, from: Data(result.output.utf8))
    }

    /// The Python with prometheus_client: MAFALDA_PEER_PYTHON, else the package's .venv-peers (scripts/setup).
    static var python: String {
        ProcessInfo.processInfo.environment["MAFALDA_PEER_PYTHON"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".venv-peers/bin/python").path
    }
}
