import Foundation
import Synchronization
import Mediasoup
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

/// A one-member etcd of a test's own (on loopback unless told), on ports it chooses, in
/// a fresh data directory (removed by ``remove()``). `scripts/setup`
/// installs Debian's etcd-server.
public final class EtcdProcess: Sendable {
    public static let executable = "/usr/bin/etcd"
    public let clientPort: Int
    let host: String
    /// Where clients reach it: `http://HOST:PORT`.
    public let endpoint: URL
    let peerPort: Int
    let directory: URL
    private let running = Mutex<(process: Process, stdin: Pipe)?>(nil)

    /// An etcd to listen on `host` (an IPv4 address of this host).
    public init(host: String = "127.0.0.1") throws {
        self.host = host
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mafalda-etcd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clientPort = try Self.freePort()
        peerPort = try Self.freePort()
        guard let endpoint = URL(string: "http://\(host):\(clientPort)") else {
            throw MediasoupError("no URL for port \(clientPort)")
        }
        self.endpoint = endpoint
    }


    /// Starts etcd (again, on the same data and ports) and waits until it
    /// answers /health. It runs under a shell that stops it when its standard
    /// input ends: at ``stop()``, or when this process exits however it does,
    /// so no etcd outlives the tests.
    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let client = "http://\(host):\(clientPort)"
        let peer = "http://127.0.0.1:\(peerPort)"
        let script = "\"$0\" \"$@\" & pid=$!; cat > /dev/null; kill $pid; wait $pid"
        process.arguments = [
            "-c", script, Self.executable, "--name", "n0", "--data-dir", directory.appendingPathComponent("data").path,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "n0=\(peer)", "--logger=zap", "--log-level=error",
        ]
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        running.withLock { $0 = (process, stdin) }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let (data, _) = try? await URLSession.shared.data(from: endpoint.appendingPathComponent("health")),
                String(decoding: data, as: UTF8.self).contains("true")
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await stop()
        throw MediasoupError("etcd did not become healthy on port \(clientPort) within 20 s")
    }

    /// Stops etcd (SIGTERM) and waits (5 s at most) for it to exit.
    public func stop() async {
        guard let (process, stdin) = running.withLock({ running in defer { running = nil }; return running }) else { return }
        try? stdin.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
    }

    /// Stops etcd and removes its data.
    public func remove() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A TCP port free on 127.0.0.1 now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MediasoupError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw MediasoupError("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
