#if canImport(Glibc)
import Glibc
#endif
import Mediasoup

/// A UDP socket on 127.0.0.1 standing for a remote endpoint in a case: sends
/// datagrams to a transport and receives what the transport sends back.
/// Blocking calls with timeouts; closed when released.
final class UdpPeer: @unchecked Sendable {
    // Safe: the descriptor is only read after init and closed in deinit.
    private let descriptor: Int32
    /// The local port, to give `transport.connect`.
    let port: UInt16

    /// - Throws: ``MediasoupError`` when the socket cannot be made.
    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw MediasoupError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
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

    /// Sends one datagram to 127.0.0.1:`port`.
    func send(_ bytes: [UInt8], to port: UInt16) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
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

    /// Every datagram that arrives until `count` arrived or none came for `quietMilliseconds`.
    func receive(upTo count: Int, quietMilliseconds: Int32 = 1000) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        while datagrams.count < count, let datagram = receive(timeoutMilliseconds: quietMilliseconds) {
            datagrams.append(datagram)
        }
        return datagrams
    }
}
