import Mediasoup

#if canImport(Glibc)
import Glibc
#endif

/// Port of mediasoup's `test-PlainTransport.ts`.
///
/// As the original's `beforeEach`/`afterEach`, every case builds a fresh
/// worker and router (``fixture(_:)``); the worker is closed after the case.
/// Where the original passes a value the Swift types cannot hold
/// (`listenIp: ['127.0.0.1']`, `appData: 'NOT-AN-OBJECT'`, `srtpParameters: 1`…),
/// the call is refused at compile time; the port checks instead that the same
/// value given as JSON is refused with ``TypeError``. `rejects.toThrow(Error)`
/// is ported as the kind the contract names (``MediasoupError``).
enum PlainTransportCases {
    static let suite = "test-PlainTransport"

    static let mediaCodecs: [RtpCodecCapability] = [
        RtpCodecCapability(
            kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2,
            parameters: ["useinbandfec": 1, "foo": "bar"]),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
        RtpCodecCapability(
            kind: .video, mimeType: "video/H264", clockRate: 90000,
            parameters: [
                "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032", "foo": "bar",
            ],
            rtcpFeedback: []),  // Will be ignored.
    ]

    struct Fixture {
        let worker: any Worker
        let router: any Router
    }

    /// `beforeEach`: a worker (closed after the case) and a router.
    static func fixture(_ context: AcceptanceContext) async throws -> Fixture {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        return Fixture(worker: worker, router: router)
    }

    static let all: [AcceptanceCase] = [
        AcceptanceCase(suite, "router.createPlainTransport() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: 2000, max: 3000))))

            try expectEqual(try await ctx.router.dump().transportIds, [plainTransport.id], "router dump transportIds")

            let onObserverNewTransport = CallRecorder<ObjectIdentifier>()

            ctx.router.observer.once(where: { if case .newTransport = $0 { true } else { false } }) { event in
                if case .newTransport(let transport) = event {
                    onObserverNewTransport.record(ObjectIdentifier(transport))
                }
            }

            // Create a separate transport here.
            let plainTransport2 = try await ctx.router.createPlainTransport(
                PlainTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: "127.0.0.1", announcedAddress: "9.9.9.1",
                        portRange: TransportPortRange(min: 2000, max: 3000)),
                    enableSctp: true,
                    appData: ["foo": "bar"]))

            try expectEqual(onObserverNewTransport.count, 1, "observer newtransport calls")
            try expectEqual(
                onObserverNewTransport.values, [ObjectIdentifier(plainTransport2)], "observer newtransport argument")
            // `typeof id === 'string'`, `typeof tuple === 'object'` and
            // `typeof tuple.localPort === 'number'` hold by the Swift types.
            try expectEqual(plainTransport2.closed, false, "plainTransport2.closed")
            try expectEqual(plainTransport2.appData, ["foo": "bar"], "plainTransport2.appData")
            // @deprecated Use tuple.localAddress instead.
            try expectEqual(plainTransport2.tuple.localIp, "9.9.9.1", "tuple.localIp")
            try expectEqual(plainTransport2.tuple.localAddress, "9.9.9.1", "tuple.localAddress")
            try expectEqual(plainTransport2.tuple.protocol, .udp, "tuple.protocol")
            try expectEqual(plainTransport2.rtcpTuple, nil, "rtcpTuple")
            let sctpParameters = try expectNotNil(plainTransport2.sctpParameters, "sctpParameters")
            try expectEqual(sctpParameters.port, 5000, "sctpParameters.port")
            try expectEqual(sctpParameters.OS, 1024, "sctpParameters.OS")
            try expectEqual(sctpParameters.MIS, 1024, "sctpParameters.MIS")
            try expectEqual(sctpParameters.maxMessageSize, 262144, "sctpParameters.maxMessageSize")
            try expectEqual(plainTransport2.sctpState, .new, "sctpState")
            try expectEqual(plainTransport2.srtpParameters, nil, "srtpParameters")

            let dump1 = try await plainTransport2.dump()

            try expectEqual(dump1.id, plainTransport2.id, "dump1.id")
            try expectEqual(dump1.direct, false, "dump1.direct")
            try expectEqual(dump1.producerIds, [], "dump1.producerIds")
            try expectEqual(dump1.consumerIds, [], "dump1.consumerIds")
            try expectEqual(dump1.tuple, plainTransport2.tuple, "dump1.tuple")
            try expectEqual(dump1.rtcpTuple, plainTransport2.rtcpTuple, "dump1.rtcpTuple")
            try expectEqual(dump1.sctpParameters, plainTransport2.sctpParameters, "dump1.sctpParameters")
            try expectEqual(dump1.sctpState, .new, "dump1.sctpState")
            // `recvRtpHeaderExtensions` defined and `rtpListener` an object: non-optional in TransportDump.

            plainTransport2.close()
            try expectEqual(plainTransport2.closed, true, "plainTransport2.closed after close()")

            // `typeof anotherTransport === 'object'` holds when creation succeeds.
            _ = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1")))

            let (rtpPort, rtcpPort) = try PortPicker.pickTwoUdpPorts(ip: "127.0.0.1")
            let transport2 = try await ctx.router.createPlainTransport(
                PlainTransportOptions(
                    listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: rtpPort),
                    rtcpListenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: rtcpPort)))

            try expectEqual(transport2.closed, false, "transport2.closed")
            try expectEqual(transport2.appData, [:], "transport2.appData")
            // @deprecated Use tuple.localAddress instead.
            try expectEqual(transport2.tuple.localIp, "127.0.0.1", "transport2.tuple.localIp")
            try expectEqual(transport2.tuple.localAddress, "127.0.0.1", "transport2.tuple.localAddress")
            try expectEqual(transport2.tuple.localPort, rtpPort, "transport2.tuple.localPort")
            try expectEqual(transport2.tuple.protocol, .udp, "transport2.tuple.protocol")
            let rtcpTuple = try expectNotNil(transport2.rtcpTuple, "transport2.rtcpTuple")
            // @deprecated Use tuple.localAddress instead.
            try expectEqual(rtcpTuple.localIp, "127.0.0.1", "transport2.rtcpTuple.localIp")
            try expectEqual(rtcpTuple.localAddress, "127.0.0.1", "transport2.rtcpTuple.localAddress")
            try expectEqual(rtcpTuple.localPort, rtcpPort, "transport2.rtcpTuple.localPort")
            try expectEqual(rtcpTuple.protocol, .udp, "transport2.rtcpTuple.protocol")
            try expectEqual(transport2.sctpParameters, nil, "transport2.sctpParameters")
            try expectEqual(transport2.sctpState, nil, "transport2.sctpState")

            let dump2 = try await transport2.dump()

            try expectEqual(dump2.id, transport2.id, "dump2.id")
            try expectEqual(dump2.direct, false, "dump2.direct")
            try expectEqual(dump2.tuple, transport2.tuple, "dump2.tuple")
            try expectEqual(dump2.rtcpTuple, transport2.rtcpTuple, "dump2.rtcpTuple")
            try expectEqual(dump2.sctpState, nil, "dump2.sctpState")
        },

        AcceptanceCase(
            suite, "router.createPlainTransport() with wrong arguments rejects with TypeError", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createPlainTransport(PlainTransportOptions())
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createPlainTransport(
                    PlainTransportOptions(
                        listenInfo: TransportListenInfo(
                            protocol: .udp, ip: "127.0.0.1", portRange: TransportPortRange(min: 4000, max: 3000))))
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createPlainTransport(PlainTransportOptions(listenIp: TransportListenIp(ip: "123")))
            }

            // `listenIp: ['127.0.0.1']` is refused at compile time by `TransportListenIp`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try PlainTransportOptions(json: #"{"listenIp":["127.0.0.1"]}"#)
            }

            try await expectThrows(TypeError.self) {
                _ = try await ctx.router.createPipeTransport(
                    PipeTransportOptions(listenInfo: TransportListenInfo(protocol: .tcp, ip: "127.0.0.1")))
            }

            // `appData: 'NOT-AN-OBJECT'` is refused at compile time by `AppData`; as JSON:
            try await expectThrows(TypeError.self) {
                _ = try PlainTransportOptions(
                    json: #"{"listenInfo":{"protocol":"udp","ip":"127.0.0.1"},"appData":"NOT-AN-OBJECT"}"#)
            }
        },

        AcceptanceCase(suite, "router.createPlainTransport() with enableSrtp succeeds", timeLimit: .seconds(2)) {
            context in
            let ctx = try await fixture(context)
            // Use default cryptoSuite: 'AES_CM_128_HMAC_SHA1_80'.
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), enableSrtp: true))

            let srtpParameters = try expectNotNil(plainTransport.srtpParameters, "srtpParameters")
            try expectEqual(srtpParameters.cryptoSuite, .aesCm128HmacSha1_80, "srtpParameters.cryptoSuite")
            try expectEqual(srtpParameters.keyBase64.count, 40, "srtpParameters.keyBase64.length")

            // Missing srtpParameters.
            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.2", port: 9999))
            }

            // Invalid srtpParameters (`1`), missing cryptoSuite, missing keyBase64,
            // cryptoSuite 'FOO' or 123, keyBase64 `[]`: refused at compile time by
            // `SrtpParameters`; as JSON:
            for json in [
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":1}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"keyBase64":"ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"FOO","keyBase64":"ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":123,"keyBase64":"ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"}}"#,
                #"{"ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80","keyBase64":[]}}"#,
            ] {
                try await expectThrows(TypeError.self) { _ = try PlainTransportConnectParameters(json: json) }
            }

            // Invalid srtpParameters.keyBase64, in forms the types can hold: not
            // Base64, and Base64 of the wrong length for the crypto suite.
            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(
                    PlainTransportConnectParameters(
                        ip: "127.0.0.2", port: 9999,
                        srtpParameters: SrtpParameters(cryptoSuite: .aesCm128HmacSha1_80, keyBase64: "not base64!")))
            }
            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(
                    PlainTransportConnectParameters(
                        ip: "127.0.0.2", port: 9999,
                        srtpParameters: SrtpParameters(
                            cryptoSuite: .aesCm128HmacSha1_80,
                            keyBase64: "YTdjcDBvY2JoMGY5YXNlNDc0eDJsdGgwaWRvNnJsamRrdG16aWVpZHphdHo=")))
            }

            // Valid srtpParameters. And let's update the crypto suite.
            try await plainTransport.connect(
                PlainTransportConnectParameters(
                    ip: "127.0.0.2", port: 9999,
                    srtpParameters: SrtpParameters(
                        cryptoSuite: .aeadAes256Gcm,
                        keyBase64: "YTdjcDBvY2JoMGY5YXNlNDc0eDJsdGgwaWRvNnJsamRrdG16aWVpZHphdHo=")))

            try expectEqual(plainTransport.srtpParameters?.cryptoSuite, .aeadAes256Gcm, "srtpParameters.cryptoSuite")
            try expectEqual(plainTransport.srtpParameters?.keyBase64.count, 60, "srtpParameters.keyBase64.length")
        },

        AcceptanceCase(suite, "router.createPlainTransport() with non bindable IP rejects with Error", timeLimit: .seconds(2))
        { context in
            let ctx = try await fixture(context)

            try await expectThrows(MediasoupError.self) {
                _ = try await ctx.router.createPlainTransport(PlainTransportOptions(listenIp: TransportListenIp(ip: "8.8.8.8")))
            }
        },

        AcceptanceCase(
            suite, "two transports binding to the same IP:port with udpReusePort flag succeed", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let multicastIp = "224.0.0.1"
            let port = try PortPicker.pickUdpPort(ip: multicastIp)

            _ = try await ctx.router.createPlainTransport(
                PlainTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: multicastIp, port: port,
                        // NOTE: ipv6Only flag will be ignored since ip is IPv4.
                        flags: TransportSocketFlags(ipv6Only: true, udpReusePort: true))))

            _ = try await ctx.router.createPlainTransport(
                PlainTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: multicastIp, port: port, flags: TransportSocketFlags(udpReusePort: true))))
        },

        AcceptanceCase(
            suite, "two transports binding to the same IP:port without udpReusePort flag fail", timeLimit: .seconds(2)
        ) { context in
            let ctx = try await fixture(context)
            let multicastIp = "224.0.0.1"
            let port = try PortPicker.pickUdpPort(ip: multicastIp)

            _ = try await ctx.router.createPlainTransport(
                PlainTransportOptions(
                    listenInfo: TransportListenInfo(
                        protocol: .udp, ip: multicastIp, port: port, flags: TransportSocketFlags(udpReusePort: false))))

            try await expectThrows(MediasoupError.self) {
                _ = try await ctx.router.createPlainTransport(
                    PlainTransportOptions(
                        listenInfo: TransportListenInfo(
                            protocol: .udp, ip: multicastIp, port: port,
                            flags: TransportSocketFlags(udpReusePort: false))))
            }
        },

        AcceptanceCase(suite, "plainTransport.getStats() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1")))

            let stats = try await plainTransport.getStats()

            try expectEqual(stats.count, 1, "stats.length")
            let stat = stats[0]
            try expectEqual(stat.type, "plain-rtp-transport", "stats[0].type")
            try expectEqual(stat.transportId, plainTransport.id, "stats[0].transportId")
            // `typeof timestamp === 'number'` holds by the Swift type.
            try expectEqual(stat.bytesReceived, 0, "stats[0].bytesReceived")
            try expectEqual(stat.recvBitrate, 0, "stats[0].recvBitrate")
            try expectEqual(stat.bytesSent, 0, "stats[0].bytesSent")
            try expectEqual(stat.sendBitrate, 0, "stats[0].sendBitrate")
            try expectEqual(stat.rtpBytesReceived, 0, "stats[0].rtpBytesReceived")
            try expectEqual(stat.rtpRecvBitrate, 0, "stats[0].rtpRecvBitrate")
            try expectEqual(stat.rtpBytesSent, 0, "stats[0].rtpBytesSent")
            try expectEqual(stat.rtpSendBitrate, 0, "stats[0].rtpSendBitrate")
            try expectEqual(stat.rtxBytesReceived, 0, "stats[0].rtxBytesReceived")
            try expectEqual(stat.rtxRecvBitrate, 0, "stats[0].rtxRecvBitrate")
            try expectEqual(stat.rtxBytesSent, 0, "stats[0].rtxBytesSent")
            try expectEqual(stat.rtxSendBitrate, 0, "stats[0].rtxSendBitrate")
            try expectEqual(stat.probationBytesSent, 0, "stats[0].probationBytesSent")
            try expectEqual(stat.probationSendBitrate, 0, "stats[0].probationSendBitrate")
            let tuple = try expectNotNil(stat.tuple, "stats[0].tuple")
            // @deprecated Use tuple.localAddress instead.
            try expectEqual(tuple.localIp, "127.0.0.1", "stats[0].tuple.localIp")
            try expectEqual(tuple.localAddress, "127.0.0.1", "stats[0].tuple.localAddress")
            try expectEqual(tuple.protocol, .udp, "stats[0].tuple.protocol")
            try expectEqual(stat.rtcpTuple, nil, "stats[0].rtcpTuple")
        },

        AcceptanceCase(suite, "plainTransport.connect() succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), rtcpMux: false))

            try await plainTransport.connect(PlainTransportConnectParameters(ip: "1.2.3.4", port: 1234, rtcpPort: 1235))

            // Must fail if connected.
            try await expectThrows(MediasoupError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters(ip: "1.2.3.4", port: 1234, rtcpPort: 1235))
            }

            try expectEqual(plainTransport.tuple.remoteIp, "1.2.3.4", "tuple.remoteIp")
            try expectEqual(plainTransport.tuple.remotePort, 1234, "tuple.remotePort")
            try expectEqual(plainTransport.tuple.protocol, .udp, "tuple.protocol")
            try expectEqual(plainTransport.rtcpTuple?.remoteIp, "1.2.3.4", "rtcpTuple.remoteIp")
            try expectEqual(plainTransport.rtcpTuple?.remotePort, 1235, "rtcpTuple.remotePort")
            try expectEqual(plainTransport.rtcpTuple?.protocol, .udp, "rtcpTuple.protocol")
        },

        AcceptanceCase(suite, "plainTransport.connect() with wrong arguments rejects with TypeError", timeLimit: .seconds(2))
        { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), rtcpMux: false))

            // No SRTP enabled so passing srtpParameters must fail.
            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(
                    PlainTransportConnectParameters(
                        ip: "127.0.0.2", port: 9998, rtcpPort: 9999,
                        srtpParameters: SrtpParameters(
                            cryptoSuite: .aesCm128HmacSha1_80, keyBase64: "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv")))
            }

            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters())
            }

            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters(ip: "::::1234"))
            }

            // Must fail because transport has rtcpMux: false so rtcpPort must be given
            // in connect().
            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: 1234))
            }

            // `__port: 'chicken'` (no port) with rtcpPort.
            try await expectThrows(TypeError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", rtcpPort: 1235))
            }
        },

        AcceptanceCase(suite, "PlainTransport methods reject if closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1")))
            let onObserverClose = CallRecorder<Void>()

            plainTransport.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
                onObserverClose.record()
            }
            plainTransport.close()

            try expectEqual(onObserverClose.count, 1, "observer close calls")
            try expectEqual(plainTransport.closed, true, "plainTransport.closed")

            try await expectThrows(MediasoupError.self) { _ = try await plainTransport.dump() }
            try await expectThrows(MediasoupError.self) { _ = try await plainTransport.getStats() }
            try await expectThrows(MediasoupError.self) {
                try await plainTransport.connect(PlainTransportConnectParameters())
            }
        },

        AcceptanceCase(suite, "router.createPlainTransport() with fixed port succeeds", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let port = try PortPicker.pickUdpPort(ip: "127.0.0.1")
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1", port: port)))

            try expectEqual(plainTransport.tuple.localPort, port, "tuple.localPort")
        },

        AcceptanceCase(suite, "PlainTransport emits \"routerclose\" if Router is closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1")))

            try await expectRouterClose(plainTransport) { ctx.router.close() }
        },

        AcceptanceCase(suite, "PlainTransport emits \"routerclose\" if Worker is closed", timeLimit: .seconds(2)) { context in
            let ctx = try await fixture(context)
            let plainTransport = try await ctx.router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1")))

            try await expectRouterClose(plainTransport) { ctx.worker.close() }
        },
    ]

    /// `routerclose` after `close`, then observer `close` once and `closed`.
    static func expectRouterClose(_ transport: any Transport, after close: () -> Void) async throws {
        let onObserverClose = CallRecorder<Void>()

        transport.observer.once(where: { if case .close = $0 { true } else { false } }) { _ in
            onObserverClose.record()
        }

        let events = transport.events.stream()

        close()
        var routerClosed = false
        for await event in events {
            if case .routerClose = event {
                routerClosed = true
                break
            }
        }
        try expect(routerClosed, "transport emitted routerclose")

        try expectEqual(onObserverClose.count, 1, "observer close calls")
        try expectEqual(transport.closed, true, "transport.closed")
    }
}

/// mediasoup's tests use `pick-port` for a free UDP port: the kernel picks one
/// (bind to port 0), and the socket is closed again before the port is used.
enum PortPicker {
    struct PickFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// A free UDP port on `ip` (IPv4).
    static func pickUdpPort(ip: String) throws -> UInt16 {
        let socket = try boundSocket(ip: ip)
        defer { close(socket.fd) }
        return socket.port
    }

    /// Two distinct free UDP ports on `ip` (the first is held while picking the second).
    static func pickTwoUdpPorts(ip: String) throws -> (UInt16, UInt16) {
        let first = try boundSocket(ip: ip)
        defer { close(first.fd) }
        let second = try boundSocket(ip: ip)
        defer { close(second.fd) }
        return (first.port, second.port)
    }

    private static func boundSocket(ip: String) throws -> (fd: Int32, port: UInt16) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw PickFailure(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, ip, &address.sin_addr) == 1 else {
            close(fd)
            throw PickFailure(description: "invalid IPv4 address \(ip)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            close(fd)
            throw PickFailure(description: "bind(\(ip):0) failed: errno \(errno)")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw PickFailure(description: "getsockname() failed: errno \(errno)")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}
