import Foundation
import MafaldaDemo
import Mediasoup

/// A real browser joins: headless Chromium (Debian's) loads the demo page
/// (MafaldaDemo, served on the target's mediasoup), publishes its fake camera
/// as VP8 with three simulcast encodings and its fake microphone as Opus; a
/// second page decodes them. Not a mediasoup test file. Pending where
/// Chromium is not installed.
enum BrowserCases {
    static let suite = "browser"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(
            suite, "Chromium publishes VP8 simulcast and Opus from the demo page; a second page decodes them",
            timeLimit: .seconds(60)
        ) { context in
            try await publisherAndConsumer(context)
        }
    ]

    private static func publisherAndConsumer(_ context: AcceptanceContext) async throws {
        guard FileManager.default.isExecutableFile(atPath: HeadlessChromium.executable) else {
            try context.pendingOnThisTarget("no Chromium at \(HeadlessChromium.executable) (scripts/setup installs it)")
        }
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: DemoRoom.mediaCodecs))
        let server = try await DemoServer.start(router: router, configuration: DemoConfiguration(port: 0))
        context.addTeardown { await server.stop() }
        let directory = try ToolProcess.scratchDirectory("chromium", context: context)
        let browser = try await HeadlessChromium.launch(directory: directory, context: context)

        // The publisher: camera (1280x720 asked of the fake device) and microphone.
        let publisher = try await browser.open(server.url)
        try await awaitReady(publisher, browser)
        let producers = await server.room.producers
        try expectEqual(producers.map(\.kind.rawValue).sorted(), ["audio", "video"], "the publisher's producers")
        let video = try expectNotNil(producers.first { $0.kind == .video }, "the video producer")
        try expectEqual(video.type, .simulcast, "the video producer's type (the capture is 1280x720)")
        try expectEqual(video.rtpParameters.encodings?.count, 3, "the video producer's encodings")

        // The consumer: receives only; time to its first decoded frame.
        let consumerOpened = ContinuousClock.now
        let consumer = try await browser.open("\(server.url)?publish=0")
        try await awaitReady(consumer, browser)
        var inbound: [String: JSONValue] = [:]
        var firstFrame: Duration?
        while firstFrame == nil, ContinuousClock.now - consumerOpened < .seconds(20) {
            inbound = try await inboundByKind(consumer)
            if (inbound["video"]?["framesDecoded"]?.intValue ?? 0) > 0 {
                firstFrame = ContinuousClock.now - consumerOpened
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let firstFrame else {
            throw MediasoupError(
                "the consumer page decoded no video frame within 20 s: \(inbound); \(try await sfuSide(video)); "
                    + browser.logTail())
        }

        // Steady state: frames keep coming, audio plays, little is lost; every encoding the
        // browser encodes reaches the SFU's producer.
        let before = try await inboundByKind(consumer)
        let measuredFrom = ContinuousClock.now
        var sentVideo: [JSONValue] = []
        var encodedRids: [String] = []
        var receivedRids: [String] = []
        repeat {
            try await Task.sleep(for: .milliseconds(500))
            sentVideo = try await publisher.evaluate("window.mafaldaDemo.outboundStats()").arrayValue?
                .filter { $0["kind"] == "video" } ?? []
            encodedRids = sentVideo.filter { ($0["framesEncoded"]?.intValue ?? 0) > 0 }
                .compactMap { $0["rid"]?.stringValue }.sorted()
            receivedRids = try await video.getStats().filter { $0.packetCount > 0 }.compactMap(\.rid).sorted()
        } while ContinuousClock.now - measuredFrom < .seconds(3)
            || (encodedRids.count < 3 || !Set(encodedRids).isSubset(of: receivedRids))
            && ContinuousClock.now - measuredFrom < .seconds(12)
        let after = try await inboundByKind(consumer)
        let seconds = Double((ContinuousClock.now - measuredFrom).components.seconds)

        let framesBefore = before["video"]?["framesDecoded"]?.intValue ?? 0
        let framesAfter = after["video"]?["framesDecoded"]?.intValue ?? 0
        let sfu = try await sfuSide(video)
        try expect(
            framesAfter - framesBefore >= Int(seconds * 5),
            "video frames decoded rise: \(framesBefore) then \(framesAfter) over \(seconds) s; \(sfu)")
        let audio = after["audio"] ?? [:]
        try expect(
            (audio["packetsReceived"]?.intValue ?? 0) >= 50 && (audio["totalSamplesReceived"]?.intValue ?? 0) > 0,
            "audio received: \(audio)")
        for (kind, stats) in after {
            let received = stats["packetsReceived"]?.intValue ?? 0
            let lost = stats["packetsLost"]?.intValue ?? 0
            try expect(lost <= max(5, received / 50), "\(kind): \(lost) packets lost of \(received)")
        }
        try expect(!encodedRids.isEmpty, "the publisher page encodes video")
        try expect(
            Set(encodedRids).isSubset(of: receivedRids),
            "every encoding Chromium encodes (\(encodedRids)) reaches the producer (it received \(receivedRids))")
        // The receiving page negotiated transport-cc: its feedback moved the SFU's estimate of
        // what it can send it from where it starts.
        var estimates: [Int] = []
        for transport in server.room.router.transportsForTesting {
            if let estimate = try await transport.getStats().first?.availableOutgoingBitrate {
                estimates.append(estimate)
            }
        }
        try expect(
            estimates.contains { $0 != 600_000 },
            "Chromium's transport-cc feedback moved no availableOutgoingBitrate from 600,000: \(estimates)")
        // Chromium drops layers only when its CPU cannot keep up (a busy machine), and says so.
        let cpuLimited = sentVideo.contains { $0["qualityLimitationReason"] == "cpu" }
        try expect(
            encodedRids.count == 3 || cpuLimited,
            "Chromium encodes the three simulcast encodings of a 1280x720 capture: \(sentVideo)")

        if let path = ProcessInfo.processInfo.environment["MAFALDA_BROWSER_REPORT"] {
            let report: JSONValue = [
                "firstFrameMilliseconds": .number(Double(firstFrame.components.seconds * 1000)
                    + Double(firstFrame.components.attoseconds) / 1e15),
                "encodedRids": .array(encodedRids.map { .string($0) }),
                "producerRidsReceiving": .array(receivedRids.map { .string($0) }),
                "consumer": .object(after),
                "publisher": try await publisher.evaluate("window.mafaldaDemo.outboundStats()"),
                "producerStats": try await video.getStats().jsonValue(),
                "transportStats": try await transportStats(server),
            ]
            try report.jsonData().write(to: URL(fileURLWithPath: path))
        }
    }

    /// Waits until the page's `window.mafaldaDemo.ready` has resolved (15 s at most).
    private static func awaitReady(_ page: DevToolsPage, _ browser: HeadlessChromium) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            // The module runs after the document loads; until then there is nothing to await.
            if try await page.evaluate("typeof window.mafaldaDemo?.ready") == "object" {
                _ = try await page.evaluate("window.mafaldaDemo.ready.then(() => true)", timeout: .seconds(15))
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MediasoupError("the demo page did not start within 15 s: \(browser.logTail())")
    }

    /// The consumer page's inbound stats, by kind (one consumer of each).
    private static func inboundByKind(_ page: DevToolsPage) async throws -> [String: JSONValue] {
        let entries = try await page.evaluate("window.mafaldaDemo.inboundStats()").arrayValue ?? []
        let pairs = entries.compactMap { entry in entry["kind"]?.stringValue.map { ($0, entry) } }
        return Dictionary(pairs) { first, _ in first }
    }

    /// What the SFU saw of the video producer, for failure messages.
    private static func sfuSide(_ producer: any Producer) async throws -> String {
        let streams = try await producer.getStats().map {
            "\($0.rid ?? "-") ssrc \($0.ssrc): \($0.packetCount) packets, \($0.pliCount) PLI"
        }
        return "SFU producer streams: \(streams.joined(separator: "; "))"
    }

    /// The WebRtcTransports' stats (what the SFU received and sent), for the report.
    private static func transportStats(_ server: DemoServer) async throws -> JSONValue {
        var all: [JSONValue] = []
        for transport in server.room.router.transportsForTesting {
            all.append(contentsOf: try await transport.getStats().map { try $0.jsonValue() })
        }
        return .array(all)
    }
}
