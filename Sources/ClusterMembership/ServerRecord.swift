import Foundation
import Mediasoup

/// What a media server publishes about itself under the cluster's prefix
/// (`<prefix>servers/<name>`, JSON): how to reach it and what it runs.
public struct ServerRecord: Sendable, Hashable, Codable {
    /// The server's identity: unique in the cluster.
    public var name: String
    /// Its remote protocol endpoint (`ws://` or `wss://`).
    public var url: String
    /// The mediasoup version it serves.
    public var version: String
    /// The address other servers reach its PipeTransports at; nil: loopback
    /// (servers of one host).
    public var pipeAddress: String?
    /// How many workers it runs at most (its cores).
    public var capacity: Int

    /// A record of a server running this package's mediasoup version by default.
    public init(name: String, url: String, version: String = mediasoupVersion, pipeAddress: String? = nil, capacity: Int) {
        self.name = name
        self.url = url
        self.version = version
        self.pipeAddress = pipeAddress
        self.capacity = capacity
    }

    /// Where the servers of the cluster under `prefix` register: every key
    /// under it is one server's.
    public static func keys(under prefix: String) -> String { "\(prefix)servers/" }

    /// The key of a server named `name` under `prefix`.
    public static func key(name: String, prefix: String) -> String { keys(under: prefix) + name }

    /// The record in `bytes`, checked: a name that matches its key, a
    /// `ws://` or `wss://` URL with a host, a positive capacity.
    ///
    /// - Throws: ``TypeError`` saying what is wrong.
    public static func decode(_ bytes: [UInt8], key: String, prefix: String) throws -> ServerRecord {
        guard let record = try? JSONDecoder().decode(ServerRecord.self, from: Data(bytes)) else {
            throw TypeError("registration \(key) is not a server record: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        guard Self.key(name: record.name, prefix: prefix) == key else {
            throw TypeError("registration \(key) names another server (\(record.name))")
        }
        guard let url = URLComponents(string: record.url), ["ws", "wss"].contains(url.scheme),
            let host = url.host, !host.isEmpty
        else {
            throw TypeError("registration \(key) has a malformed URL: \(record.url)")
        }
        guard record.capacity > 0 else { throw TypeError("registration \(key) has capacity \(record.capacity)") }
        return record
    }

    func encoded() -> [UInt8] {
        // A struct of strings and integers always encodes.
        (try? Array(JSONEncoder().encode(self))) ?? []
    }
}
