import Mediasoup

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Port of mediasoup's `test-WebRtcServer.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case gets a fresh worker
/// that is closed after it. `pickPort()` (the `pick-port` package with
/// `reserveTimeout: 0`) is ``pickPort(_:ip:)``: a port the system hands out
/// and that is free again when returned. Jest's `toMatchObject` on dumps
/// compares the fields the original names, arrays exactly. Where the original
/// passes a value the Swift types cannot hold (`listenInfos: 'NOT-AN-ARRAY'`),
/// the call is refused at compile time; the port checks instead that the
/// same options given as JSON are refused, as a client speaking JSON would see.
enum WebRtcServerCases {
    static let suite = "test-WebRtcServer"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "worker.createWebRtcServer() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()
            let onObserverNewWebRtcServer = CallRecorder<ObjectIdentifier>()

            worker.observer.once(where: isNewWebRtcServer) { event in
                if case .newWebRtcServer(let server) = event { onObserverNewWebRtcServer.record(ObjectIdentifier(server)) }
            }

            let port1 = try pickPort(.udp)
            let port2 = try pickPort(.tcp)

            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(
                    listenInfos: [
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1),
                        TransportListenInfo(
                            protocol: .tcp, ip: "127.0.0.1", announcedAddress: "foo.bar.org", port: port2),
                    ],
                    appData: ["foo": 123]))

            try expectEqual(onObserverNewWebRtcServer.count, 1, "observer newwebrtcserver calls")
            try expectEqual(
                onObserverNewWebRtcServer.values, [ObjectIdentifier(webRtcServer)], "observer newwebrtcserver argument")
            // `typeof webRtcServer.id === 'string'` holds by the Swift types.
            try expectEqual(webRtcServer.closed, false, "webRtcServer.closed")
            try expectEqual(webRtcServer.appData, ["foo": 123], "webRtcServer.appData")

            try await expectWorkerDump(worker, webRtcServerIds: [webRtcServer.id], routerIds: [],
                channelRequestHandlers: [webRtcServer.id])

            let dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id")
            try expectEqual(dump.udpSockets, [IpPort(ip: "127.0.0.1", port: port1)], "dump.udpSockets")
            try expectEqual(dump.tcpServers, [IpPort(ip: "127.0.0.1", port: port2)], "dump.tcpServers")
            try expectEqual(dump.webRtcTransportIds, [], "dump.webRtcTransportIds")
            try expectEqual(dump.localIceUsernameFragments, [], "dump.localIceUsernameFragments")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes")

            // Private API.
            try expectEqual(worker.webRtcServersForTesting.count, 1, "worker.webRtcServersForTesting.size")

            worker.close()

            try expectEqual(webRtcServer.closed, true, "webRtcServer.closed after worker.close()")

            // Private API.
            try expectEqual(
                worker.webRtcServersForTesting.count, 0, "worker.webRtcServersForTesting.size after worker.close()")
        },

        AcceptanceCase(suite, "worker.createWebRtcServer() with portRange succeeds", timeLimit: .seconds(2)) {
            context in
            let worker = try await context.createWorker()
            let onObserverNewWebRtcServer = CallRecorder<ObjectIdentifier>()

            worker.observer.once(where: isNewWebRtcServer) { event in
                if case .newWebRtcServer(let server) = event { onObserverNewWebRtcServer.record(ObjectIdentifier(server)) }
            }

            let port1 = try pickPort(.udp)
            let port2 = try pickPort(.udp)

            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(
                    listenInfos: [
                        TransportListenInfo(
                            protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: port1, max: port1)),
                        TransportListenInfo(
                            protocol: .tcp, ip: "127.0.0.1", announcedAddress: "1.2.3.4",
                            portRange: TransportPortRange(min: port2, max: port2)),
                    ],
                    appData: ["foo": 123]))

            try expectEqual(onObserverNewWebRtcServer.count, 1, "observer newwebrtcserver calls")
            try expectEqual(
                onObserverNewWebRtcServer.values, [ObjectIdentifier(webRtcServer)], "observer newwebrtcserver argument")
            try expectEqual(webRtcServer.closed, false, "webRtcServer.closed")
            try expectEqual(webRtcServer.appData, ["foo": 123], "webRtcServer.appData")

            try await expectWorkerDump(worker, webRtcServerIds: [webRtcServer.id], routerIds: [],
                channelRequestHandlers: [webRtcServer.id])

            let dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id")
            try expectEqual(dump.udpSockets, [IpPort(ip: "127.0.0.1", port: port1)], "dump.udpSockets")
            try expectEqual(dump.tcpServers, [IpPort(ip: "127.0.0.1", port: port2)], "dump.tcpServers")
            try expectEqual(dump.webRtcTransportIds, [], "dump.webRtcTransportIds")
            try expectEqual(dump.localIceUsernameFragments, [], "dump.localIceUsernameFragments")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes")

            // Private API.
            try expectEqual(worker.webRtcServersForTesting.count, 1, "worker.webRtcServersForTesting.size")

            worker.close()

            try expectEqual(webRtcServer.closed, true, "webRtcServer.closed after worker.close()")

            // Private API.
            try expectEqual(
                worker.webRtcServersForTesting.count, 0, "worker.webRtcServersForTesting.size after worker.close()")
        },

        AcceptanceCase(
            suite, "worker.createWebRtcServer() without specifying port/portRange succeeds", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()
            let onObserverNewWebRtcServer = CallRecorder<ObjectIdentifier>()

            worker.observer.once(where: isNewWebRtcServer) { event in
                if case .newWebRtcServer(let server) = event { onObserverNewWebRtcServer.record(ObjectIdentifier(server)) }
            }

            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(
                    listenInfos: [
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1"),
                        TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", announcedAddress: "1.2.3.4"),
                    ],
                    appData: ["foo": 123]))

            try expectEqual(onObserverNewWebRtcServer.count, 1, "observer newwebrtcserver calls")
            try expectEqual(
                onObserverNewWebRtcServer.values, [ObjectIdentifier(webRtcServer)], "observer newwebrtcserver argument")
            try expectEqual(webRtcServer.closed, false, "webRtcServer.closed")
            try expectEqual(webRtcServer.appData, ["foo": 123], "webRtcServer.appData")

            try await expectWorkerDump(worker, webRtcServerIds: [webRtcServer.id], routerIds: [],
                channelRequestHandlers: [webRtcServer.id])

            let dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id")
            // `port: expect.any(Number)`: any port, which the type guarantees is a number.
            try expectEqual(dump.udpSockets.map(\.ip), ["127.0.0.1"], "dump.udpSockets")
            try expectEqual(dump.tcpServers.map(\.ip), ["127.0.0.1"], "dump.tcpServers")
            try expectEqual(dump.webRtcTransportIds, [], "dump.webRtcTransportIds")
            try expectEqual(dump.localIceUsernameFragments, [], "dump.localIceUsernameFragments")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes")

            // Private API.
            try expectEqual(worker.webRtcServersForTesting.count, 1, "worker.webRtcServersForTesting.size")

            worker.close()

            try expectEqual(webRtcServer.closed, true, "webRtcServer.closed after worker.close()")

            // Private API.
            try expectEqual(
                worker.webRtcServersForTesting.count, 0, "worker.webRtcServersForTesting.size after worker.close()")
        },

        AcceptanceCase(
            suite, "worker.createWebRtcServer() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()

            // `{}` (no listenInfos) is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try WebRtcServerOptions(json: "{}") }

            // `listenInfos: 'NOT-AN-ARRAY'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try WebRtcServerOptions(json: #"{"listenInfos":"NOT-AN-ARRAY"}"#)
            }

            // `listenInfos: ['NOT-AN-OBJECT']` (any Error) is refused at compile time; as JSON:
            try await expectThrowsAnyError {
                _ = try WebRtcServerOptions(json: #"{"listenInfos":["NOT-AN-OBJECT"]}"#)
            }

            // Empty listenInfos so should fail.
            try await expectThrows(TypeError.self) {
                _ = try await worker.createWebRtcServer(WebRtcServerOptions(listenInfos: []))
            }
        },

        AcceptanceCase(
            suite, "worker.createWebRtcServer() with unavailable listenInfos rejects with Error", timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()
            let worker2 = try await context.createWorker()
            let port1 = try pickPort(.udp)
            let port2 = try pickPort(.udp)

            // Using an unavailable listen IP.
            try await expectThrows(MediasoupError.self) {
                _ = try await worker.createWebRtcServer(
                    WebRtcServerOptions(listenInfos: [
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1),
                        TransportListenInfo(protocol: .udp, ip: "1.2.3.4", port: port2),
                    ]))
            }

            // Using the same UDP port in two listenInfos.
            try await expectThrows(MediasoupError.self) {
                _ = try await worker.createWebRtcServer(
                    WebRtcServerOptions(listenInfos: [
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1),
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", announcedAddress: "1.2.3.4", port: port1),
                    ]))
            }

            _ = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1)]))

            // Using the same UDP port in a second Worker.
            try await expectThrows(MediasoupError.self) {
                _ = try await worker2.createWebRtcServer(
                    WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1)]))
            }

            worker2.close()
        },

        AcceptanceCase(
            suite, "worker.createWebRtcServer() rejects with InvalidStateError if Worker is closed",
            timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()

            worker.close()

            let port = try pickPort(.udp)

            try await expectThrows(InvalidStateError.self) {
                _ = try await worker.createWebRtcServer(
                    WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port)]))
            }
        },

        AcceptanceCase(suite, "webRtcServer.close() succeeds", timeLimit: .seconds(2)) { context in
            let worker = try await context.createWorker()
            let port = try pickPort(.udp)
            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port)]))
            let onObserverClose = CallRecorder<Void>()

            webRtcServer.observer.once(where: isClose) { _ in onObserverClose.record() }
            webRtcServer.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(webRtcServer.closed, true, "webRtcServer.closed")
        },

        AcceptanceCase(suite, "WebRtcServer emits \"workerclose\" if Worker is closed", timeLimit: .seconds(2)) {
            context in
            let worker = try await context.createWorker()
            let port = try pickPort(.udp)
            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", port: port)]))
            let onObserverClose = CallRecorder<Void>()

            webRtcServer.observer.once(where: isClose) { _ in onObserverClose.record() }

            let events = webRtcServer.events.stream()

            worker.close()
            var workerClosed = false
            for await event in events {
                if case .workerClose = event {
                    workerClosed = true
                    break
                }
            }
            try expect(workerClosed, "webRtcServer emitted workerclose")

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(webRtcServer.closed, true, "webRtcServer.closed")
        },

        AcceptanceCase(
            suite, "router.createWebRtcTransport() with webRtcServer succeeds and transport is closed",
            timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()
            let port1 = try pickPort(.udp)
            let port2 = try pickPort(.tcp)
            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [
                    TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1),
                    TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", port: port2),
                ]))

            let onObserverWebRtcTransportHandled = CallRecorder<ObjectIdentifier>()
            let onObserverWebRtcTransportUnhandled = CallRecorder<ObjectIdentifier>()

            webRtcServer.observer.once(where: isHandled) { event in
                if case .webRtcTransportHandled(let transport) = event {
                    onObserverWebRtcTransportHandled.record(ObjectIdentifier(transport))
                }
            }
            webRtcServer.observer.once(where: isUnhandled) { event in
                if case .webRtcTransportUnhandled(let transport) = event {
                    onObserverWebRtcTransportUnhandled.record(ObjectIdentifier(transport))
                }
            }

            let router = try await worker.createRouter()
            let onObserverNewTransport = CallRecorder<ObjectIdentifier>()

            router.observer.once(where: isNewTransport) { event in
                if case .newTransport(let transport) = event { onObserverNewTransport.record(ObjectIdentifier(transport)) }
            }

            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(
                    webRtcServer: webRtcServer,
                    // Let's disable UDP so resulting ICE candidates should only contain TCP.
                    enableUdp: false,
                    appData: ["foo": "bar"]))

            try expectEqual(try await router.dump().transportIds, [transport.id], "router dump transportIds")

            try expectEqual(onObserverWebRtcTransportHandled.count, 1, "observer webrtctransporthandled calls")
            try expectEqual(
                onObserverWebRtcTransportHandled.values, [ObjectIdentifier(transport)],
                "observer webrtctransporthandled argument")
            try expectEqual(onObserverNewTransport.count, 1, "observer newtransport calls")
            try expectEqual(onObserverNewTransport.values, [ObjectIdentifier(transport)], "observer newtransport argument")
            try expectEqual(transport.closed, false, "transport.closed")
            try expectEqual(transport.appData, ["foo": "bar"], "transport.appData")

            let iceCandidates = transport.iceCandidates

            try expectEqual(iceCandidates.count, 1, "iceCandidates.length")
            try expectEqual(iceCandidates[0].ip, "127.0.0.1", "iceCandidates[0].ip")
            try expectEqual(iceCandidates[0].port, port2, "iceCandidates[0].port")
            try expectEqual(iceCandidates[0].protocol, .tcp, "iceCandidates[0].protocol")
            try expectEqual(iceCandidates[0].type, .host, "iceCandidates[0].type")
            try expectEqual(iceCandidates[0].tcpType, .passive, "iceCandidates[0].tcpType")

            try expectEqual(transport.iceState, .new, "transport.iceState")
            try expectEqual(transport.iceSelectedTuple, nil, "transport.iceSelectedTuple")

            try expectEqual(webRtcServer.webRtcTransportsForTesting.count, 1, "webRtcServer.webRtcTransportsForTesting.size")
            try expectEqual(router.transportsForTesting.count, 1, "router.transportsForTesting.size")

            var dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id")
            try expectEqual(dump.udpSockets, [IpPort(ip: "127.0.0.1", port: port1)], "dump.udpSockets")
            try expectEqual(dump.tcpServers, [IpPort(ip: "127.0.0.1", port: port2)], "dump.tcpServers")
            try expectEqual(dump.webRtcTransportIds, [transport.id], "dump.webRtcTransportIds")
            // Only `webRtcTransportId` is named; the username fragment is random.
            try expectEqual(
                dump.localIceUsernameFragments.map(\.webRtcTransportId), [transport.id],
                "dump.localIceUsernameFragments")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes")

            transport.close()

            try expectEqual(transport.closed, true, "transport.closed after close()")
            try expectEqual(onObserverWebRtcTransportUnhandled.count, 1, "observer webrtctransportunhandled calls")
            try expectEqual(
                onObserverWebRtcTransportUnhandled.values, [ObjectIdentifier(transport)],
                "observer webrtctransportunhandled argument")
            try expectEqual(
                webRtcServer.webRtcTransportsForTesting.count, 0,
                "webRtcServer.webRtcTransportsForTesting.size after close()")
            try expectEqual(router.transportsForTesting.count, 0, "router.transportsForTesting.size after close()")

            dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id after close()")
            try expectEqual(dump.udpSockets, [IpPort(ip: "127.0.0.1", port: port1)], "dump.udpSockets after close()")
            try expectEqual(dump.tcpServers, [IpPort(ip: "127.0.0.1", port: port2)], "dump.tcpServers after close()")
            try expectEqual(dump.webRtcTransportIds, [], "dump.webRtcTransportIds after close()")
            try expectEqual(dump.localIceUsernameFragments, [], "dump.localIceUsernameFragments after close()")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes after close()")
        },

        AcceptanceCase(
            suite, "router.createWebRtcTransport() with webRtcServer succeeds and webRtcServer is closed",
            timeLimit: .seconds(2)
        ) { context in
            let worker = try await context.createWorker()
            let port1 = try pickPort(.udp)
            let port2 = try pickPort(.tcp)
            let webRtcServer = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [
                    TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port1),
                    TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", port: port2),
                ]))

            let onObserverWebRtcTransportHandled = CallRecorder<ObjectIdentifier>()
            let onObserverWebRtcTransportUnhandled = CallRecorder<ObjectIdentifier>()

            webRtcServer.observer.once(where: isHandled) { event in
                if case .webRtcTransportHandled(let transport) = event {
                    onObserverWebRtcTransportHandled.record(ObjectIdentifier(transport))
                }
            }
            webRtcServer.observer.once(where: isUnhandled) { event in
                if case .webRtcTransportUnhandled(let transport) = event {
                    onObserverWebRtcTransportUnhandled.record(ObjectIdentifier(transport))
                }
            }

            let router = try await worker.createRouter()
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(webRtcServer: webRtcServer, appData: ["foo": "bar"]))

            try expectEqual(onObserverWebRtcTransportHandled.count, 1, "observer webrtctransporthandled calls")
            try expectEqual(
                onObserverWebRtcTransportHandled.values, [ObjectIdentifier(transport)],
                "observer webrtctransporthandled argument")

            try expectEqual(try await router.dump().transportIds, [transport.id], "router dump transportIds")

            try expectEqual(transport.closed, false, "transport.closed")
            try expectEqual(transport.appData, ["foo": "bar"], "transport.appData")

            let iceCandidates = transport.iceCandidates

            try expectEqual(iceCandidates.count, 2, "iceCandidates.length")
            try expectEqual(iceCandidates[0].ip, "127.0.0.1", "iceCandidates[0].ip")
            try expectEqual(iceCandidates[0].port, port1, "iceCandidates[0].port")
            try expectEqual(iceCandidates[0].protocol, .udp, "iceCandidates[0].protocol")
            try expectEqual(iceCandidates[0].type, .host, "iceCandidates[0].type")
            try expectEqual(iceCandidates[0].tcpType, nil, "iceCandidates[0].tcpType")
            try expectEqual(iceCandidates[1].ip, "127.0.0.1", "iceCandidates[1].ip")
            try expectEqual(iceCandidates[1].port, port2, "iceCandidates[1].port")
            try expectEqual(iceCandidates[1].protocol, .tcp, "iceCandidates[1].protocol")
            try expectEqual(iceCandidates[1].type, .host, "iceCandidates[1].type")
            try expectEqual(iceCandidates[1].tcpType, .passive, "iceCandidates[1].tcpType")

            try expectEqual(transport.iceState, .new, "transport.iceState")
            try expectEqual(transport.iceSelectedTuple, nil, "transport.iceSelectedTuple")

            try expectEqual(webRtcServer.webRtcTransportsForTesting.count, 1, "webRtcServer.webRtcTransportsForTesting.size")
            try expectEqual(router.transportsForTesting.count, 1, "router.transportsForTesting.size")

            var dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id")
            try expectEqual(dump.udpSockets, [IpPort(ip: "127.0.0.1", port: port1)], "dump.udpSockets")
            try expectEqual(dump.tcpServers, [IpPort(ip: "127.0.0.1", port: port2)], "dump.tcpServers")
            try expectEqual(dump.webRtcTransportIds, [transport.id], "dump.webRtcTransportIds")
            try expectEqual(
                dump.localIceUsernameFragments.map(\.webRtcTransportId), [transport.id],
                "dump.localIceUsernameFragments")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes")

            // Let's restart ICE in the transport so it should add a new entry in
            // localIceUsernameFragments in the WebRtcServer.
            _ = try await transport.restartIce()

            dump = try await webRtcServer.dump()
            try expectEqual(dump.id, webRtcServer.id, "dump.id after restartIce()")
            try expectEqual(dump.udpSockets, [IpPort(ip: "127.0.0.1", port: port1)], "dump.udpSockets after restartIce()")
            try expectEqual(dump.tcpServers, [IpPort(ip: "127.0.0.1", port: port2)], "dump.tcpServers after restartIce()")
            try expectEqual(dump.webRtcTransportIds, [transport.id], "dump.webRtcTransportIds after restartIce()")
            try expectEqual(
                dump.localIceUsernameFragments.map(\.webRtcTransportId), [transport.id, transport.id],
                "dump.localIceUsernameFragments after restartIce()")
            try expectEqual(dump.tupleHashes, [], "dump.tupleHashes after restartIce()")

            let onObserverClose = CallRecorder<Void>()

            webRtcServer.observer.once(where: isClose) { _ in onObserverClose.record() }

            let onListenServerClose = CallRecorder<Void>()

            transport.events.once(where: isListenServerClose) { _ in onListenServerClose.record() }

            webRtcServer.close()

            try expectEqual(webRtcServer.closed, true, "webRtcServer.closed")
            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(onListenServerClose.count, 1, "listenserverclose calls")
            try expectEqual(onObserverWebRtcTransportUnhandled.count, 1, "observer webrtctransportunhandled calls")
            try expectEqual(
                onObserverWebRtcTransportUnhandled.values, [ObjectIdentifier(transport)],
                "observer webrtctransportunhandled argument")
            try expectEqual(transport.closed, true, "transport.closed")
            try expectEqual(transport.iceState, .closed, "transport.iceState")
            try expectEqual(transport.iceSelectedTuple, nil, "transport.iceSelectedTuple")
            try expectEqual(transport.dtlsState, .closed, "transport.dtlsState")
            try expectEqual(transport.sctpState, nil, "transport.sctpState")
            try expectEqual(webRtcServer.webRtcTransportsForTesting.count, 0, "webRtcServer.webRtcTransportsForTesting.size")
            try expectEqual(router.transportsForTesting.count, 0, "router.transportsForTesting.size")

            try await expectWorkerDump(worker, webRtcServerIds: [], routerIds: [router.id],
                channelRequestHandlers: [router.id])

            let routerDump = try await router.dump()
            try expectEqual(routerDump.id, router.id, "router dump id")
            try expectEqual(routerDump.transportIds, [], "router dump transportIds")
        },
    ]

    // MARK: Helpers shared with the WebRtcTransport cases

    /// `pickPort({type, ip, reserveTimeout: 0})`: a port the system hands out
    /// for `protocol` on `ip`, released at once so the case can bind it.
    static func pickPort(_ protocol: TransportProtocol, ip: String = "127.0.0.1") throws -> UInt16 {
        #if canImport(Glibc)
        let type = Int32(`protocol` == .udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        #else
        let type = `protocol` == .udp ? SOCK_DGRAM : SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, type, 0)
        try expect(descriptor >= 0, "pickPort: socket() failed")
        defer { _ = close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        try expect(inet_pton(AF_INET, ip, &address.sin_addr) == 1, "pickPort: invalid IP \(ip)")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(descriptor, sockaddrPointer, length) == 0 && getsockname(descriptor, sockaddrPointer, &length) == 0
            }
        }
        try expect(bound, "pickPort: cannot bind a \(`protocol`.rawValue) port on \(ip)")
        return UInt16(bigEndian: address.sin_port)
    }

    /// Jest's `rejects.toThrow(Error)`: any error will do.
    static func expectThrowsAnyError(
        file: String = #fileID, line: Int = #line, _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch {
            return
        }
        throw ExpectationFailure(message: "expected an error, nothing was thrown", file: file, line: line)
    }

    /// `toMatchObject` on `worker.dump()`: pid, server and router ids, and the handlers.
    static func expectWorkerDump(
        _ worker: any Worker, webRtcServerIds: [String], routerIds: [String], channelRequestHandlers: [String],
        file: String = #fileID, line: Int = #line
    ) async throws {
        let dump = try await worker.dump()
        try expectEqual(dump.pid, worker.pid, "worker dump pid", file: file, line: line)
        try expectEqual(dump.webRtcServerIds, webRtcServerIds, "worker dump webRtcServerIds", file: file, line: line)
        try expectEqual(dump.routerIds, routerIds, "worker dump routerIds", file: file, line: line)
        try expectEqual(
            dump.channelMessageHandlers,
            WorkerDump.ChannelMessageHandlers(
                channelRequestHandlers: channelRequestHandlers, channelNotificationHandlers: []),
            "worker dump channelMessageHandlers", file: file, line: line)
    }
}

@Sendable private func isNewWebRtcServer(_ event: WorkerObserverEvent) -> Bool {
    if case .newWebRtcServer = event { true } else { false }
}

@Sendable private func isNewTransport(_ event: RouterObserverEvent) -> Bool {
    if case .newTransport = event { true } else { false }
}

@Sendable private func isClose(_ event: WebRtcServerObserverEvent) -> Bool {
    if case .close = event { true } else { false }
}

@Sendable private func isHandled(_ event: WebRtcServerObserverEvent) -> Bool {
    if case .webRtcTransportHandled = event { true } else { false }
}

@Sendable private func isUnhandled(_ event: WebRtcServerObserverEvent) -> Bool {
    if case .webRtcTransportUnhandled = event { true } else { false }
}

@Sendable private func isListenServerClose(_ event: TransportEvent) -> Bool {
    if case .listenServerClose = event { true } else { false }
}
