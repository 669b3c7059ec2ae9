#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation
import MafaldaDemo
import Mediasoup
import MediasoupLocal
import Testing

/// The demo server without a browser: its static files, and its signalling
/// (JSON POSTs) on the local engine, through real HTTP on loopback. The
/// browser side is the acceptance suite's `browser` case.
@Suite(.timeLimit(.minutes(1)))
struct DemoServerTests {
    /// A server on a free port of 127.0.0.1, stopped (with its worker) after `body`.
    private func withServer(
        pollTimeout: Duration = .seconds(10), _ body: (DemoServer) async throws -> Void
    ) async throws {
        let server = try await DemoServer.start(
            mediasoup: LocalMediasoup(), configuration: DemoConfiguration(port: 0, pollTimeout: pollTimeout))
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// The status and body of a request to `path`.
    private func request(_ server: DemoServer, _ path: String, method: String = "GET", body: String? = nil)
        async throws -> (status: Int, contentType: String, body: Data)
    {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(server.port)\(path)")))
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "content-type") ?? "", data)
    }

    /// POSTs `body` to `api/method`; the status and the answer's JSON.
    private func call(_ server: DemoServer, _ method: String, _ body: JSONValue = [:]) async throws
        -> (status: Int, answer: JSONValue)
    {
        let (status, _, data) = try await request(server, "/api/\(method)", method: "POST", body: try body.jsonString())
        return (status, try JSONValue(json: Array(data)))
    }

    @Test func servesThePageAndNothingElse() async throws {
        try await withServer { server in
            #expect(server.url == "http://127.0.0.1:\(server.port)/")
            let page = try await request(server, "/?publish=0")
            #expect(page.status == 200)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(String(decoding: page.body, as: UTF8.self).contains("app.js"))
            for script in ["/app.js", "/mafalda-client.js"] {
                let file = try await request(server, script)
                #expect(file.status == 200 && file.contentType == "text/javascript; charset=utf-8", "\(script)")
            }
            for missing in ["/nope.js", "/../Package.swift", "/%2e%2e/Package.swift", "/web/app.js"] {
                #expect(try await request(server, missing).status == 404, "\(missing)")
            }
            #expect(try await request(server, "/app.js", method: "DELETE").status == 405)
        }
    }

    @Test func refusesBadRequestsWithAReason() async throws {
        try await withServer { server in
            let joined = try await call(server, "join")
            #expect(joined.status == 200)
            let peerId = try #require(joined.answer["peerId"]?.stringValue)
            #expect(joined.answer["routerRtpCapabilities"]?["codecs"]?.arrayValue?.count == 3)  // Opus, VP8, RTX

            let unknown = try await call(server, "fly")
            #expect(unknown.status == 404 && unknown.answer["error"] == "no method fly")
            let sideways = try await call(server, "createTransport", ["peerId": .string(peerId), "direction": "up"])
            #expect(sideways.status == 400)
            #expect(sideways.answer["error"]?.stringValue?.contains("direction") == true)
            let stranger = try await call(server, "createTransport", ["peerId": "p999", "direction": "send"])
            #expect(stranger.answer["error"]?.stringValue?.contains("no peer p999") == true)
            let garbage = try await request(server, "/api/join", method: "POST", body: "{\"peerId\":")
            #expect(garbage.status == 400)
            let parameters = try await call(
                server, "produce",
                ["peerId": .string(peerId), "transportId": "t", "kind": "video", "rtpParameters": "no"])
            #expect(parameters.status == 400)
            let tooLarge = try await request(
                server, "/api/join", method: "POST", body: String(repeating: " ", count: (1 << 20) + 1))
            #expect(tooLarge.status == 413)
            for _ in 1..<DemoRoom.maxPeers { #expect(try await call(server, "join").status == 200) }
            let full = try await call(server, "join")
            #expect(full.status == 400)
            #expect(full.answer["error"]?.stringValue == "the room is full (\(DemoRoom.maxPeers) peers)")
        }
    }

    /// A peer's long poll answers when another peer produces, and again when that peer leaves.
    @Test func longPollFollowsTheRoomsProducers() async throws {
        try await withServer { server in
            let publisher = try #require(try await call(server, "join").answer["peerId"])
            let viewer = try #require(try await call(server, "join").answer["peerId"])
            let first = try await call(server, "producers", ["peerId": viewer, "version": -1])
            #expect(first.answer["producers"] == [])
            let version = try #require(first.answer["version"])

            async let woken = call(server, "producers", ["peerId": viewer, "version": version])
            let transport = try await call(server, "createTransport", ["peerId": publisher, "direction": "send"])
            let transportId = try #require(transport.answer["id"])
            #expect(transport.answer["iceParameters"]?["iceLite"] == true)
            let rtpParameters = try RtpParameters(
                mid: "0", codecs: [RtpCodecParameters(mimeType: "video/VP8", payloadType: 96, clockRate: 90000)],
                encodings: [RtpEncodingParameters(ssrc: 1111)], rtcp: RtcpParameters(cname: "demo")
            ).jsonValue()
            let produced = try await call(
                server, "produce",
                ["peerId": publisher, "transportId": transportId, "kind": "video", "rtpParameters": rtpParameters])
            let producerId = try #require(produced.answer["id"])
            let listed = try await woken
            #expect(listed.answer["producers"] == [["id": producerId, "peerId": publisher, "kind": "video"]])
            #expect(listed.answer["version"] != version)

            // The viewer consumes it (paused, then resumed) on its receiving transport.
            let capabilities = try server.room.router.rtpCapabilities.jsonValue()
            let early = try await call(
                server, "consume", ["peerId": viewer, "producerId": producerId, "rtpCapabilities": capabilities])
            #expect(early.answer["error"]?.stringValue?.contains("no receiving transport") == true)
            _ = try await call(server, "createTransport", ["peerId": viewer, "direction": "recv"])
            let consumer = try await call(
                server, "consume", ["peerId": viewer, "producerId": producerId, "rtpCapabilities": capabilities])
            #expect(consumer.answer["kind"] == "video" && consumer.answer["producerId"] == producerId)
            #expect(consumer.answer["rtpParameters"]?["mid"] == "0")
            let consumerId = try #require(consumer.answer["id"])
            let resumed = try await call(server, "resumeConsumer", ["peerId": viewer, "consumerId": consumerId])
            #expect(resumed.status == 200)

            let listedVersion = try #require(listed.answer["version"])
            async let emptied = call(server, "producers", ["peerId": viewer, "version": listedVersion])
            #expect(try await call(server, "leave", ["peerId": publisher]).status == 200)
            #expect(try await emptied.answer["producers"] == [])
            #expect(await server.room.peerIds == [try #require(viewer.stringValue)])
        }
    }

    @Test func longPollAnswersUnchangedAfterItsTimeout() async throws {
        try await withServer(pollTimeout: .milliseconds(300)) { server in
            let viewer = try #require(try await call(server, "join").answer["peerId"])
            let version = try #require(try await call(server, "producers", ["peerId": viewer]).answer["version"])
            let clock = ContinuousClock()
            let started = clock.now
            let unchanged = try await call(server, "producers", ["peerId": viewer, "version": version])
            #expect(clock.now - started >= .milliseconds(300))
            #expect(unchanged.answer["version"] == version && unchanged.answer["producers"] == [])
        }
    }
}
