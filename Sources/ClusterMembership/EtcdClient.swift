import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What went wrong talking to etcd; it names the endpoint.
public struct EtcdError: Error, CustomStringConvertible, Sendable {
    /// The kinds of failure.
    public enum Reason: Sendable, Equatable {
        /// No answer: etcd down or unreachable.
        case unreachable
        /// etcd answered with an error (its message).
        case refused
        /// The lease is gone (expired or revoked).
        case leaseExpired
        /// An answer that does not parse.
        case malformed
    }

    /// What kind of failure.
    public let reason: Reason
    /// What happened, naming the endpoint.
    public let description: String
}

/// A key and its value in etcd.
public struct EtcdKeyValue: Sendable, Hashable {
    /// The key (UTF-8).
    public let key: String
    /// The value's bytes.
    public let value: [UInt8]
}

/// etcd v3 through its JSON gateway (`POST /v3/...`, keys and values in
/// base64, int64 fields as strings): the few operations cluster membership
/// needs. One HTTP request each; leases are kept alive by the caller.
public final class EtcdClient: Sendable {
    /// Where etcd answers, e.g. `http://127.0.0.1:2379`.
    public let endpoint: URL
    let session: URLSession
    private let timeout: TimeInterval

    /// A client of the etcd at `endpoint`; each request fails after `timeout`.
    public init(endpoint: URL, timeout: Duration = .seconds(3)) {
        self.endpoint = endpoint
        self.timeout = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = self.timeout
        session = URLSession(configuration: configuration)
    }

    /// A new lease of `ttl` seconds (etcd raises 1 to 2); its id.
    public func grantLease(ttl: Int) async throws -> String {
        struct Grant: Decodable { let ID: String? }
        let answer = try await post("/v3/lease/grant", ["TTL": String(ttl)], as: Grant.self)
        guard let id = answer.ID else { throw malformed("lease/grant without an ID") }
        return id
    }

    /// Renews the lease; its remaining TTL in seconds.
    ///
    /// - Throws: ``EtcdError`` `.leaseExpired` when the lease is gone.
    @discardableResult
    public func keepAlive(lease: String) async throws -> Int {
        struct KeepAlive: Decodable {
            struct Result: Decodable { let TTL: String? }
            let result: Result?
        }
        let answer = try await post("/v3/lease/keepalive", ["ID": lease], as: KeepAlive.self)
        guard let ttl = answer.result?.TTL.flatMap(Int.init), ttl > 0 else {
            throw EtcdError(reason: .leaseExpired, description: "etcd at \(endpoint): lease \(lease) expired")
        }
        return ttl
    }

    /// Revokes the lease: its keys go at once.
    public func revoke(lease: String) async throws {
        struct Empty: Decodable {}
        _ = try await post("/v3/lease/revoke", ["ID": lease], as: Empty.self)
    }

    /// Puts `value` at `key` unless the key exists; true when put. The key
    /// goes with the lease, if given.
    public func create(key: String, value: [UInt8], lease: String?) async throws -> Bool {
        struct Txn: Decodable { let succeeded: Bool? }
        var put = ["key": Self.base64(key), "value": Data(value).base64EncodedString()]
        if let lease { put["lease"] = lease }
        let body: [String: Any] = [
            "compare": [["key": Self.base64(key), "result": "EQUAL", "target": "CREATE", "create_revision": "0"]],
            "success": [["request_put": put]],
        ]
        return try await post("/v3/kv/txn", body, as: Txn.self).succeeded ?? false
    }

    /// Puts `value` at `key`, with the lease if given.
    public func put(key: String, value: [UInt8], lease: String?) async throws {
        struct Empty: Decodable {}
        var body = ["key": Self.base64(key), "value": Data(value).base64EncodedString()]
        if let lease { body["lease"] = lease }
        _ = try await post("/v3/kv/put", body, as: Empty.self)
    }

    /// Deletes `key`.
    public func delete(key: String) async throws {
        struct Empty: Decodable {}
        _ = try await post("/v3/kv/deleterange", ["key": Self.base64(key)], as: Empty.self)
    }

    /// Every key under `prefix` with its value, and the store's revision.
    public func range(prefix: String) async throws -> (values: [EtcdKeyValue], revision: Int) {
        struct Range: Decodable {
            struct Header: Decodable { let revision: String? }
            let header: Header?
            let kvs: [WireKeyValue]?
        }
        let body = ["key": Self.base64(prefix), "range_end": Self.base64(Self.prefixEnd(prefix))]
        let answer = try await post("/v3/kv/range", body, as: Range.self)
        let values = try (answer.kvs ?? []).map { try $0.decoded(from: endpoint) }
        return (values, answer.header?.revision.flatMap(Int.init) ?? 0)
    }

    // MARK: The wire

    struct WireKeyValue: Decodable {
        let key: String
        let value: String?
        func decoded(from endpoint: URL) throws -> EtcdKeyValue {
            guard let key = Data(base64Encoded: key), let value = Data(base64Encoded: value ?? "") else {
                throw EtcdError(reason: .malformed, description: "etcd at \(endpoint): a key or value not in base64")
            }
            return EtcdKeyValue(key: String(decoding: key, as: UTF8.self), value: Array(value))
        }
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// The end of the range of keys that begin with `prefix`: its last byte plus one.
    static func prefixEnd(_ prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes.removeLast()
        }
        return "\0"
    }

    func request(_ path: String, _ body: Any) throws -> URLRequest {
        var request = URLRequest(url: endpoint.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        return request
    }

    private func post<Answer: Decodable>(_ path: String, _ body: Any, as: Answer.Type) async throws -> Answer {
        let request = try request(path, body)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw EtcdError(reason: .unreachable, description: "etcd at \(endpoint) unreachable: \(error.localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            let message = String(decoding: data.prefix(300), as: UTF8.self)
            throw EtcdError(reason: .refused, description: "etcd at \(endpoint) refused \(path): \(message)")
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw malformed("\(path): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }

    private func malformed(_ what: String) -> EtcdError {
        EtcdError(reason: .malformed, description: "etcd at \(endpoint) answered \(what)")
    }
}
