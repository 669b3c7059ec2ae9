import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif
@testable import DTLS
import Mediasoup

/// The endpoint as a server on a loopback UDP socket, against the `openssl
/// s_client` command: handshake, SRTP keys compared with the keying material
/// s_client exports, application data, close_notify. Skipped without the
/// command; bounded: five seconds, then s_client is killed.
@Suite("DTLS interop with openssl s_client")
struct DtlsOpenSSLInteropTests {
    static let openssl = "/usr/bin/openssl"

    @Test(.enabled(if: access("/usr/bin/openssl", X_OK) == 0), .timeLimit(.minutes(1)))
    func serverTalksToOpenSSLClient() throws {
        let clientIdentity = try DtlsIdentity.generateSelfSigned(commonName: "s_client")
        let certificateFile = try temporaryFile(clientIdentity.certificatePEM)
        let keyFile = try temporaryFile(try clientIdentity.privateKeyPEM())
        defer {
            unlink(certificateFile)
            unlink(keyFile)
        }
        let socket = try LoopbackUDPSocket()
        defer { socket.close() }
        let server = try DtlsEndpoint(
            identity: try DtlsIdentity.generateSelfSigned(), role: .server,
            remoteFingerprint: clientIdentity.fingerprint(.sha256))
        server.start(now: monotonicMilliseconds())

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.openssl)
        process.arguments = [
            "s_client", "-dtls1_2", "-connect", "127.0.0.1:\(socket.port)", "-cert", certificateFile, "-key", keyFile,
            "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // s_client reads its input once connected: it sends the line, then close_notify at the end of input.
        input.fileHandleForWriting.write(Data("ping\n".utf8))
        try input.fileHandleForWriting.close()

        var keys: DtlsSrtpKeys?
        var received: [[UInt8]] = []
        let deadline = monotonicMilliseconds() + 5_000
        while server.state != .closed, server.state != .failed, monotonicMilliseconds() < deadline {
            if let (datagram, peer) = socket.receive(timeoutMilliseconds: 50) {
                server.receive(datagram, now: monotonicMilliseconds())
                while let event = server.pollOutput() {
                    switch event {
                    case .send(let bytes): socket.send(bytes, to: peer)
                    case .connected(let negotiated): keys = negotiated
                    case .applicationData(let data): received.append(data)
                    case .stateChanged: break
                    }
                }
            }
        }
        #expect(server.state == .closed && server.endReason == .closedByPeer)
        #expect(received == [Array("ping\n".utf8)])
        #expect(server.remoteCertificatePEM == clientIdentity.certificatePEM)

        let exitDeadline = monotonicMilliseconds() + 3_000
        while process.isRunning, monotonicMilliseconds() < exitDeadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(transcript.contains("SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80"))
        let material = try #require(Self.keyingMaterial(in: transcript))
        let negotiated = try #require(keys)
        // s_client is the client: client key, server key, client salt, server salt (RFC 5764 §4.2).
        #expect(negotiated.cryptoSuite == .aesCm128HmacSha1_80)
        #expect(negotiated.remoteMasterKey == Array(material[0..<16] + material[32..<46]))
        #expect(negotiated.localMasterKey == Array(material[16..<32] + material[46..<60]))
    }

    /// The bytes after `Keying material: ` in s_client's output.
    static func keyingMaterial(in transcript: String) -> [UInt8]? {
        guard let line = transcript.split(separator: "\n").first(where: { $0.contains("Keying material: ") }),
            let hex = line.split(separator: " ").last, hex.count == 120
        else {
            return nil
        }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Milliseconds on the monotonic clock.
func monotonicMilliseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
}

/// A UDP socket bound to 127.0.0.1 on an ephemeral port.
struct LoopbackUDPSocket {
    let descriptor: Int32
    let port: UInt16

    /// Why the socket could not be made.
    struct SetupError: Error {}

    init() throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw SetupError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            _ = Glibc.close(descriptor)
            throw SetupError()
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    /// A datagram and its sender, or nil after `timeoutMilliseconds` without one.
    func receive(timeoutMilliseconds: Int32) -> ([UInt8], sockaddr_storage)? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var peer = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = buffer.withUnsafeMutableBytes { bytes in
            withUnsafeMutablePointer(to: &peer) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &length)
                }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer.prefix(count)), peer)
    }

    /// Sends `datagram` to `peer`.
    func send(_ datagram: [UInt8], to peer: sockaddr_storage) {
        var peer = peer
        _ = datagram.withUnsafeBytes { bytes in
            withUnsafePointer(to: &peer) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
