#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization
import Testing

@testable import MediasoupLocal

/// The library side of WebRtcTransports against a fake worker (two pipes this
/// test drives by hand): what `createWebRtcTransport` asks the worker, and how
/// the worker's state-change notifications update the transport and emit its
/// events. (No ICE/DTLS peer exists yet to make a real worker send them.)
@Suite(.timeLimit(.minutes(1)))
struct WebRtcTransportNotificationTests {
    /// The worker's end of a channel: reads requests, writes responses and notifications.
    private final class FakeWorker: Sendable {
        let channel: WorkerChannel
        let router: LocalRouter
        private let requestRead: Int32
        private let responseWrite: Int32
        private let decoder = Mutex(ChannelFrameDecoder())

        init() throws {
            var requestPipe: [Int32] = [0, 0]
            var responsePipe: [Int32] = [0, 0]
            guard pipe(&requestPipe) == 0, pipe(&responsePipe) == 0 else { throw POSIXError(.EMFILE) }
            requestRead = requestPipe[0]
            responseWrite = responsePipe[1]
            channel = WorkerChannel(requestFd: requestPipe[1], responseFd: responsePipe[0])
            channel.start(onClosed: {})
            router = LocalRouter(
                id: "router-1", rtpCapabilities: RtpCapabilities(), channel: channel, appData: [:], onClose: { _ in })
        }

        /// Blocks until the next request arrives.
        func nextRequest() throws -> ChannelRequest {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                if let payload = decoder.withLock({ $0.nextFrame() }),
                    case .request(let request) = try ChannelMessage(payload: payload)
                {
                    return request
                }
                let count = buffer.withUnsafeMutableBytes { read(requestRead, $0.baseAddress, $0.count) }
                guard count > 0 else { throw POSIXError(.EPIPE) }
                decoder.withLock { $0.append(buffer.prefix(count)) }
            }
        }

        func send(_ message: ChannelMessage) throws {
            let frame = try message.frame()
            let written = frame.withUnsafeBytes { write(responseWrite, $0.baseAddress, $0.count) }
            guard written == frame.count else { throw POSIXError(.EPIPE) }
        }

        func notify(_ targetId: String, _ event: String, _ data: some Encodable) throws {
            try send(.notification(ChannelNotification(targetId: targetId, event: event, data: data.channelData())))
        }

        func stop() {
            channel.close()
            _ = close(responseWrite)
            _ = close(requestRead)
        }
    }

    /// What a worker answers for a new WebRtcTransport without SCTP.
    private static func dump(id: String) -> TransportDump {
        var dump = TransportDump(id: id, maxMessageSize: 262_144)
        dump.iceRole = .controlled
        dump.iceParameters = IceParameters(usernameFragment: "ufrag", password: "password", iceLite: true)
        dump.iceCandidates = [
            IceCandidate(foundation: "udpcandidate", priority: 1_076_302_079, address: "127.0.0.1", protocol: .udp, port: 40000)
        ]
        dump.iceState = .new
        dump.dtlsParameters = DtlsParameters(
            role: .auto, fingerprints: [DtlsFingerprint(algorithm: .sha256, value: "AB:CD")])
        dump.dtlsState = .new
        return dump
    }

    /// Creates a transport through the fake worker, answering its creation request.
    private static func createTransport(
        _ worker: FakeWorker, _ options: WebRtcTransportOptions
    ) async throws -> (any WebRtcTransport, CreateWebRtcTransportPayload) {
        let router = worker.router
        let creation = Task { try await router.createWebRtcTransport(options) }
        let request = try await Task.detached { try worker.nextRequest() }.value
        #expect(request.method == .routerCreateWebRtcTransport)
        #expect(request.handlerId == "router-1")
        let payload = try #require(try request.data?.decode(CreateWebRtcTransportPayload.self))
        try worker.send(.response(.accepted(request.id, data: dump(id: payload.base.transportId).channelData())))
        return (try await creation.value, payload)
    }

    /// Waits (a second at most) until `condition` holds.
    private static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<100 where !condition() {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private final class Recorder<Value: Sendable>: Sendable {
        private let values = Mutex<[Value]>([])
        func append(_ value: Value) { values.withLock { $0.append(value) } }
        var all: [Value] { values.withLock { $0 } }
    }

    @Test func creationRequestCarriesTheOptionsWithMediasoupDefaults() async throws {
        let worker = try FakeWorker()
        defer { worker.stop() }
        let (transport, payload) = try await Self.createTransport(
            worker,
            WebRtcTransportOptions(
                listenIps: [TransportListenIp(ip: "127.0.0.1", announcedIp: "9.9.9.9"), TransportListenIp(ip: "::1")],
                port: 4444, enableTcp: true, preferTcp: true, enableSctp: true))

        #expect(payload.webRtcServerId == nil)
        #expect(
            payload.listenInfos == [
                TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", announcedAddress: "9.9.9.9", port: 4444),
                TransportListenInfo(protocol: .udp, ip: "127.0.0.1", announcedAddress: "9.9.9.9", port: 4444),
                TransportListenInfo(protocol: .tcp, ip: "::1", port: 4444),
                TransportListenInfo(protocol: .udp, ip: "::1", port: 4444),
            ])
        #expect(payload.enableUdp && payload.enableTcp && !payload.preferUdp && payload.preferTcp)
        #expect(payload.iceConsentTimeout == 30)
        #expect(payload.base.maxMessageSize == 262_144)
        #expect(payload.base.initialAvailableOutgoingBitrate == 600_000)
        let sctp = try #require(payload.base.sctp)
        #expect(sctp.numSctpStreams == NumSctpStreams(OS: 1024, MIS: 1024))
        #expect(sctp.sendBufferSize == 262_144)
        #expect(sctp.isDataChannel)

        #expect(transport.id == payload.base.transportId)
        #expect(transport.iceRole == .controlled)
        #expect(transport.iceParameters == IceParameters(usernameFragment: "ufrag", password: "password", iceLite: true))
        #expect(transport.iceState == .new)
        #expect(transport.dtlsParameters.role == .auto)
        #expect(worker.router.transportsForTesting.count == 1)
    }

    @Test(arguments: [
        // enableUdp, enableTcp, preferUdp, preferTcp → protocol order.
        (true, false, false, false, [TransportProtocol.udp]),
        (true, true, false, false, [.udp, .tcp]),
        (true, true, true, false, [.udp, .tcp]),
        (true, true, false, true, [.tcp, .udp]),
        (true, true, true, true, [.udp, .tcp]),
        (false, true, false, false, [.tcp]),
        (false, false, false, false, []),
    ])
    func listenIpsExpandInMediasoupProtocolOrder(
        _ enableUdp: Bool, _ enableTcp: Bool, _ preferUdp: Bool, _ preferTcp: Bool, _ order: [TransportProtocol]
    ) {
        let infos = LocalRouter.listenInfos(
            [TransportListenIp(ip: "10.0.0.1"), TransportListenIp(ip: "10.0.0.2", announcedIp: "1.1.1.1")], port: nil,
            enableUdp: enableUdp, enableTcp: enableTcp, preferUdp: preferUdp, preferTcp: preferTcp)
        #expect(infos.map(\.protocol) == order + order)
        #expect(infos.map(\.ip) == Array(repeating: "10.0.0.1", count: order.count) + Array(repeating: "10.0.0.2", count: order.count))
        #expect(infos.allSatisfy { ($0.ip == "10.0.0.2") == ($0.announcedAddress == "1.1.1.1") })
    }

    @Test func stateNotificationsUpdateTheTransportAndEmitOnEventsAndObserver() async throws {
        let worker = try FakeWorker()
        defer { worker.stop() }
        let (transport, _) = try await Self.createTransport(
            worker, WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")]))
        let events = Recorder<String>()
        let observed = Recorder<String>()
        transport.events.on { event in
            switch event {
            case .iceStateChange(let state): events.append("icestatechange \(state.rawValue)")
            case .iceSelectedTupleChange(let tuple): events.append("iceselectedtuplechange \(tuple.remotePort ?? 0)")
            case .dtlsStateChange(let state): events.append("dtlsstatechange \(state.rawValue)")
            case .sctpStateChange(let state): events.append("sctpstatechange \(state.rawValue)")
            default: break
            }
        }
        transport.observer.on { event in
            switch event {
            case .iceStateChange(let state): observed.append("icestatechange \(state.rawValue)")
            case .iceSelectedTupleChange(let tuple): observed.append("iceselectedtuplechange \(tuple.remotePort ?? 0)")
            case .dtlsStateChange(let state): observed.append("dtlsstatechange \(state.rawValue)")
            case .sctpStateChange(let state): observed.append("sctpstatechange \(state.rawValue)")
            default: break
            }
        }

        let tuple = TransportTuple(
            localAddress: "1.1.1.1", localPort: 1111, remoteIp: "2.2.2.2", remotePort: 2222, protocol: .udp)
        let id = transport.id
        try worker.notify(id, WebRtcTransportNotification.iceStateChange, WebRtcTransportNotification.IceStateChange(iceState: .completed))
        try worker.notify(
            id, WebRtcTransportNotification.iceSelectedTupleChange, WebRtcTransportNotification.IceSelectedTupleChange(tuple: tuple))
        try worker.notify(
            id, WebRtcTransportNotification.dtlsStateChange, WebRtcTransportNotification.DtlsStateChange(dtlsState: .connecting))
        try worker.notify(
            id, WebRtcTransportNotification.dtlsStateChange,
            WebRtcTransportNotification.DtlsStateChange(dtlsState: .connected, remoteCert: "-----BEGIN CERTIFICATE-----"))
        // Not about this transport, or malformed: ignored.
        try worker.notify("another-id", WebRtcTransportNotification.iceStateChange, WebRtcTransportNotification.IceStateChange(iceState: .disconnected))
        try worker.notify(id, WebRtcTransportNotification.iceStateChange, ["iceState": "chicken"] as JSONValue)
        try worker.notify(id, TransportNotification.sctpStateChange, TransportNotification.SctpStateChange(sctpState: .connecting))

        let expected = [
            "icestatechange completed", "iceselectedtuplechange 2222", "dtlsstatechange connecting",
            "dtlsstatechange connected", "sctpstatechange connecting",
        ]
        try await Self.eventually { events.all.count >= expected.count }
        #expect(events.all == expected)
        #expect(observed.all == expected)
        #expect(transport.iceState == .completed)
        #expect(transport.iceSelectedTuple == tuple)
        #expect(transport.dtlsState == .connected)
        #expect(transport.dtlsRemoteCert == "-----BEGIN CERTIFICATE-----")
        #expect(transport.sctpState == .connecting)

        // Closing (the close request goes unanswered here): ICE, DTLS and SCTP are closed, the tuple is gone.
        transport.close()
        #expect(transport.iceState == .closed)
        #expect(transport.iceSelectedTuple == nil)
        #expect(transport.dtlsState == .closed)
        #expect(transport.sctpState == .closed)

        // Notifications after closing reach nobody.
        try worker.notify(id, WebRtcTransportNotification.iceStateChange, WebRtcTransportNotification.IceStateChange(iceState: .connected))
        try await Task.sleep(for: .milliseconds(50))
        #expect(events.all == expected)
        #expect(transport.iceState == .closed)
    }
}
