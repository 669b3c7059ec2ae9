import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A change under a watched prefix.
public enum EtcdWatchEvent: Sendable, Hashable {
    /// A key was created or changed.
    case put(EtcdKeyValue)
    /// A key was deleted, or its lease ended.
    case delete(key: String)
}

/// What a watch stream carries: the changes of one revision.
public struct EtcdWatchBatch: Sendable, Hashable {
    /// The changes, in order.
    public let events: [EtcdWatchEvent]
    /// The store's revision after them; watch again from this + 1 to miss nothing.
    public let revision: Int
}

extension EtcdClient {
    /// The changes under `prefix` from `revision` on, as etcd sends them (a
    /// chunked response, one JSON object a line). The stream ends with an
    /// ``EtcdError`` when the connection does (etcd stopped, say); ending
    /// the iteration cancels the request.
    public func watch(prefix: String, fromRevision revision: Int) -> AsyncThrowingStream<EtcdWatchBatch, any Error> {
        AsyncThrowingStream { continuation in
            let body: [String: Any] = [
                "create_request": [
                    "key": Self.base64(prefix), "range_end": Self.base64(Self.prefixEnd(prefix)),
                    "start_revision": String(revision),
                ]
            ]
            let request: URLRequest
            do {
                request = try self.request("/v3/watch", body)
            } catch {
                continuation.finish(throwing: error)
                return
            }
            let delegate = WatchDelegate(endpoint: endpoint, continuation: continuation)
            let configuration = URLSessionConfiguration.ephemeral
            // A watch is quiet while nothing changes: only a closed connection ends it.
            configuration.timeoutIntervalForRequest = 24 * 3600
            let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
            let task = session.dataTask(with: request)
            continuation.onTermination = { _ in
                task.cancel()
                session.finishTasksAndInvalidate()
            }
            task.resume()
        }
    }
}

/// Splits the watch response into lines and each line into a batch.
private final class WatchDelegate: NSObject, URLSessionDataDelegate, Sendable {
    /// A line longer than this is not etcd's: the watch fails.
    static let maxLine = 4 << 20
    private let endpoint: URL
    private let continuation: AsyncThrowingStream<EtcdWatchBatch, any Error>.Continuation
    private let pending = Mutex<[UInt8]>([])

    init(endpoint: URL, continuation: AsyncThrowingStream<EtcdWatchBatch, any Error>.Continuation) {
        self.endpoint = endpoint
        self.continuation = continuation
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let lines = pending.withLock { pending -> [[UInt8]]? in
            pending.append(contentsOf: data)
            var lines: [[UInt8]] = []
            while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(Array(pending[..<end]))
                pending.removeSubrange(...end)
            }
            return pending.count > Self.maxLine ? nil : lines
        }
        guard let lines else {
            fail(.malformed, "a watch line longer than \(Self.maxLine) bytes")
            dataTask.cancel()
            return
        }
        for line in lines where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            do {
                if let batch = try Self.batch(from: line, endpoint: endpoint) { continuation.yield(batch) }
            } catch {
                continuation.finish(throwing: error)
                dataTask.cancel()
                return
            }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let status = (task.response as? HTTPURLResponse)?.statusCode
        if let status, status != 200 {
            fail(.refused, "the watch with HTTP \(status)")
        } else {
            fail(.unreachable, "the watch ended: \(error.map { $0.localizedDescription } ?? "connection closed")")
        }
        session.finishTasksAndInvalidate()
    }

    private func fail(_ reason: EtcdError.Reason, _ what: String) {
        continuation.finish(throwing: EtcdError(reason: reason, description: "etcd at \(endpoint): \(what)"))
    }

    private struct Line: Decodable {
        struct Result: Decodable {
            struct Header: Decodable { let revision: String? }
            struct Event: Decodable {
                let type: String?
                let kv: EtcdClient.WireKeyValue
            }
            let header: Header?
            let events: [Event]?
            let canceled: Bool?
            let cancel_reason: String?
        }
        let result: Result?
        let error: [String: String]?
    }

    /// The batch a line holds; nil for one without events (`created`, progress).
    static func batch(from line: [UInt8], endpoint: URL) throws -> EtcdWatchBatch? {
        guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line)) else {
            throw EtcdError(
                reason: .malformed, description: "etcd at \(endpoint): a watch line that does not parse: "
                    + String(decoding: line.prefix(200), as: UTF8.self))
        }
        guard let result = parsed.result else {
            throw EtcdError(reason: .refused, description: "etcd at \(endpoint): the watch failed: \(parsed.error ?? [:])")
        }
        if result.canceled == true {
            throw EtcdError(
                reason: .refused, description: "etcd at \(endpoint): the watch was canceled: \(result.cancel_reason ?? "")")
        }
        guard let events = result.events, !events.isEmpty else { return nil }
        let changes = try events.map { event -> EtcdWatchEvent in
            let kv = try event.kv.decoded(from: endpoint)
            // A PUT carries no `type` (proto3 leaves its default out).
            return event.type == "DELETE" ? .delete(key: kv.key) : .put(kv)
        }
        return EtcdWatchBatch(events: changes, revision: result.header?.revision.flatMap(Int.init) ?? 0)
    }
}
