#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import RTP
import Synchronization

/// A UDP socket (on 127.0.0.1 unless told) standing for a remote endpoint in a case: sends
/// datagrams to a transport and receives what the transport sends back.
/// Blocking calls with timeouts; closed when released.
final class UdpPeer: @unchecked Sendable {
    // Safe: the descriptor is only read after init and closed in deinit.
    private let descriptor: Int32
    /// The local port, to give `transport.connect`.
    let port: UInt16

    /// A socket bound to `host` (an IPv4 address of this host) on a free port.
    ///
    /// - Throws: ``MediasoupError`` when the socket cannot be made.
    init(host: String = "127.0.0.1") throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw MediasoupError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw MediasoupError("bind() failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
        var size: Int32 = 4 * 1024 * 1024
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// Sends one datagram to `host`:`port`.
    func send(_ bytes: [UInt8], to port: UInt16, host: String = "127.0.0.1") {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = port.bigEndian
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// The next datagram, or nil when none arrives within `timeoutMilliseconds`.
    func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// Every datagram that arrives until `count` arrived or none came for
    /// `quietMilliseconds`, RTCP included: the worker's periodic reports count
    /// too. To count media, use ``receiveRTP(upTo:quietMilliseconds:)``.
    func receive(upTo count: Int, quietMilliseconds: Int32 = 1000) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        while datagrams.count < count, let datagram = receive(timeoutMilliseconds: quietMilliseconds) {
            datagrams.append(datagram)
        }
        return datagrams
    }

    /// The next datagram `matches` accepts, the others read and dropped; nil
    /// when none arrives within `timeoutMilliseconds` of the call (skipped
    /// datagrams do not extend the wait).
    func receive(timeoutMilliseconds: Int32, where matches: ([UInt8]) -> Bool) -> [UInt8]? {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(timeoutMilliseconds)
        var remaining = timeoutMilliseconds
        while let datagram = receive(timeoutMilliseconds: remaining) {
            if matches(datagram) { return datagram }
            let left = clock.now.duration(to: deadline).components
            remaining = Int32(clamping: left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000)
            if remaining <= 0 { return nil }
        }
        return nil
    }

    /// The next RTP datagram, RTCP (and anything else) skipped; nil when none
    /// arrives within `timeoutMilliseconds`.
    func receiveRTP(timeoutMilliseconds: Int32) -> [UInt8]? {
        receive(timeoutMilliseconds: timeoutMilliseconds, where: Self.isRTP)
    }

    /// The RTP datagrams that arrive until `count` did or no RTP came for
    /// `quietMilliseconds`; RTCP (the worker's SR, RR, SDES, feedback) is skipped.
    func receiveRTP(upTo count: Int, quietMilliseconds: Int32 = 1000) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        while datagrams.count < count, let datagram = receiveRTP(timeoutMilliseconds: quietMilliseconds) {
            datagrams.append(datagram)
        }
        return datagrams
    }

    /// The packets of the next RTCP datagram whose compound `matches` accepts,
    /// RTP and other RTCP skipped; nil when none arrives within `timeoutMilliseconds`.
    func receiveRTCP(
        timeoutMilliseconds: Int32, where matches: ([RTCPPacket]) -> Bool = { _ in true }
    ) -> [RTCPPacket]? {
        let datagram = receive(timeoutMilliseconds: timeoutMilliseconds) { datagram in
            Self.isRTCP(datagram) && matches(Self.rtcpPackets(in: datagram))
        }
        return datagram.map(Self.rtcpPackets(in:))
    }

    // MARK: Telling RTP from RTCP (RFC 5761 §4)

    /// True for an RTCP datagram: version 2 and a second byte in 192…223 (the
    /// RTCP packet types; RTP payload types 64–95, which would look the same
    /// with the marker bit set, are not used with RTCP multiplexing).
    static func isRTCP(_ datagram: [UInt8]) -> Bool {
        datagram.count >= 4 && datagram[0] >> 6 == 2 && (192...223).contains(datagram[1])
    }

    /// True for an RTP datagram: version 2, a whole fixed header, not RTCP.
    static func isRTP(_ datagram: [UInt8]) -> Bool {
        datagram.count >= 12 && datagram[0] >> 6 == 2 && !(192...223).contains(datagram[1])
    }

    /// Every RTCP packet of the compound `datagram` (SR, RR, SDES, feedback…),
    /// in order, up to the first that does not parse; [] when it is not RTCP.
    static func rtcpPackets(in datagram: [UInt8]) -> [RTCPPacket] {
        guard isRTCP(datagram) else { return [] }
        return datagram.withUnsafeBytes { raw in
            var iterator = RTCPCompoundIterator(raw)
            var packets: [RTCPPacket] = []
            while let view = try? iterator.next(), let packet = try? RTCPPacket(parsing: view.bytes) {
                packets.append(packet)
            }
            return packets
        }
    }

    /// The media SSRCs of the PLIs anywhere in the compound `datagram`.
    static func pictureLossMediaSSRCs(in datagram: [UInt8]) -> [UInt32] {
        rtcpPackets(in: datagram).compactMap { packet -> UInt32? in
            guard case .pictureLossIndication(let pli) = packet else { return nil }
            return pli.mediaSSRC
        }
    }
}

/// What a ``UdpPeer`` receives, read on a thread of its own (the peer's calls
/// block, and blocking a task would take one of the few threads of Swift's
/// cooperative pool) until ``finish()``. Each datagram goes first to the
/// handler, on that thread and in arrival order, which may answer it with
/// the peer's `send`; then it is kept.
final class UdpListener: Sendable {
    private struct State {
        var datagrams: [[UInt8]] = []
        var stopping = false
        var done = false
    }
    private final class Shared: Sendable {
        let state = Mutex(State())
    }
    private let shared = Shared()

    /// Starts listening on `peer`; the listening stops after the case
    /// (a teardown of `context`) if ``finish()`` was not called.
    init(
        _ peer: UdpPeer, context: AcceptanceContext? = nil,
        handler: @escaping @Sendable ([UInt8]) -> Void = { _ in }
    ) {
        let shared = self.shared
        let thread = Thread {
            while !shared.state.withLock({ $0.stopping }) {
                if let datagram = peer.receive(timeoutMilliseconds: 20) {
                    handler(datagram)
                    shared.state.withLock { $0.datagrams.append(datagram) }
                }
            }
            while let datagram = peer.receive(timeoutMilliseconds: 0) {
                handler(datagram)
                shared.state.withLock { $0.datagrams.append(datagram) }
            }
            shared.state.withLock { $0.done = true }
        }
        thread.start()
        context?.addTeardown { shared.state.withLock { $0.stopping = true } }
    }

    /// What arrived so far, in order.
    var datagrams: [[UInt8]] { shared.state.withLock { $0.datagrams } }

    /// Waits until `condition` holds for what arrived so far, or `timeout`
    /// passed; true when it held.
    @discardableResult
    func wait(until condition: ([[UInt8]]) -> Bool, timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if condition(datagrams) { return true }
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops listening and returns what arrived, in order.
    func finish() async -> [[UInt8]] {
        shared.state.withLock { $0.stopping = true }
        while !shared.state.withLock({ $0.done }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return shared.state.withLock { $0.datagrams }
    }
}
