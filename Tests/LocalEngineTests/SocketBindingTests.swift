#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Mediasoup
import MediasoupLocal
import Testing

/// How the worker binds the sockets of WebRtcServers and WebRtcTransports
/// (`SocketBinding`), through the public API of a real worker: the parts the
/// acceptance suite does not reach (IPv6, flags, buffer sizes, the worker's
/// port range, ports freed on close).
@Suite(.timeLimit(.minutes(1)))
struct SocketBindingTests {
    /// Runs `body` with a fresh worker and router, closing the worker after.
    private static func withRouter(
        _ settings: WorkerSettings = WorkerSettings(), _ body: (any Worker, any Router) async throws -> Void
    ) async throws {
        let worker = try await LocalMediasoup().createWorker(settings)
        defer { worker.close() }
        let router = try await worker.createRouter()
        try await body(worker, router)
    }

    /// A port the system hands out for `type` on `ip`, free again when returned; nil when `ip` cannot be bound.
    private static func freePort(_ type: Int32, ip: String = "127.0.0.1") -> UInt16? {
        let family = ip.contains(":") ? AF_INET6 : AF_INET
        let descriptor = socket(family, type, 0)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var storage = sockaddr_storage()
        var length = socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &storage) { pointer -> Bool in
            if family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    _ = inet_pton(AF_INET6, ip, &address.pointee.sin6_addr)
                }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    address.pointee.sin_family = sa_family_t(AF_INET)
                    _ = inet_pton(AF_INET, ip, &address.pointee.sin_addr)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { return nil }
        return withUnsafePointer(to: &storage) { pointer in
            family == AF_INET6
                ? pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
                : pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    #if canImport(Glibc)
    private static let udp = Int32(SOCK_DGRAM.rawValue)
    #else
    private static let udp = SOCK_DGRAM
    #endif

    private static func udpInfo(
        _ ip: String = "127.0.0.1", port: UInt16? = nil, flags: TransportSocketFlags? = nil, sendBufferSize: Int? = nil,
        recvBufferSize: Int? = nil
    ) -> TransportListenInfo {
        TransportListenInfo(
            protocol: .udp, ip: ip, port: port, flags: flags, sendBufferSize: sendBufferSize, recvBufferSize: recvBufferSize)
    }

    @Test(arguments: ["123", "1.2.3.4.5", "::::1", "localhost", ""])
    func anInvalidIpIsATypeError(_ ip: String) async throws {
        try await Self.withRouter { worker, router in
            await #expect(throws: TypeError.self) {
                _ = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [Self.udpInfo(ip)]))
            }
            await #expect(throws: TypeError.self) {
                _ = try await worker.createWebRtcServer(WebRtcServerOptions(listenInfos: [Self.udpInfo(ip)]))
            }
        }
    }

    @Test func ipv6AddressesAreBoundAndShownInCanonicalForm() async throws {
        guard Self.freePort(Self.udp, ip: "::1") != nil else { return }  // No IPv6 loopback on this host.
        try await Self.withRouter { _, router in
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [
                    Self.udpInfo("0:0:0:0:0:0:0:1", flags: TransportSocketFlags(ipv6Only: true)),
                    TransportListenInfo(protocol: .tcp, ip: "::1"),
                ]))
            #expect(transport.iceCandidates.map(\.address) == ["::1", "::1"])
            #expect(transport.iceCandidates.map(\.protocol) == [.udp, .tcp])
            #expect(transport.iceCandidates.allSatisfy { $0.port != 0 })
        }
    }

    @Test func udpReusePortLetsTwoSocketsShareAPort() async throws {
        let port = try #require(Self.freePort(Self.udp))
        try await Self.withRouter { _, router in
            let reuse = TransportSocketFlags(udpReusePort: true)
            let first = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [Self.udpInfo(port: port, flags: reuse)]))
            let second = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [Self.udpInfo(port: port, flags: reuse)]))
            #expect(first.iceCandidates[0].port == port)
            #expect(second.iceCandidates[0].port == port)
            await #expect(throws: MediasoupError.self) {
                _ = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [Self.udpInfo(port: port)]))
            }
        }
    }

    @Test func bufferSizesAreAccepted() async throws {
        try await Self.withRouter { worker, router in
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(listenInfos: [
                    Self.udpInfo(sendBufferSize: 262_144, recvBufferSize: 262_144),
                    TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", sendBufferSize: 65536, recvBufferSize: 65536),
                ]))
            #expect(transport.iceCandidates.count == 2)
            let server = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [Self.udpInfo(sendBufferSize: 65536, recvBufferSize: 65536)]))
            #expect(try await server.dump().udpSockets.count == 1)
        }
    }

    @Test func withoutPortTheWorkerRangeIsUsedAndClosingFreesItsPort() async throws {
        let port = try #require(Self.freePort(Self.udp))
        try await Self.withRouter(WorkerSettings(rtcMinPort: Int(port), rtcMaxPort: Int(port))) { _, router in
            let first = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [Self.udpInfo()]))
            #expect(first.iceCandidates[0].port == port)
            await #expect(throws: MediasoupError.self) {
                _ = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [Self.udpInfo()]))
            }
            first.close()
            let again = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [Self.udpInfo()]))
            #expect(again.iceCandidates[0].port == port)
        }
    }

    @Test func aClosedServerFreesItsPorts() async throws {
        let port = try #require(Self.freePort(Self.udp))
        try await Self.withRouter { worker, _ in
            let server = try await worker.createWebRtcServer(WebRtcServerOptions(listenInfos: [Self.udpInfo(port: port)]))
            server.close()
            let again = try await worker.createWebRtcServer(WebRtcServerOptions(listenInfos: [Self.udpInfo(port: port)]))
            #expect(try await again.dump().udpSockets == [IpPort(ip: "127.0.0.1", port: port)])
        }
    }

    @Test func preferredProtocolAndServerCandidatesFollowMediasoupPriorities() async throws {
        try await Self.withRouter { worker, router in
            let server = try await worker.createWebRtcServer(
                WebRtcServerOptions(listenInfos: [
                    Self.udpInfo(), TransportListenInfo(protocol: .tcp, ip: "127.0.0.1", announcedAddress: "example.org"),
                ]))
            let transport = try await router.createWebRtcTransport(
                WebRtcTransportOptions(webRtcServer: server, preferTcp: true))
            // 2^24·64 + 2^8·localPreference + 255; the second entry loses 100 and, preferred, gains 1000.
            #expect(transport.iceCandidates.map(\.priority) == [1_076_302_079, 1_076_532_479])
            #expect(transport.iceCandidates.map(\.address) == ["127.0.0.1", "example.org"])
            #expect(transport.iceCandidates.map(\.foundation) == ["udpcandidate", "tcpcandidate"])
        }
    }
}
