import AcceptanceSuite
import AcceptanceTargets
import Foundation
import Mediasoup
import ROPE
import RemoteMediasoupClient
import Testing

/// Certify mode against a deliberately faulty server: a ROPE proxy in front
/// of a `remote-mediasoup-server` process that renames one event, drops one
/// field of one dump and answers one error with the wrong kind. The same
/// proxy without faults certifies; with them, exactly the cases that see a
/// fault fail, and each failure names it.
extension ConformanceKitTests { @Suite struct FaultyServerTests {
    /// The faults: Consumer `producerpause` renamed, `transportIds` dropped
    /// from Router.dump, Transport.consume's UnsupportedError answered as an Error.
    static let faults = RopeProxyService.Rewriting(
        notification: { method, params in
            guard method == "event", params["event"] == "producerpause", var fields = params.objectValue else {
                return (method, params)
            }
            fields["event"] = "producerpaused"
            return (method, .object(fields))
        },
        result: { method, _, result in
            guard method == "Router.dump", var fields = result.objectValue else { return result }
            fields["transportIds"] = nil
            return .object(fields)
        },
        error: { method, _, error in
            guard method == "Transport.consume", error is UnsupportedError else { return error }
            return MediasoupError("\(error)")
        })

    /// The cases the faults touch and, beside them in the same suites, cases they do not.
    static let sample = AcceptanceCatalog.all.filter { expectedFailures[$0.id] != nil || controls.contains($0.id) }

    /// Cases of the same suites that no fault touches: they pass through the faulty server.
    static let controls: Set<String> = [
        "test-Router › worker.createRouter() with wrong arguments rejects with TypeError",
        "test-Router › router.close() succeeds",
        "test-Consumer › consumer.dump() succeeds",
        "test-Consumer › consumer.pause() and resume() succeed",
        "test-Consumer › Consumer emits \"producerclose\" if Producer is closed",
    ]

    /// The cases that see a fault, with what each failure must name.
    static let expectedFailures: [String: String] = [
        "test-Consumer › Consumer emits \"producerpause\" and \"producerresume\"": "producerpause",
        "test-Consumer › transport.consume() with incompatible rtpCapabilities rejects with UnsupportedError":
            "UnsupportedError",
        "test-Router › worker.createRouter() succeeds": "transportIds",
        "test-Consumer › transport.consume() succeeds": "transportIds",
        "test-Consumer › consumer.close() succeeds": "transportIds",
        "test-Consumer › Consumer emits \"transportclose\" if Transport is closed": "transportIds",
    ]

    static func certify(_ rewriting: RopeProxyService.Rewriting, upstream server: RemoteServerProcess) async throws
        -> ConformanceReport
    {
        let (proxy, url, token) = try await proxy(rewriting, upstream: server)
        let target = TargetRegistry.certify(url: url, token: token)
        var results: [CaseResult] = []
        for testCase in sample {
            // A generous limit per case: these runs share the machine with the other suites, and they are about faults.
            let outcome = await AcceptanceRunner.run(testCase, on: target, timeLimit: .seconds(20))
            results.append(CaseResult(testCase: testCase, outcome: outcome, seconds: 0))
        }
        await proxy.close()
        return ConformanceReport(target: url, results: results)
    }

    /// A proxy server in front of `server`, with `rewriting`: the server, its URL and its token.
    static func proxy(_ rewriting: RopeProxyService.Rewriting, upstream server: RemoteServerProcess) async throws -> (
        RopeWebSocketServer, String, String
    ) {
        let token = UUID().uuidString
        let proxy = try await RopeWebSocketServer.start(
            service: RopeProxyService(rewriting: rewriting) {
                RopeWebSocketConnection(url: server.url, options: RopeClientOptions(token: server.token, reconnect: false))
            },
            configuration: RopeServerConfiguration(host: "127.0.0.1", port: 0, token: token))
        return (proxy, "ws://127.0.0.1:\(proxy.port)/", token)
    }

    @Test func aClientRefusesAServerOfAnotherProtocolVersionWithAClearError() async throws {
        let server = try await RemoteServerProcess.start()
        for (version, expected) in [(JSONValue.number(2), "the server speaks remote protocol version 2"), (nil, "no protocolVersion")] {
            let rewriting = RopeProxyService.Rewriting(notification: { method, params in
                guard method == "snapshot", var fields = params.objectValue else { return (method, params) }
                fields["protocolVersion"] = version
                return (method, .object(fields))
            })
            let (proxy, url, token) = try await Self.proxy(rewriting, upstream: server)
            do {
                _ = try await RemoteMediasoupClient.connected(to: url, token: token)
                Issue.record("a client connected to a server of protocol version \(String(describing: version))")
            } catch {
                #expect(error is UnsupportedError && "\(error)".contains(expected), "\(error)")
            }
            await proxy.close()
        }
        await server.stop()
    }

    @Test func exactlyTheCasesThatSeeAFaultFailAndNameIt() async throws {
        let server = try await RemoteServerProcess.start()
        let clean = try await Self.certify(RopeProxyService.Rewriting(), upstream: server)
        let faulty = try await Self.certify(Self.faults, upstream: server)
        await server.stop()

        #expect(clean.certified, "the proxy without faults certifies: \(clean.summary)")
        for result in clean.results {
            if case .failed(let message) = result.outcome { Issue.record("clean: \(result.testCase.id): \(message)") }
        }
        var failed: [String: String] = [:]
        for result in faulty.results {
            if case .failed(let message) = result.outcome { failed[result.testCase.id] = message }
        }
        #expect(Self.sample.count == Self.expectedFailures.count + Self.controls.count, "every named case exists")
        #expect(Set(failed.keys) == Set(Self.expectedFailures.keys))
        for (id, fault) in Self.expectedFailures {
            #expect(failed[id]?.contains(fault) == true, "\(id) names '\(fault)': \(failed[id] ?? "passed")")
        }
        #expect(faulty.counts.passed + faulty.counts.failed == clean.counts.passed)
    }
} }
