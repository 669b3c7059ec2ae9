import Mediasoup
import MediasoupChannel
import Testing

@testable import MediasoupLocal

/// What the ported mediasoup tests do not reach of PlainTransport,
/// PipeTransport and `pipeToRouter()`: the PipeTransport dump, comedia,
/// the SRTP key kept when the suite does not change, the worker's tuple and
/// SCTP notifications on the library side, and the pair cache after a close.
@Suite(.timeLimit(.minutes(1)))
struct PlainPipeTransportTests {
    private static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
    ]

    private static func router() async throws -> (any Worker, any Router) {
        let worker = try await LocalMediasoup().createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: mediaCodecs))
        return (worker, router)
    }

    @Test func pipeTransportDumpHasTupleRtxAndSrtpParameters() async throws {
        let (worker, router) = try await Self.router()
        defer { worker.close() }
        let transport = try await router.createPipeTransport(
            PipeTransportOptions(
                listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1", announcedAddress: "9.9.9.9"),
                enableSctp: true, enableRtx: true, enableSrtp: true))
        #expect(transport.tuple.localAddress == "9.9.9.9")
        #expect(transport.srtpParameters?.cryptoSuite == .aeadAes256Gcm)
        #expect(transport.sctpParameters?.maxMessageSize == 268_435_456)

        let dump = try await transport.dump()
        #expect(dump.id == transport.id)
        #expect(dump.tuple == transport.tuple)
        #expect(dump.rtx == true)
        #expect(dump.srtpParameters == transport.srtpParameters)
        #expect(dump.sctpParameters == transport.sctpParameters)
        #expect(dump.rtcpMux == nil)

        try await transport.connect(
            PipeTransportConnectParameters(
                ip: "127.0.0.2", port: 9999,
                srtpParameters: SrtpParameters(
                    cryptoSuite: .aeadAes256Gcm, keyBase64: try #require(transport.srtpParameters?.keyBase64))))
        #expect(transport.tuple.remoteIp == "127.0.0.2")
        #expect(transport.tuple.remotePort == 9999)
        #expect(try await transport.dump().tuple == transport.tuple)
        let stats = try await transport.getStats()
        #expect(stats.first?.type == "pipe-transport")
        #expect(stats.first?.tuple == transport.tuple)
        await #expect(throws: MediasoupError.self) {
            try await transport.connect(PipeTransportConnectParameters(ip: "127.0.0.2", port: 9999))
        }

        transport.close()
        #expect(transport.sctpState == .closed)
    }

    @Test func comediaConnectNeedsNoRemoteAddress() async throws {
        let (worker, router) = try await Self.router()
        defer { worker.close() }
        let transport = try await router.createPlainTransport(
            PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), comedia: true))
        try await transport.connect(PlainTransportConnectParameters())
        #expect(transport.tuple.remoteIp == nil)
        let dump = try await transport.dump()
        #expect(dump.comedia == true)
        #expect(dump.rtcpMux == true)
        #expect(dump.rtcpTuple == nil)
    }

    @Test func srtpKeyStaysWhenTheRemoteUsesTheSameSuite() async throws {
        let (worker, router) = try await Self.router()
        defer { worker.close() }
        let transport = try await router.createPlainTransport(
            PlainTransportOptions(
                listenIp: TransportListenIp(ip: "127.0.0.1"), enableSrtp: true, srtpCryptoSuite: .aeadAes128Gcm))
        let local = try #require(transport.srtpParameters)
        #expect(local.cryptoSuite == .aeadAes128Gcm)
        #expect([UInt8](base64: local.keyBase64)?.count == 28)
        // A key of another suite's length is refused and changes nothing.
        await #expect(throws: TypeError.self) {
            try await transport.connect(
                PlainTransportConnectParameters(
                    ip: "127.0.0.2", port: 9999,
                    srtpParameters: SrtpParameters(
                        cryptoSuite: .aeadAes128Gcm, keyBase64: "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv")))
        }
        #expect(transport.srtpParameters == local)
        try await transport.connect(
            PlainTransportConnectParameters(
                ip: "127.0.0.2", port: 9999,
                srtpParameters: SrtpParameters(cryptoSuite: .aeadAes128Gcm, keyBase64: local.keyBase64)))
        #expect(transport.srtpParameters == local)
        #expect(try await transport.dump().srtpParameters == local)
    }

    @Test func workerNotificationsUpdateThePlainTransportAndAreEmitted() async throws {
        let (worker, router) = try await Self.router()
        defer { worker.close() }
        let transport = try #require(
            try await router.createPlainTransport(
                PlainTransportOptions(listenIp: TransportListenIp(ip: "127.0.0.1"), rtcpMux: false, enableSctp: true))
                as? LocalPlainTransport)
        let events = Recorded<TransportEvent>()
        let observerEvents = Recorded<TransportObserverEvent>()
        transport.events.on { events.append($0) }
        transport.observer.on { observerEvents.append($0) }

        var tuple = transport.tuple
        tuple.remoteIp = "10.0.0.1"
        tuple.remotePort = 5004
        var rtcpTuple = try #require(transport.rtcpTuple)
        rtcpTuple.remoteIp = "10.0.0.1"
        rtcpTuple.remotePort = 5005
        transport.handle(
            ChannelNotification(
                targetId: transport.id, event: PlainPipeTransportNotification.tuple, data: try tuple.channelData()))
        transport.handle(
            ChannelNotification(
                targetId: transport.id, event: PlainPipeTransportNotification.rtcpTuple,
                data: try rtcpTuple.channelData()))
        transport.handle(
            ChannelNotification(
                targetId: transport.id, event: TransportNotification.sctpStateChange,
                data: try TransportNotification.SctpStateChange(sctpState: .connected).channelData()))

        #expect(transport.tuple == tuple)
        #expect(transport.rtcpTuple == rtcpTuple)
        #expect(transport.sctpState == .connected)
        for recorded in [events.descriptions, observerEvents.descriptions] {
            #expect(recorded.count == 3)
            #expect(recorded.first?.hasPrefix("tuple(") == true)
            #expect(recorded.dropFirst().first?.hasPrefix("rtcpTuple(") == true)
            #expect(recorded.last == "sctpStateChange(Mediasoup.SctpState.connected)")
        }
    }

    @Test func closingAPipeTransportForgetsThePairInBothDirections() async throws {
        let (worker1, routerA) = try await Self.router()
        defer { worker1.close() }
        let (worker2, routerB) = try await Self.router()
        defer { worker2.close() }
        let producerA = try await Self.audioProducer(in: routerA)
        let producerB = try await Self.audioProducer(in: routerB)

        let first = try await routerA.pipeToRouter(PipeToRouterOptions(producerId: producerA.id, router: routerB))
        let pipeA = try #require(routerA.transportsForTesting.last as? any PipeTransport)
        let pipeB = try #require(routerB.transportsForTesting.last as? any PipeTransport)
        #expect(pipeA.tuple.remotePort == pipeB.tuple.localPort)
        #expect(pipeB.tuple.remotePort == pipeA.tuple.localPort)

        // Closing the far end closes the near one, and the pipe consumer and producer with them.
        pipeB.close()
        #expect(pipeA.closed)
        #expect(first.pipeConsumer?.closed == true)
        #expect(first.pipeProducer?.closed == true)
        #expect(routerA.transportsForTesting.count == 1)
        #expect(routerB.transportsForTesting.count == 1)

        // A call the other way round makes a new pair…
        _ = try await routerB.pipeToRouter(PipeToRouterOptions(producerId: producerB.id, router: routerA))
        #expect(routerA.transportsForTesting.count == 2)
        #expect(routerB.transportsForTesting.count == 2)
        let newPipeA = try #require(routerA.transportsForTesting.last as? any PipeTransport)
        #expect(newPipeA !== pipeA)

        // …which the first direction then reuses.
        let again = try await routerA.pipeToRouter(PipeToRouterOptions(producerId: producerA.id, router: routerB))
        #expect(again.pipeProducer?.id == producerA.id)
        #expect(routerA.transportsForTesting.count == 2)
        #expect(routerB.transportsForTesting.count == 2)
    }

    private static func audioProducer(in router: any Router) async throws -> any Producer {
        let transport = try await router.createDirectTransport()
        return try await transport.produce(
            ProducerOptions(
                kind: .audio,
                rtpParameters: RtpParameters(
                    codecs: [
                        RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)
                    ],
                    encodings: [RtpEncodingParameters(ssrc: 1111)])))
    }
}

/// Events recorded from any thread.
private final class Recorded<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])
    func append(_ event: Event) { events.withLock { $0.append(event) } }
    var descriptions: [String] { events.withLock { $0.map { String(describing: $0) } } }
}

import Synchronization
