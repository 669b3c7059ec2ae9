import Mediasoup

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Port of mediasoup's `test-WebRtcTransport.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case gets a fresh worker
/// and a router with the original's media codecs (``fixture(_:)``); the
/// worker is closed after the case. Where the original passes a value the
/// Swift types cannot hold (`listenIps: [123]`, `appData: 'NOT-AN-OBJECT'`,
/// trace types `'foo'`), the call is refused at compile time; the port checks
/// instead that the same value given as JSON is refused with ``TypeError``,
/// as a client speaking JSON would see.
enum WebRtcTransportCases {
    static let suite = "test-WebRtcTransport"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2,
            parameters: ["useinbandfec": 1, "foo": "bar"]),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
        RtpCodecCapability(
            kind: .video, mimeType: "video/H264", clockRate: 90000,
            parameters: [
                "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032", "foo": "bar",
            ]),
    ]

    /// `beforeEach`: a worker (closed after the case) and a router.
    static func fixture(_ context: AcceptanceContext) async throws -> (worker: any Worker, router: any Router) {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        return (worker, router)
    }

    /// The listen info most cases use.
    static func udpListenInfo(announcedAddress: String? = nil) -> TransportListenInfo {
        TransportListenInfo(
            protocol: .udp, ip: "127.0.0.1", announcedAddress: announcedAddress,
            portRange: TransportPortRange(min: 2000, max: 3000))
    }

    static let remoteFingerprintValue =
        "82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD"

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "router.createWebRtcTransport() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let onObserverNewTransport = CallRecorder<ObjectIdentifier>()

            router.observer.once(where: isNewTransport) { event in
                if case .newTransport(let transport) = event { onObserverNewTransport.record(ObjectIdentifier(transport)) }
            }

            let portRange = TransportPortRange(min: 2000, max: 3000)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(
                    listenInfos: [
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", announcedAddress: "9.9.9.1", portRange: portRange),
                        TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", announcedAddress: "9.9.9.1", portRange: portRange),
                        TransportListenInfo(protocol: .udp, ip: "0.0.0.0", announcedAddress: "foo1.bar.org", portRange: portRange),
                        TransportListenInfo(protocol: .tcp, ip: "0.0.0.0", announcedAddress: "foo2.bar.org", portRange: portRange),
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", announcedAddress: nil, portRange: portRange),
                        TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", announcedAddress: nil, portRange: portRange),
                    ],
                    enableTcp: true,
                    preferUdp: true,
                    enableSctp: true,
                    numSctpStreams: NumSctpStreams(OS: 2048, MIS: 2048),
                    maxSctpMessageSize: 1_000_000,
                    appData: ["foo": "bar"]))

            try expectEqual(try await router.dump().transportIds, [webRtcTransport.id], "router dump transportIds")

            try expectEqual(onObserverNewTransport.count, 1, "observer newtransport calls")
            try expectEqual(
                onObserverNewTransport.values, [ObjectIdentifier(webRtcTransport)], "observer newtransport argument")
            // `typeof id === 'string'`, `typeof iceParameters === 'object'`, the string
            // types of usernameFragment and password and `Array.isArray(iceCandidates)`
            // hold by the Swift types.
            try expectEqual(webRtcTransport.closed, false, "closed")
            try expectEqual(webRtcTransport.appData, ["foo": "bar"], "appData")
            try expectEqual(webRtcTransport.iceRole, .controlled, "iceRole")
            try expectEqual(webRtcTransport.iceParameters.iceLite, true, "iceParameters.iceLite")
            let sctpParameters = try expectNotNil(webRtcTransport.sctpParameters, "sctpParameters")
            try expectEqual(sctpParameters.port, 5000, "sctpParameters.port")
            try expectEqual(sctpParameters.OS, 2048, "sctpParameters.OS")
            try expectEqual(sctpParameters.MIS, 2048, "sctpParameters.MIS")
            try expectEqual(sctpParameters.maxMessageSize, 1_000_000, "sctpParameters.maxMessageSize")
            try expectEqual(webRtcTransport.iceCandidates.count, 6, "iceCandidates.length")

            let iceCandidates = webRtcTransport.iceCandidates
            let expected: [(String, TransportProtocol, IceCandidateTcpType?)] = [
                ("9.9.9.1", .udp, nil), ("9.9.9.1", .tcp, .passive), ("foo1.bar.org", .udp, nil),
                ("foo2.bar.org", .tcp, .passive), ("127.0.0.1", .udp, nil), ("127.0.0.1", .tcp, .passive),
            ]
            for (index, (ip, proto, tcpType)) in expected.enumerated() {
                try expectEqual(iceCandidates[index].ip, ip, "iceCandidates[\(index)].ip")
                try expectEqual(iceCandidates[index].protocol, proto, "iceCandidates[\(index)].protocol")
                try expectEqual(iceCandidates[index].type, .host, "iceCandidates[\(index)].type")
                try expectEqual(iceCandidates[index].tcpType, tcpType, "iceCandidates[\(index)].tcpType")
            }
            for index in 0..<5 {
                try expect(
                    iceCandidates[index].priority > iceCandidates[index + 1].priority,
                    "iceCandidates[\(index)].priority \(iceCandidates[index].priority) > iceCandidates[\(index + 1)].priority \(iceCandidates[index + 1].priority)"
                )
            }

            try expectEqual(webRtcTransport.iceState, .new, "iceState")
            try expectEqual(webRtcTransport.iceSelectedTuple, nil, "iceSelectedTuple")
            // `typeof dtlsParameters === 'object'` and `Array.isArray(fingerprints)` hold by the types.
            try expectEqual(webRtcTransport.dtlsParameters.role, .auto, "dtlsParameters.role")
            try expectEqual(webRtcTransport.dtlsState, .new, "dtlsState")
            try expectEqual(webRtcTransport.dtlsRemoteCert, nil, "dtlsRemoteCert")
            try expectEqual(webRtcTransport.sctpState, .new, "sctpState")

            let dump = try await webRtcTransport.dump()

            try expectEqual(dump.id, webRtcTransport.id, "dump.id")
            try expectEqual(dump.direct, false, "dump.direct")
            try expectEqual(dump.producerIds, [], "dump.producerIds")
            try expectEqual(dump.consumerIds, [], "dump.consumerIds")
            try expectEqual(dump.iceRole, webRtcTransport.iceRole, "dump.iceRole")
            try expectEqual(dump.iceParameters, webRtcTransport.iceParameters, "dump.iceParameters")
            try expectEqual(dump.iceCandidates, webRtcTransport.iceCandidates, "dump.iceCandidates")
            try expectEqual(dump.iceState, webRtcTransport.iceState, "dump.iceState")
            try expectEqual(dump.iceSelectedTuple, webRtcTransport.iceSelectedTuple, "dump.iceSelectedTuple")
            try expectEqual(dump.dtlsParameters, webRtcTransport.dtlsParameters, "dump.dtlsParameters")
            try expectEqual(dump.dtlsState, webRtcTransport.dtlsState, "dump.dtlsState")
            try expectEqual(dump.sctpParameters, webRtcTransport.sctpParameters, "dump.sctpParameters")
            try expectEqual(dump.sctpState, webRtcTransport.sctpState, "dump.sctpState")
            // `recvRtpHeaderExtensions` defined and `typeof rtpListener === 'object'` hold by the types.

            webRtcTransport.close()

            try expectEqual(webRtcTransport.closed, true, "closed after close()")
        },

        AcceptanceCase(suite, "router.createWebRtcTransport() with deprecated listenIps succeeds", timeLimit: .seconds(2))
        { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(
                    listenIps: [TransportListenIp(ip: "127.0.0.1", announcedIp: nil)],
                    enableUdp: true,
                    enableTcp: true,
                    preferUdp: false,
                    initialAvailableOutgoingBitrate: 1_000_000))

            try expectEqual(webRtcTransport.iceCandidates.count, 2, "iceCandidates.length")

            let iceCandidates = webRtcTransport.iceCandidates

            try expectEqual(iceCandidates[0].ip, "127.0.0.1", "iceCandidates[0].ip")
            try expectEqual(iceCandidates[0].protocol, .udp, "iceCandidates[0].protocol")
            try expectEqual(iceCandidates[0].type, .host, "iceCandidates[0].type")
            try expectEqual(iceCandidates[0].tcpType, nil, "iceCandidates[0].tcpType")
            try expectEqual(iceCandidates[1].ip, "127.0.0.1", "iceCandidates[1].ip")
            try expectEqual(iceCandidates[1].protocol, .tcp, "iceCandidates[1].protocol")
            try expectEqual(iceCandidates[1].type, .host, "iceCandidates[1].type")
            try expectEqual(iceCandidates[1].tcpType, .passive, "iceCandidates[1].tcpType")
            try expect(iceCandidates[0].priority > iceCandidates[1].priority, "iceCandidates[0].priority > [1].priority")
        },

        AcceptanceCase(suite, "router.createWebRtcTransport() with fixed port succeeds", timeLimit: .seconds(2)) {
            context in
            let (_, router) = try await fixture(context)
            let port = try WebRtcServerCases.pickPort(.tcp)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [
                    // NOTE: udpReusePort flag will be ignored since protocol is TCP.
                    TransportListenInfo(
                        protocol: .tcp, ip: "127.0.0.1", port: port, flags: TransportSocketFlags(udpReusePort: true))
                ]))

            try expectEqual(webRtcTransport.iceCandidates[0].port, port, "iceCandidates[0].port")
        },

        AcceptanceCase(suite, "router.createWebRtcTransport() with portRange succeeds", timeLimit: .seconds(2)) {
            context in
            let (_, router) = try await fixture(context)
            let portRange = TransportPortRange(min: 11111, max: 11112)

            let webRtcTransport1 = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [
                    TransportListenInfo(protocol: .udp, ip: "127.0.0.1", portRange: portRange)
                ]))

            let iceCandidate1 = webRtcTransport1.iceCandidates[0]

            try expectEqual(iceCandidate1.ip, "127.0.0.1", "iceCandidate1.ip")
            try expect(
                iceCandidate1.port >= portRange.min && iceCandidate1.port <= portRange.max,
                "iceCandidate1.port \(iceCandidate1.port) in [\(portRange.min), \(portRange.max)]")
            try expectEqual(iceCandidate1.protocol, .udp, "iceCandidate1.protocol")

            let webRtcTransport2 = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [
                    TransportListenInfo(protocol: .udp, ip: "127.0.0.1", portRange: portRange)
                ]))

            let iceCandidate2 = webRtcTransport2.iceCandidates[0]

            try expectEqual(iceCandidate2.ip, "127.0.0.1", "iceCandidate2.ip")
            // The original checks iceCandidate1's port again here.
            try expect(
                iceCandidate1.port >= portRange.min && iceCandidate1.port <= portRange.max,
                "iceCandidate1.port \(iceCandidate1.port) in [\(portRange.min), \(portRange.max)]")
            try expectEqual(iceCandidate2.protocol, .udp, "iceCandidate2.protocol")

            // No more available ports so it must fail.
            try await expectThrows(MediasoupError.self) {
                _ = try await router.createWebRtcTransport(
                    WebRtcTransportOptions(listenInfos: [
                        TransportListenInfo(protocol: .udp, ip: "127.0.0.1", portRange: portRange)
                    ]))
            }
        },

        AcceptanceCase(
            suite, "router.createWebRtcTransport() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)

            try await expectThrows(TypeError.self) {
                _ = try await router.createWebRtcTransport(WebRtcTransportOptions())
            }

            try await expectThrows(TypeError.self) {
                _ = try await router.createWebRtcTransport(
                    WebRtcTransportOptions(listenInfos: [
                        TransportListenInfo(
                            protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: 4000, max: 3000))
                    ]))
            }

            // `listenIps: [123]` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try [TransportListenIp](json: "[123]") }

            // `listenInfos: '127.0.0.1'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try [TransportListenInfo](json: #""127.0.0.1""#) }

            // `listenIps: '127.0.0.1'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try [TransportListenIp](json: #""127.0.0.1""#) }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try AppData(json: #""NOT-AN-OBJECT""#) }

            // `numSctpStreams: 'foo'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try NumSctpStreams(json: #""foo""#) }
        },

        AcceptanceCase(
            suite, "router.createWebRtcTransport() with non bindable IP rejects with Error", timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)

            try await expectThrows(MediasoupError.self) {
                _ = try await router.createWebRtcTransport(
                    WebRtcTransportOptions(listenInfos: [
                        TransportListenInfo(
                            protocol: .udp, ip: "8.8.8.8", portRange: TransportPortRange(min: 2000, max: 3000))
                    ]))
            }
        },

        AcceptanceCase(suite, "webRtcTransport.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo(announcedAddress: "9.9.9.1")]))

            let stats = try await webRtcTransport.getStats()

            try expectEqual(stats.count, 1, "stats.length")
            try expectEqual(stats[0].type, "webrtc-transport", "stats[0].type")
            try expectEqual(stats[0].transportId, webRtcTransport.id, "stats[0].transportId")
            // `typeof timestamp === 'number'` holds by the type.
            try expectEqual(stats[0].iceRole, .controlled, "stats[0].iceRole")
            try expectEqual(stats[0].iceState, .new, "stats[0].iceState")
            try expectEqual(stats[0].dtlsState, .new, "stats[0].dtlsState")
            try expectEqual(stats[0].sctpState, nil, "stats[0].sctpState")
            try expectEqual(stats[0].bytesReceived, 0, "stats[0].bytesReceived")
            try expectEqual(stats[0].recvBitrate, 0, "stats[0].recvBitrate")
            try expectEqual(stats[0].bytesSent, 0, "stats[0].bytesSent")
            try expectEqual(stats[0].sendBitrate, 0, "stats[0].sendBitrate")
            try expectEqual(stats[0].rtpBytesReceived, 0, "stats[0].rtpBytesReceived")
            try expectEqual(stats[0].rtpRecvBitrate, 0, "stats[0].rtpRecvBitrate")
            try expectEqual(stats[0].rtpBytesSent, 0, "stats[0].rtpBytesSent")
            try expectEqual(stats[0].rtpSendBitrate, 0, "stats[0].rtpSendBitrate")
            try expectEqual(stats[0].rtxBytesReceived, 0, "stats[0].rtxBytesReceived")
            try expectEqual(stats[0].rtxRecvBitrate, 0, "stats[0].rtxRecvBitrate")
            try expectEqual(stats[0].rtxBytesSent, 0, "stats[0].rtxBytesSent")
            try expectEqual(stats[0].rtxSendBitrate, 0, "stats[0].rtxSendBitrate")
            try expectEqual(stats[0].probationBytesSent, 0, "stats[0].probationBytesSent")
            try expectEqual(stats[0].probationSendBitrate, 0, "stats[0].probationSendBitrate")
            try expectEqual(stats[0].iceSelectedTuple, nil, "stats[0].iceSelectedTuple")
            try expectEqual(stats[0].maxIncomingBitrate, nil, "stats[0].maxIncomingBitrate")
        },

        AcceptanceCase(suite, "webRtcTransport.connect() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo(announcedAddress: "9.9.9.1")]))

            let dtlsRemoteParameters = DtlsParameters(
                role: .client, fingerprints: [DtlsFingerprint(algorithm: .sha256, value: remoteFingerprintValue)])

            // Resolves with nothing (`toBeUndefined`): the Swift method returns Void.
            try await webRtcTransport.connect(dtlsParameters: dtlsRemoteParameters)

            // Must fail if connected.
            try await expectThrows(MediasoupError.self) {
                try await webRtcTransport.connect(dtlsParameters: dtlsRemoteParameters)
            }

            try expectEqual(webRtcTransport.dtlsParameters.role, .server, "dtlsParameters.role")
        },

        AcceptanceCase(
            suite, "webRtcTransport.connect() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo(announcedAddress: "9.9.9.1")]))

            // `connect({})` (no dtlsParameters) is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) { _ = try DtlsParameters(json: "null") }

            // `algorithm: 'sha-256000'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try DtlsParameters(
                    json: #"{"fingerprints":[{"algorithm":"sha-256000","value":"\#(remoteFingerprintValue)"}],"role":"client"}"#)
            }

            // `role: 'chicken'` is refused at compile time; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try DtlsParameters(
                    json: #"{"fingerprints":[{"algorithm":"sha-256","value":"\#(remoteFingerprintValue)"}],"role":"chicken"}"#)
            }

            let dtlsRemoteParameters = DtlsParameters(role: .client, fingerprints: [])

            try await expectThrows(TypeError.self) {
                try await webRtcTransport.connect(dtlsParameters: dtlsRemoteParameters)
            }

            try await expectThrows(TypeError.self) {
                try await webRtcTransport.connect(dtlsParameters: dtlsRemoteParameters)
            }

            try expectEqual(webRtcTransport.dtlsParameters.role, .auto, "dtlsParameters.role")
        },

        AcceptanceCase(suite, "webRtcTransport.setMaxIncomingBitrate() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo(announcedAddress: "9.9.9.1")]))

            try await webRtcTransport.setMaxIncomingBitrate(1_000_000)

            // Remove limit.
            try await webRtcTransport.setMaxIncomingBitrate(0)
        },

        AcceptanceCase(suite, "webRtcTransport.setMaxOutgoingBitrate() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            try await webRtcTransport.setMaxOutgoingBitrate(2_000_000)

            // Remove limit.
            try await webRtcTransport.setMaxOutgoingBitrate(0)
        },

        AcceptanceCase(suite, "webRtcTransport.setMinOutgoingBitrate() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            try await webRtcTransport.setMinOutgoingBitrate(100_000)

            // Remove limit.
            try await webRtcTransport.setMinOutgoingBitrate(0)
        },

        AcceptanceCase(
            suite, "webRtcTransport.setMaxOutgoingBitrate() fails if value is lower than current min limit",
            timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            try await webRtcTransport.setMinOutgoingBitrate(3_000_000)

            try await expectThrows(MediasoupError.self) {
                try await webRtcTransport.setMaxOutgoingBitrate(2_000_000)
            }

            // Remove limit.
            try await webRtcTransport.setMinOutgoingBitrate(0)
        },

        AcceptanceCase(
            suite, "webRtcTransport.setMinOutgoingBitrate() fails if value is higher than current max limit",
            timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            try await webRtcTransport.setMaxOutgoingBitrate(2_000_000)

            try await expectThrows(MediasoupError.self) {
                try await webRtcTransport.setMinOutgoingBitrate(3_000_000)
            }

            // Remove limit.
            try await webRtcTransport.setMaxOutgoingBitrate(0)
        },

        AcceptanceCase(suite, "webRtcTransport.restartIce() succeeds", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            let previousIceUsernameFragment = webRtcTransport.iceParameters.usernameFragment
            let previousIcePassword = webRtcTransport.iceParameters.password

            let iceParameters = try await webRtcTransport.restartIce()
            // `usernameFragment` and `password` are `expect.any(String)` by the type.
            try expectEqual(iceParameters.iceLite, true, "restartIce() iceLite")

            try expect(
                webRtcTransport.iceParameters.usernameFragment != previousIceUsernameFragment,
                "iceParameters.usernameFragment changed")
            try expect(webRtcTransport.iceParameters.password != previousIcePassword, "iceParameters.password changed")
        },

        AcceptanceCase(suite, "transport.enableTraceEvent() succeed", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            // `['foo', 'probation']`: 'foo' is refused at compile time by `TransportTraceEventType`.
            try await webRtcTransport.enableTraceEvent([.probation])
            try expectEqual(try await webRtcTransport.dump().traceEventTypes, ["probation"], "traceEventTypes")

            try await webRtcTransport.enableTraceEvent([])
            try expectEqual(try await webRtcTransport.dump().traceEventTypes, [], "traceEventTypes")

            // `['probation', 'FOO', 'bwe', 'BAR']`: 'FOO' and 'BAR' are refused at compile time.
            try await webRtcTransport.enableTraceEvent([.probation, .bwe])
            try expectEqual(try await webRtcTransport.dump().traceEventTypes, ["probation", "bwe"], "traceEventTypes")

            // `enableTraceEvent()` with no argument is `[]`.
            try await webRtcTransport.enableTraceEvent([])
            try expectEqual(try await webRtcTransport.dump().traceEventTypes, [], "traceEventTypes")
        },

        AcceptanceCase(
            suite, "transport.enableTraceEvent() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)
            _ = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            // All three are refused at compile time by `[TransportTraceEventType]`; as JSON:
            try await expectThrows(TypeError.self) { _ = try [TransportTraceEventType](json: "123") }
            try await expectThrows(TypeError.self) { _ = try [TransportTraceEventType](json: #""probation""#) }
            try await expectThrows(TypeError.self) {
                _ = try [TransportTraceEventType](json: #"["probation",123.123]"#)
            }
        },

        AcceptanceCase(suite, "WebRtcTransport events succeed", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            // Private API: mediasoup's `channelForTesting`.
            let hook = try context.notificationHook(of: webRtcTransport)
            let onIceStateChange = CallRecorder<IceState>()

            webRtcTransport.events.on { event in
                if case .iceStateChange(let iceState) = event { onIceStateChange.record(iceState) }
            }

            // Simulate a 'icestatechange' notification coming through the channel.
            try await hook.injectNotificationForTesting(.iceStateChange(.completed))

            try expectEqual(onIceStateChange.count, 1, "icestatechange calls")
            try expectEqual(onIceStateChange.values, [.completed], "icestatechange argument")
            try expectEqual(webRtcTransport.iceState, .completed, "iceState")

            let onIceSelectedTuple = CallRecorder<TransportTuple>()
            let iceSelectedTuple = TransportTuple(
                localIp: "1.1.1.1", localAddress: "1.1.1.1", localPort: 1111, remoteIp: "2.2.2.2", remotePort: 2222,
                protocol: .udp)

            webRtcTransport.events.on { event in
                if case .iceSelectedTupleChange(let tuple) = event { onIceSelectedTuple.record(tuple) }
            }

            // Simulate a 'iceselectedtuplechange' notification coming through the channel.
            try await hook.injectNotificationForTesting(.iceSelectedTupleChange(iceSelectedTuple))

            try expectEqual(onIceSelectedTuple.count, 1, "iceselectedtuplechange calls")
            try expectEqual(onIceSelectedTuple.values, [iceSelectedTuple], "iceselectedtuplechange argument")
            try expectEqual(webRtcTransport.iceSelectedTuple, iceSelectedTuple, "iceSelectedTuple")

            let onDtlsStateChange = CallRecorder<DtlsState>()

            webRtcTransport.events.on { event in
                if case .dtlsStateChange(let dtlsState) = event { onDtlsStateChange.record(dtlsState) }
            }

            // Simulate a 'dtlsstatechange' notification coming through the channel.
            try await hook.injectNotificationForTesting(.dtlsStateChange(.connecting))

            try expectEqual(onDtlsStateChange.count, 1, "dtlsstatechange calls")
            try expectEqual(onDtlsStateChange.values, [.connecting], "dtlsstatechange argument")
            try expectEqual(webRtcTransport.dtlsState, .connecting, "dtlsState")
        },

        // Not in mediasoup: the same events driven by a real peer instead of injected notifications.
        AcceptanceCase(
            suite, "WebRtcTransport reaches ICE completed with a real STUN peer", timeLimit: .seconds(2)
        ) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))
            try await expectIceAndDtlsEvents(webRtcTransport)
        },

        // Not in mediasoup: an ICE peer that goes silent loses consent (RFC 7675) after iceConsentTimeout.
        AcceptanceCase(
            suite, "WebRtcTransport goes ICE disconnected when its peer stops its checks for iceConsentTimeout",
            timeLimit: .seconds(20)
        ) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()], iceConsentTimeout: 10))
            let onIceStateChange = CallRecorder<IceState>()
            webRtcTransport.events.on { event in
                if case .iceStateChange(let state) = event { onIceStateChange.record(state) }
            }
            let candidate = try expectNotNil(webRtcTransport.iceCandidates.first, "iceCandidates.first")
            let peer = try StunPeer()
            defer { peer.close() }
            try peer.sendBindingRequest(
                to: candidate, localUsernameFragment: webRtcTransport.iceParameters.usernameFragment,
                localPassword: webRtcTransport.iceParameters.password)
            let start = ContinuousClock.now
            for _ in 0..<150 where onIceStateChange.values != [.completed, .disconnected] {
                try await Task.sleep(for: .milliseconds(100))
            }
            let elapsed = ContinuousClock.now - start
            try expectEqual(onIceStateChange.values, [.completed, .disconnected], "icestatechange calls")
            try expect(elapsed >= .seconds(9), "disconnected after \(elapsed), before the 10 s consent timeout")
            try expectEqual(webRtcTransport.iceState, .disconnected, "iceState")
            // As mediasoup: no iceselectedtuplechange; the worker's dump has no selected tuple any more.
            try expectEqual(try await webRtcTransport.dump().iceSelectedTuple, nil, "dump().iceSelectedTuple")
        },

        AcceptanceCase(suite, "WebRtcTransport methods reject if closed", timeLimit: .seconds(2)) { context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            let onObserverClose = CallRecorder<Void>()

            webRtcTransport.observer.once(where: isObserverClose) { _ in onObserverClose.record() }
            webRtcTransport.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(webRtcTransport.closed, true, "closed")
            try expectEqual(webRtcTransport.iceState, .closed, "iceState")
            try expectEqual(webRtcTransport.iceSelectedTuple, nil, "iceSelectedTuple")
            try expectEqual(webRtcTransport.dtlsState, .closed, "dtlsState")
            try expectEqual(webRtcTransport.sctpState, nil, "sctpState")

            try await expectThrows(MediasoupError.self) { _ = try await webRtcTransport.dump() }

            try await expectThrows(MediasoupError.self) { _ = try await webRtcTransport.getStats() }

            // `connect({})`: an empty object is refused at compile time; valid parameters must fail too.
            try await expectThrows(MediasoupError.self) {
                try await webRtcTransport.connect(
                    dtlsParameters: DtlsParameters(
                        role: .client,
                        fingerprints: [DtlsFingerprint(algorithm: .sha256, value: remoteFingerprintValue)]))
            }

            try await expectThrows(MediasoupError.self) { try await webRtcTransport.setMaxIncomingBitrate(200_000) }

            try await expectThrows(MediasoupError.self) { try await webRtcTransport.setMaxOutgoingBitrate(200_000) }

            try await expectThrows(MediasoupError.self) { try await webRtcTransport.setMinOutgoingBitrate(100_000) }

            try await expectThrows(MediasoupError.self) { _ = try await webRtcTransport.restartIce() }
        },

        AcceptanceCase(suite, "WebRtcTransport emits \"routerclose\" if Router is closed", timeLimit: .seconds(2)) {
            context in
            let (_, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenIps: [TransportListenIp(ip: "127.0.0.1")], enableSctp: true))

            let onObserverClose = CallRecorder<Void>()

            webRtcTransport.observer.once(where: isObserverClose) { _ in onObserverClose.record() }

            let events = webRtcTransport.events.stream()

            router.close()
            try await expectRouterClose(events)

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(webRtcTransport.closed, true, "closed")
            try expectEqual(webRtcTransport.iceState, .closed, "iceState")
            try expectEqual(webRtcTransport.iceSelectedTuple, nil, "iceSelectedTuple")
            try expectEqual(webRtcTransport.dtlsState, .closed, "dtlsState")
            try expectEqual(webRtcTransport.sctpState, .closed, "sctpState")
        },

        AcceptanceCase(suite, "WebRtcTransport emits \"routerclose\" if Worker is closed", timeLimit: .seconds(2)) {
            context in
            let (worker, router) = try await fixture(context)
            let webRtcTransport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [udpListenInfo()]))

            let onObserverClose = CallRecorder<Void>()

            webRtcTransport.observer.once(where: isObserverClose) { _ in onObserverClose.record() }

            let events = webRtcTransport.events.stream()

            worker.close()
            try await expectRouterClose(events)

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(webRtcTransport.closed, true, "closed")
            try expectEqual(webRtcTransport.iceState, .closed, "iceState")
            try expectEqual(webRtcTransport.iceSelectedTuple, nil, "iceSelectedTuple")
            try expectEqual(webRtcTransport.dtlsState, .closed, "dtlsState")
            try expectEqual(webRtcTransport.sctpState, nil, "sctpState")
        },
    ]

    /// `await enhancedOnce(transport, 'routerclose')`.
    static func expectRouterClose(_ events: AsyncStream<TransportEvent>) async throws {
        for await event in events {
            if case .routerClose = event { return }
        }
        try expect(false, "the transport emitted routerclose")
    }

    // MARK: "WebRtcTransport reaches ICE completed with a real STUN peer"

    /// The events "WebRtcTransport events succeed" injects (`icestatechange`
    /// completed, `iceselectedtuplechange`, `dtlsstatechange` connecting), here
    /// from a real peer that makes the worker change those states: after
    /// `connect()` with the remote DTLS role `client`, a STUN Binding request
    /// with USE-CANDIDATE from a UDP socket completes ICE-lite on that tuple,
    /// and DTLS (local role server) starts connecting.
    static func expectIceAndDtlsEvents(_ webRtcTransport: any WebRtcTransport) async throws {
        let onIceStateChange = CallRecorder<IceState>()
        let onIceSelectedTuple = CallRecorder<TransportTuple>()
        let onDtlsStateChange = CallRecorder<DtlsState>()

        webRtcTransport.events.on { event in
            switch event {
            case .iceStateChange(let state): onIceStateChange.record(state)
            case .iceSelectedTupleChange(let tuple): onIceSelectedTuple.record(tuple)
            case .dtlsStateChange(let state): onDtlsStateChange.record(state)
            default: break
            }
        }

        try await webRtcTransport.connect(
            dtlsParameters: DtlsParameters(
                role: .client, fingerprints: [DtlsFingerprint(algorithm: .sha256, value: remoteFingerprintValue)]))

        let candidate = try expectNotNil(webRtcTransport.iceCandidates.first, "iceCandidates.first")
        let peer = try StunPeer()
        defer { peer.close() }
        try peer.sendBindingRequest(
            to: candidate, localUsernameFragment: webRtcTransport.iceParameters.usernameFragment,
            localPassword: webRtcTransport.iceParameters.password)

        // Wait (a second at most) for the worker to answer with its notifications.
        for _ in 0..<100 where onDtlsStateChange.count == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }

        let iceSelectedTuple = TransportTuple(
            localIp: candidate.address, localAddress: candidate.address, localPort: candidate.port,
            remoteIp: "127.0.0.1", remotePort: peer.port, protocol: .udp)

        try expectEqual(onIceStateChange.count, 1, "icestatechange calls")
        try expectEqual(onIceStateChange.values, [.completed], "icestatechange argument")
        try expectEqual(webRtcTransport.iceState, .completed, "iceState")

        try expectEqual(onIceSelectedTuple.count, 1, "iceselectedtuplechange calls")
        try expectEqual(onIceSelectedTuple.values, [iceSelectedTuple], "iceselectedtuplechange argument")
        try expectEqual(webRtcTransport.iceSelectedTuple, iceSelectedTuple, "iceSelectedTuple")

        try expectEqual(onDtlsStateChange.count, 1, "dtlsstatechange calls")
        try expectEqual(onDtlsStateChange.values, [.connecting], "dtlsstatechange argument")
        try expectEqual(webRtcTransport.dtlsState, .connecting, "dtlsState")
    }
}

@Sendable private func isNewTransport(_ event: RouterObserverEvent) -> Bool {
    if case .newTransport = event { true } else { false }
}

@Sendable private func isObserverClose(_ event: TransportObserverEvent) -> Bool {
    if case .close = event { true } else { false }
}

// MARK: A minimal ICE peer

/// A UDP socket on 127.0.0.1 that sends one ICE connectivity check (RFC 8445
/// §7.1, STUN RFC 8489 with short-term credentials) as a controlling agent.
private struct StunPeer {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        #if canImport(Glibc)
        let type = Int32(SOCK_DGRAM.rawValue)
        #else
        let type = SOCK_DGRAM
        #endif
        let descriptor = socket(AF_INET, type, 0)
        try expect(descriptor >= 0, "STUN peer: socket() failed")
        var address = Self.address("127.0.0.1", port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(descriptor, sockaddrPointer, length) == 0 && getsockname(descriptor, sockaddrPointer, &length) == 0
            }
        }
        if !bound { closeSocket(descriptor) }
        try expect(bound, "STUN peer: cannot bind a UDP port on 127.0.0.1")
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    func close() { closeSocket(descriptor) }

    /// Sends a Binding request with USERNAME `<local>:peer`, PRIORITY,
    /// ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY (keyed with the
    /// transport's ICE password) and FINGERPRINT.
    func sendBindingRequest(to candidate: IceCandidate, localUsernameFragment: String, localPassword: String) throws {
        var message: [UInt8] = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42]
        message += (0..<12).map { _ in UInt8.random(in: 0...255) }
        func attribute(_ type: UInt16, _ value: [UInt8]) {
            message += bigEndian(type) + bigEndian(UInt16(value.count)) + value
            message += [UInt8](repeating: 0, count: (4 - value.count % 4) % 4)
        }
        func setLength(addingAttributeOf valueLength: Int) {
            let length = UInt16(message.count - 20 + 4 + valueLength)
            message[2] = UInt8(length >> 8)
            message[3] = UInt8(length & 0xFF)
        }
        attribute(0x0006, Array("\(localUsernameFragment):peer".utf8))  // USERNAME
        attribute(0x0024, bigEndian(UInt32(1_853_824_767)))  // PRIORITY (host, UDP)
        attribute(0x802A, (0..<8).map { _ in UInt8.random(in: 0...255) })  // ICE-CONTROLLING
        attribute(0x0025, [])  // USE-CANDIDATE
        setLength(addingAttributeOf: 20)
        attribute(0x0008, StunCrypto.hmacSHA1(key: Array(localPassword.utf8), message: message))  // MESSAGE-INTEGRITY
        setLength(addingAttributeOf: 4)
        attribute(0x8028, bigEndian(StunCrypto.crc32(message) ^ 0x5354_554E))  // FINGERPRINT

        var address = Self.address(candidate.address, port: candidate.port)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(descriptor, message, message.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try expectEqual(sent, message.count, "STUN peer: bytes sent")
    }

    private static func address(_ ip: String, port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, ip, &address.sin_addr)
        return address
    }

    private func bigEndian(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    private func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

private func closeSocket(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// SHA-1 (RFC 3174), HMAC-SHA1 (RFC 2104) and CRC-32 (ISO-HDLC), for the STUN peer.
private enum StunCrypto {
    static func sha1(_ input: [UInt8]) -> [UInt8] {
        var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = input
        let bitLength = UInt64(input.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }
        var words = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for index in 0..<16 {
                let offset = chunk + 4 * index
                words[index] =
                    UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8
                    | UInt32(data[offset + 3])
            }
            for index in 16..<80 {
                words[index] = rotate(words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16], 1)
            }
            var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
            for index in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch index {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temporary = rotate(a, 5) &+ f &+ e &+ k &+ words[index]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, temporary)
            }
            state[0] &+= a
            state[1] &+= b
            state[2] &+= c
            state[3] &+= d
            state[4] &+= e
        }
        return state.flatMap { [UInt8($0 >> 24), UInt8($0 >> 16 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 & 0xFF)] }
    }

    static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? sha1(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sha1(block.map { $0 ^ 0x36 } + message)
        return sha1(block.map { $0 ^ 0x5C } + inner)
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc >> 1 ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
