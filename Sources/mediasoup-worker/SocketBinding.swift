#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Mediasoup
import Synchronization

// Binding the sockets transports and WebRTC servers listen on.
//
// Binding is synchronous and done with plain POSIX calls inside the request
// that asks for it, so the request fails with the exact reason: an IP that is
// not an IP is a ``TypeError``; an address this host does not have, a port in
// use (by this worker or another process) or an exhausted port range is a
// ``MediasoupError``. The bound descriptors are held by ``BoundSocket``, which
// closes them; the media plane adopts them into its event loop later
// (`DatagramBootstrap.withBoundSocket`, `ServerBootstrap.withBoundSocket`)
// with ``BoundSocket/takeDescriptor()``.

/// A UDP socket or listening TCP socket the worker bound. Owns its descriptor
/// (closed by ``close()`` or when released) and, when its port came from a
/// range, the reservation of that port in the worker.
final class BoundSocket {
    let `protocol`: TransportProtocol
    /// The bound address, in canonical text form (`127.0.0.1`, `::1`, `0.0.0.0`).
    let localIp: String
    let localPort: UInt16
    /// What peers are told instead of ``localIp`` (announcedAddress, or the deprecated announcedIp).
    let announcedAddress: String?
    /// The descriptor while this object owns it; nil once closed or handed over.
    private(set) var descriptor: Int32?
    private var reservation: PortReservation?

    fileprivate init(
        protocol: TransportProtocol, descriptor: Int32, localIp: String, localPort: UInt16, announcedAddress: String?,
        reservation: PortReservation?
    ) {
        self.protocol = `protocol`
        self.descriptor = descriptor
        self.localIp = localIp
        self.localPort = localPort
        self.announcedAddress = announcedAddress
        self.reservation = reservation
    }

    deinit { close() }

    /// The address to give peers: the announced address, or the bound IP.
    var advertisedAddress: String { announcedAddress ?? localIp }

    /// Hands the descriptor over (to the media plane's event loop), which then
    /// closes it. The port stays reserved until ``close()``.
    func takeDescriptor() -> Int32? {
        defer { descriptor = nil }
        return descriptor
    }

    /// Closes the descriptor if still owned and frees the port reservation. Idempotent.
    func close() {
        if let descriptor { closeDescriptor(descriptor) }
        descriptor = nil
        reservation?.release()
        reservation = nil
    }
}

/// Binds sockets as mediasoup's PortManager does.
enum SocketBinding {
    /// Binds one socket for `listenInfo`.
    ///
    /// The port is `portRange` when it has both ends non-zero (a free port in
    /// it, starting at a random one), else `port` when non-zero, else a free
    /// port in `defaultPortRange` (the worker's rtcMinPort…rtcMaxPort).
    ///
    /// - Throws: ``TypeError`` for an invalid IP or a reversed range;
    ///   ``MediasoupError`` when the address cannot be bound, the port is in
    ///   use, no port of the range is free, or a buffer size cannot be set.
    static func bind(_ listenInfo: TransportListenInfo, defaultPortRange: ClosedRange<UInt16>) throws -> BoundSocket {
        let address = try SocketAddress(ip: listenInfo.ip)
        let options = SocketOptions(listenInfo)
        let socket: BoundSocket
        if let range = listenInfo.portRange, range.min != 0, range.max != 0 {
            guard range.min <= range.max else {
                throw TypeError("portRange.max \(range.max) cannot be less than portRange.min \(range.min)")
            }
            socket = try bind(address, in: range.min...range.max, options)
        } else if let port = listenInfo.port, port != 0 {
            switch open(address, port: port, options) {
            case .success(let descriptor):
                socket = try made(descriptor, address, options, reservation: nil)
            case .failure(let failure):
                throw MediasoupError(
                    "\(failure.call) failed [protocol:\(options.protocol.rawValue), ip:'\(address.text)', port:\(port)]: \(failure.reason)"
                )
            }
        } else {
            socket = try bind(address, in: defaultPortRange, options)
        }
        do {
            try setBufferSizes(socket, listenInfo)
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// Binds every listen info in order; on a failure, closes what was bound and rethrows.
    static func bind(_ listenInfos: [TransportListenInfo], defaultPortRange: ClosedRange<UInt16>) throws
        -> [BoundSocket]
    {
        var sockets: [BoundSocket] = []
        do {
            for listenInfo in listenInfos {
                sockets.append(try bind(listenInfo, defaultPortRange: defaultPortRange))
            }
        } catch {
            for socket in sockets { socket.close() }
            throw error
        }
        return sockets
    }

    /// The canonical text form of an IP. - Throws: ``TypeError`` when `ip` is not an IPv4 or IPv6 address.
    static func normalizedIp(_ ip: String) throws(TypeError) -> String {
        try SocketAddress(ip: ip).text
    }

    // MARK: Port ranges

    private static func bind(_ address: SocketAddress, in range: ClosedRange<UInt16>, _ options: SocketOptions) throws
        -> BoundSocket
    {
        // Port 0 would mean "any port": never hand it out from a range.
        let low = max(range.lowerBound, 1)
        guard low <= range.upperBound else {
            throw MediasoupError("no available port in [\(range.lowerBound), \(range.upperBound)]")
        }
        let count = Int(range.upperBound) - Int(low) + 1
        let start = Int.random(in: 0..<count)
        for attempt in 0..<count {
            let port = UInt16(Int(low) + (start + attempt) % count)
            guard let reservation = PortReservation(options.protocol, address.text, port) else { continue }
            switch open(address, port: port, options) {
            case .success(let descriptor):
                return try made(descriptor, address, options, reservation: reservation)
            case .failure(let failure):
                reservation.release()
                // As mediasoup: these do not depend on the port, so trying others is pointless.
                if failure.code == EADDRNOTAVAIL || failure.code == EMFILE || failure.code == EAFNOSUPPORT {
                    throw MediasoupError(
                        "port bind failed [protocol:\(options.protocol.rawValue), ip:'\(address.text)', port:\(port)]: \(failure.reason)"
                    )
                }
            }
        }
        throw MediasoupError(
            "no more available ports [protocol:\(options.protocol.rawValue), ip:'\(address.text)', numAttempt:\(count)]")
    }

    // MARK: System calls

    private struct Failure: Error {
        let call: String
        let code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    /// socket(), options, bind() and, for TCP, listen(): a bound descriptor or why not.
    private static func open(_ address: SocketAddress, port: UInt16, _ options: SocketOptions) -> Result<Int32, Failure> {
        let type = options.protocol == .udp ? datagramSocketType : streamSocketType
        let descriptor = socket(address.family, type, 0)
        guard descriptor >= 0 else { return .failure(Failure(call: "socket()", code: errno)) }
        func fail(_ call: String) -> Result<Int32, Failure> {
            let code = errno
            closeDescriptor(descriptor)
            return .failure(Failure(call: call, code: code))
        }
        guard fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0 else { return fail("fcntl(FD_CLOEXEC)") }
        let flags = fcntl(descriptor, F_GETFL, 0)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else { return fail("fcntl(O_NONBLOCK)") }
        if address.family == AF_INET6, options.ipv6Only {
            guard setOption(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) else { return fail("setsockopt(IPV6_V6ONLY)") }
        }
        switch options.protocol {
        case .udp:
            if options.udpReusePort {
                guard setOption(descriptor, SOL_SOCKET, SO_REUSEPORT, 1) else { return fail("setsockopt(SO_REUSEPORT)") }
            }
        case .tcp:
            // As libuv: a restarted server may bind while old connections linger in TIME_WAIT.
            guard setOption(descriptor, SOL_SOCKET, SO_REUSEADDR, 1) else { return fail("setsockopt(SO_REUSEADDR)") }
        }
        let bound = address.withSockaddr(port: port) { pointer, length in
            systemBind(descriptor, pointer, length)
        }
        guard bound == 0 else { return fail("bind()") }
        if options.protocol == .tcp {
            guard listen(descriptor, 256) == 0 else { return fail("listen()") }
        }
        return .success(descriptor)
    }

    /// A ``BoundSocket`` for a bound descriptor, with the port the system reports.
    private static func made(
        _ descriptor: Int32, _ address: SocketAddress, _ options: SocketOptions, reservation: PortReservation?
    ) throws -> BoundSocket {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            closeDescriptor(descriptor)
            reservation?.release()
            throw MediasoupError("getsockname() failed: \(String(cString: strerror(code)))")
        }
        let port = withUnsafePointer(to: &storage) { pointer -> UInt16 in
            if address.family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        return BoundSocket(
            protocol: options.protocol, descriptor: descriptor, localIp: address.text, localPort: port,
            announcedAddress: options.announcedAddress, reservation: reservation)
    }

    private static func setBufferSizes(_ socket: BoundSocket, _ listenInfo: TransportListenInfo) throws {
        guard let descriptor = socket.descriptor else { return }
        for (name, option, size) in [
            ("SO_SNDBUF", SO_SNDBUF, listenInfo.sendBufferSize), ("SO_RCVBUF", SO_RCVBUF, listenInfo.recvBufferSize),
        ] {
            guard let size, size != 0 else { continue }
            guard let value = Int32(exactly: size), value > 0 else {
                throw TypeError("invalid \(name == "SO_SNDBUF" ? "sendBufferSize" : "recvBufferSize") \(size)")
            }
            guard setOption(descriptor, SOL_SOCKET, option, value) else {
                throw MediasoupError("setsockopt(\(name), \(size)) failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func setOption(_ descriptor: Int32, _ level: Int32, _ name: Int32, _ value: Int32) -> Bool {
        var value = value
        return setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
    }
}

/// What a listen info asks of the socket besides its address and port.
private struct SocketOptions {
    let `protocol`: TransportProtocol
    let ipv6Only: Bool
    /// UDP only: TCP sockets ignore the flag, as mediasoup does.
    let udpReusePort: Bool
    let announcedAddress: String?

    init(_ listenInfo: TransportListenInfo) {
        self.protocol = listenInfo.protocol
        self.ipv6Only = listenInfo.flags?.ipv6Only ?? false
        self.udpReusePort = listenInfo.protocol == .udp && (listenInfo.flags?.udpReusePort ?? false)
        self.announcedAddress = listenInfo.announcedAddress ?? listenInfo.announcedIp
    }
}

/// An IPv4 or IPv6 address parsed from text.
private struct SocketAddress {
    let family: Int32
    /// Canonical text form.
    let text: String
    private var ipv4 = in_addr()
    private var ipv6 = in6_addr()

    /// - Throws: ``TypeError`` when `ip` is neither an IPv4 nor an IPv6 address.
    init(ip: String) throws(TypeError) {
        if inet_pton(AF_INET, ip, &ipv4) == 1 {
            family = AF_INET
        } else if inet_pton(AF_INET6, ip, &ipv6) == 1 {
            family = AF_INET6
        } else {
            throw TypeError("invalid IP '\(ip)'")
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written: UnsafePointer<CChar>? =
            family == AF_INET
            ? inet_ntop(AF_INET, &ipv4, &buffer, socklen_t(buffer.count))
            : inet_ntop(AF_INET6, &ipv6, &buffer, socklen_t(buffer.count))
        guard written != nil else { throw TypeError("invalid IP '\(ip)'") }
        text = buffer.withUnsafeBufferPointer { pointer in
            pointer.baseAddress.map { String(cString: $0) } ?? ip
        }
    }

    /// Calls `body` with this address and `port` as a `sockaddr`.
    func withSockaddr<R>(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if family == AF_INET {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = ipv4
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        address.sin6_addr = ipv6
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
    }
}

/// A port of a range handed to one socket of this worker, so the range does
/// not hand it out again while that socket lives (even when the system would
/// let a second socket bind it, as with SO_REUSEPORT). The table is the
/// process's, which is the worker's (one worker per process), as mediasoup's
/// PortManager.
private final class PortReservation {
    private struct Key: Hashable {
        let `protocol`: TransportProtocol
        let ip: String
        let port: UInt16
    }

    private static let reserved = Mutex<Set<Key>>([])
    private let key: Key
    private var held = true

    /// Reserves the port; nil when this worker already holds it.
    init?(_ protocol: TransportProtocol, _ ip: String, _ port: UInt16) {
        let key = Key(protocol: `protocol`, ip: ip, port: port)
        guard Self.reserved.withLock({ $0.insert(key).inserted }) else { return nil }
        self.key = key
    }

    /// Frees the port. Idempotent.
    func release() {
        guard held else { return }
        held = false
        _ = Self.reserved.withLock { $0.remove(key) }
    }
}

#if canImport(Glibc)
private let datagramSocketType = Int32(SOCK_DGRAM.rawValue)
private let streamSocketType = Int32(SOCK_STREAM.rawValue)
#else
private let datagramSocketType = SOCK_DGRAM
private let streamSocketType = SOCK_STREAM
#endif

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

private func systemBind(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    bind(descriptor, address, length)
}

extension WorkerRuntime {
    /// The ports a listen info with neither `port` nor `portRange` binds in:
    /// the worker's (deprecated) rtcMinPort…rtcMaxPort settings.
    var defaultPortRange: ClosedRange<UInt16> {
        settings.rtcMinPort...max(settings.rtcMinPort, settings.rtcMaxPort)
    }
}
