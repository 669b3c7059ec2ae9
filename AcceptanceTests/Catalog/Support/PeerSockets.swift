#if canImport(Glibc)
import Glibc
#endif

/// A blocking UDP socket on 127.0.0.1, connected to one port.
public final class PeerUdpSocket: PeerPacketLink {
    private var descriptor: Int32

    /// A socket connected to 127.0.0.1:`port`, bound to 127.0.0.1:`localPort`
    /// when given (SO_REUSEADDR: the port is handed on once this closes).
    ///
    /// - Throws: ``WebRtcPeerHandshake/Failure`` when the socket cannot be made.
    public init(to port: UInt16, from localPort: UInt16? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw WebRtcPeerHandshake.Failure(description: "socket() failed") }
        if let localPort {
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard PeerSocketAddress.bind(descriptor, port: localPort) else {
                Glibc.close(descriptor)
                throw WebRtcPeerHandshake.Failure(description: "bind(127.0.0.1:\(localPort)) failed: errno \(errno)")
            }
        }
        guard PeerSocketAddress.connect(descriptor, port: port) else {
            Glibc.close(descriptor)
            throw WebRtcPeerHandshake.Failure(description: "connect() failed")
        }
    }

    deinit { close() }

    public func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
    }

    public func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, max(timeoutMilliseconds, 0)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer.prefix(count)) : nil
    }

    /// Closes the socket (idempotent).
    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}

/// A blocking TCP connection from 127.0.0.1 to an ICE-TCP candidate: packets
/// go and come as RFC 4571 frames (a 2-byte length, then the packet).
public final class PeerTcpConnection: PeerPacketLink {
    private let descriptor: Int32
    private var received: [UInt8] = []
    /// The local port: the remote port of the worker's tuple.
    public let localPort: UInt16
    /// Whether the worker closed the connection (a read met its end).
    public private(set) var isClosedByPeer = false

    /// Connects to 127.0.0.1:`port`.
    ///
    /// - Throws: ``WebRtcPeerHandshake/Failure`` when the connection cannot be made.
    public init(to port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw WebRtcPeerHandshake.Failure(description: "socket() failed") }
        guard PeerSocketAddress.connect(descriptor, port: port), let local = PeerSocketAddress.localPort(descriptor)
        else {
            Glibc.close(descriptor)
            throw WebRtcPeerHandshake.Failure(description: "TCP connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
        localPort = local
    }

    deinit { Glibc.close(descriptor) }

    /// Sends `bytes` as one frame.
    public func send(_ bytes: [UInt8]) {
        sendRaw([UInt8(bytes.count >> 8 & 0xFF), UInt8(bytes.count & 0xFF)] + bytes)
    }

    /// Sends `bytes` as they are (no framing): for malformed streams.
    public func sendRaw(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The next frame, or nil when none is complete within `timeoutMilliseconds`
    /// (or the connection ended: see ``isClosedByPeer``).
    public func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(max(timeoutMilliseconds, 0)))
        while true {
            if received.count >= 2 {
                let length = Int(received[0]) << 8 | Int(received[1])
                if received.count >= 2 + length {
                    let frame = Array(received[2..<(2 + length)])
                    received.removeFirst(2 + length)
                    return frame
                }
            }
            guard !isClosedByPeer, readMore(until: deadline, clock: clock) else { return nil }
        }
    }

    /// Waits until the worker closes the connection, at most `timeoutMilliseconds`; whether it did.
    public func waitForClose(timeoutMilliseconds: Int32) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(max(timeoutMilliseconds, 0)))
        while !isClosedByPeer, readMore(until: deadline, clock: clock) {}
        return isClosedByPeer
    }

    /// Reads what arrives before `deadline`; false when nothing did.
    private func readMore(until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Bool {
        let remaining = deadline - clock.now
        let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds >= 0 else { return false }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(clamping: milliseconds)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            isClosedByPeer = true
            return false
        }
        received += buffer.prefix(count)
        return true
    }
}

/// IPv4 loopback addresses for the peers' sockets.
enum PeerSocketAddress {
    static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    static func bind(_ descriptor: Int32, port: UInt16) -> Bool {
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func connect(_ descriptor: Int32, port: UInt16) -> Bool {
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func localPort(_ descriptor: Int32) -> UInt16? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) == 0 }
        }
        return named ? UInt16(bigEndian: address.sin_port) : nil
    }
}
