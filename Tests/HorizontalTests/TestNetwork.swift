import Foundation
import Mediasoup

/// Test hosts on this machine: a network namespace per host, each with a
/// veth pair to a bridge in a namespace of its own (the switch), and one
/// more pair from this process's namespace to the bridge, so the test
/// reaches every host and the hosts reach each other on one /24 of
/// 10.0.0.0/8 picked at random. Nothing is routed off the machine; ``remove()``
/// deletes the namespaces, and with them every veth pair.
final class TestNetwork: Sendable {
    let id: String
    let subnet: String
    let hosts: [String]

    /// Whether `ip netns` works here, or why not.
    static let availability: Result<Void, MediasoupError> = {
        let probe = "mafalda-probe-\(getpid())"
        do {
            try ip(["netns", "add", probe])
            try ip(["netns", "del", probe])
            return .success(())
        } catch {
            return .failure(MediasoupError("network namespaces are not available here: \(error)"))
        }
    }()

    static var isAvailable: Bool {
        if case .failure(let error) = availability {
            print("skipping the network-namespace scenarios: \(error)")
            return false
        }
        return true
    }

    /// `count` hosts, addressed `subnet.11`, `subnet.12`, …; this process is `subnet.1`.
    init(hosts count: Int) throws {
        let id = String(UUID().uuidString.prefix(6)).lowercased()
        self.id = id
        subnet = "10.\(Int.random(in: 100...250)).\(Int.random(in: 0...255))"
        hosts = (0..<count).map { "mh\($0)-\(id)" }
        do {
            try build()
        } catch {
            remove()
            throw error
        }
    }

    var switchNamespace: String { "msw-\(id)" }
    var localAddress: String { "\(subnet).1" }
    func address(ofHost index: Int) -> String { "\(subnet).\(11 + index)" }

    private func build() throws {
        try Self.ip(["netns", "add", switchNamespace])
        try Self.ip(["-n", switchNamespace, "link", "add", "br0", "type", "bridge"])
        try Self.ip(["-n", switchNamespace, "link", "set", "br0", "up"])
        for (index, namespace) in hosts.enumerated() {
            let (inside, port) = ("mv\(index)-\(id)", "mb\(index)-\(id)")
            try Self.ip(["netns", "add", namespace])
            try Self.ip(["link", "add", inside, "type", "veth", "peer", "name", port])
            try Self.ip(["link", "set", inside, "netns", namespace])
            try attach(port)
            try Self.ip(["-n", namespace, "addr", "add", "\(address(ofHost: index))/24", "dev", inside])
            try Self.ip(["-n", namespace, "link", "set", inside, "up"])
            try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
        }
        let (local, port) = ("mr-\(id)", "mbr-\(id)")
        try Self.ip(["link", "add", local, "type", "veth", "peer", "name", port])
        try attach(port)
        try Self.ip(["addr", "add", "\(localAddress)/24", "dev", local])
        try Self.ip(["link", "set", local, "up"])
    }

    private func attach(_ port: String) throws {
        try Self.ip(["link", "set", port, "netns", switchNamespace])
        try Self.ip(["-n", switchNamespace, "link", "set", port, "master", "br0"])
        try Self.ip(["-n", switchNamespace, "link", "set", port, "up"])
    }

    func remove() {
        for namespace in hosts + [switchNamespace] { try? Self.ip(["netns", "del", namespace]) }
    }

    /// Runs `ip` with `arguments`; throws with what it printed when it fails.
    static func ip(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MediasoupError(
                "ip \(arguments.joined(separator: " ")): \(String(decoding: printed, as: UTF8.self))")
        }
    }
}
