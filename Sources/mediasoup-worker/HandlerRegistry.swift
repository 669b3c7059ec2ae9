import Mediasoup
import MediasoupChannel

/// An entity of the worker that answers channel requests addressed to its id.
protocol RequestHandler: AnyObject {
    /// Handles one request. Returns the response data; throws a contract
    /// error (its kind goes back to the library) for bad requests.
    func handle(_ request: ChannelRequest) throws -> JSONValue?
}

/// An entity of the worker that takes notifications addressed to its id (packets, messages).
protocol NotificationHandler: AnyObject {
    func handle(_ notification: ChannelNotification) throws
}

/// The ids of every live entity, in creation order, and who handles their
/// requests: `worker.dump()`'s `channelRequestHandlers`.
struct HandlerRegistry {
    private var order: [String] = []
    private var handlers: [String: any RequestHandler] = [:]

    var ids: [String] { order }

    func handler(for id: String) -> (any RequestHandler)? { handlers[id] }

    /// - Throws: ``MediasoupError`` when the id is already registered (in any router of this worker).
    mutating func register(_ id: String, _ handler: any RequestHandler) throws {
        guard handlers[id] == nil else { throw MediasoupError("a handler with ID '\(id)' already exists") }
        handlers[id] = handler
        order.append(id)
    }

    mutating func unregister(_ id: String) {
        guard handlers.removeValue(forKey: id) != nil else { return }
        order.removeAll { $0 == id }
    }
}

extension ChannelRequest {
    /// The request's data decoded as `T`. - Throws: ``TypeError`` when absent or malformed.
    func payload<T: Decodable>(_ type: T.Type) throws -> T {
        guard let data else { throw TypeError("missing data in \(method) request") }
        return try data.decode(type)
    }
}
