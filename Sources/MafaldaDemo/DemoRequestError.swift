/// Why the demo's signalling refused a request; the page shows the message.
enum DemoRequestError: Error, CustomStringConvertible {
    case unknownPeer(String)
    case unknownTransport(String)
    case unknownConsumer(String)
    case noReceivingTransport(String)
    case cannotConsume(String)
    /// A field of the request's JSON is missing or of the wrong type.
    case badField(String, expected: String)
    case unknownMethod(String)
    case roomFull(Int)

    var description: String {
        switch self {
        case .unknownPeer(let id): "no peer \(id) in the room (it left or was idle too long)"
        case .unknownTransport(let id): "no transport \(id) of this peer"
        case .unknownConsumer(let id): "no consumer \(id) of this peer"
        case .noReceivingTransport(let id): "peer \(id) has no receiving transport yet"
        case .cannotConsume(let id): "the browser cannot receive producer \(id) (no common codec)"
        case .badField(let name, let expected): "the request's \(name) must be \(expected)"
        case .unknownMethod(let name): "no method \(name)"
        case .roomFull(let count): "the room is full (\(count) peers)"
        }
    }
}
