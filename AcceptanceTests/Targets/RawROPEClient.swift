// A client of a ROPE server that misbehaves on purpose, for the abuse suite
// and the server's tests: a TCP socket driven byte by byte (it may never
// upgrade, never read, or send a frame larger than the server accepts), with
// blocking calls.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup

public final class RawROPEClient: @unchecked Sendable {
    // Safe: the descriptor is only used by one thread at a time in the suite and closed in deinit.
    public let descriptor: Int32

    /// Connects to `host`:`port` (an IPv4 or IPv6 literal).
    public init(host: String, port: Int, receiveBuffer: Int32? = nil) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else {
            throw MediasoupError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
        guard descriptor >= 0 else { throw MediasoupError("socket() failed: errno \(errno)") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        guard connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(descriptor)
            throw MediasoupError("connect to \(host):\(port) failed: errno \(errno)")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw MediasoupError("send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends a WebSocket upgrade (with a bearer token when given) and returns
    /// the HTTP status of the answer (101 when upgraded). The blocking read
    /// of the answer runs on a thread of its own: on one of the cooperative
    /// pool's it could starve the server it waits for, which a run of
    /// `swift test` saw (no answer before the handshake deadline).
    public func upgrade(token: String?) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try self.upgradeBlocking(token: token) }) }.start()
        }
    }

    private func upgradeBlocking(token: String?) throws -> Int {
        var request = "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        try write(Array((request + "\r\n").utf8))
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard recv(descriptor, &byte, 1, 0) == 1 else { throw MediasoupError("no answer to the upgrade") }
            head.append(byte)
        }
        let statusLine = String(decoding: head, as: UTF8.self).split(separator: " ")
        return statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
    }

    /// Sends one masked text frame (clients mask, RFC 6455 §5.3) of any length.
    public func sendText(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        switch payload.count {
        case ..<126:
            frame.append(0x80 | UInt8(payload.count))
        case ..<65536:
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8(truncatingIfNeeded: payload.count >> ($0 * 8)) }
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame.reserveCapacity(frame.count + payload.count)
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index & 3]) }
        try write(frame)
    }

    /// Whether the server closes the connection within `milliseconds`; what
    /// arrives meanwhile is read and dropped when `draining`, else the first
    /// byte counts as "still open".
    public func closedByServer(within milliseconds: Int, draining: Bool = true) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
            if !draining { return false }
        }
        return false
    }

    /// Whether the server already closed the connection, even when unread
    /// bytes wait before its end of stream: the socket's TCP state (Linux
    /// TCP_INFO) is CLOSE_WAIT (its FIN arrived) or CLOSE (it reset).
    public var isClosedByServer: Bool {
        var info = [UInt8](repeating: 0, count: 256)
        var length = socklen_t(info.count)
        guard getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0 else { return true }
        let state = info[0]  // tcpi_state
        return state == 8 || state == 7  // TCP_CLOSE_WAIT, TCP_CLOSE
    }
}

/// How many of a process's descriptors are open, and how many are sockets.
public func descriptorCounts(pid: Int32) -> (all: Int, sockets: Int) {
    let folder = "/proc/\(pid)/fd"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let sockets = names.count {
        ((try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\($0)")) ?? "").hasPrefix("socket:")
    }
    return (names.count, sockets)
}
