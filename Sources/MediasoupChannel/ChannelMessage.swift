import Mediasoup

// The control channel between the library and a worker process.
//
// Transport: two pipes, the worker reads fd 3 and writes fd 4 (as mediasoup).
// Framing: each message is a 4-byte big-endian length followed by that many
// bytes of UTF-8 JSON (see ``ChannelFrameDecoder``).
// Messages: one JSON object with a "type" of "request", "response" or
// "notification":
//
//   library → worker  {"type":"request","id":7,"method":"router.dump","handlerId":"<router id>","data":{…}}
//   worker → library  {"type":"response","id":7,"accepted":true,"data":{…}}
//                     {"type":"response","id":7,"accepted":false,"error":"TypeError","reason":"…"}
//   both ways         {"type":"notification","targetId":"<id>","event":"producer.score","data":{…}}
//
// Requests are answered in the order the worker handles them, which is the
// order they were sent: the worker has one event loop.

/// A request for an entity of the worker.
package struct ChannelRequest: Sendable, Codable, Equatable {
    /// Matches the response to the request; unique among pending requests.
    package var id: UInt32
    package var method: ChannelMethod
    /// The id of the entity that handles the request (nil for the worker itself).
    package var handlerId: String?
    package var data: JSONValue?

    package init(id: UInt32, method: ChannelMethod, handlerId: String? = nil, data: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.handlerId = handlerId
        self.data = data
    }
}

/// The answer to one request: accepted with optional data, or an error of one of mediasoup's kinds.
package struct ChannelResponse: Sendable, Codable, Equatable {
    package var id: UInt32
    package var accepted: Bool
    package var data: JSONValue?
    package var error: ErrorKind?
    package var reason: String?

    package static func accepted(_ id: UInt32, data: JSONValue? = nil) -> ChannelResponse {
        ChannelResponse(id: id, accepted: true, data: data, error: nil, reason: nil)
    }

    package static func rejected(_ id: UInt32, error: ErrorKind, reason: String) -> ChannelResponse {
        ChannelResponse(id: id, accepted: false, data: nil, error: error, reason: reason)
    }
}

/// A one-way message about or for an entity (events from the worker, packets into it).
package struct ChannelNotification: Sendable, Codable, Equatable {
    /// The entity the notification is about or for.
    package var targetId: String
    package var event: String
    package var data: JSONValue?

    package init(targetId: String, event: String, data: JSONValue? = nil) {
        self.targetId = targetId
        self.event = event
        self.data = data
    }
}

/// Any message on the channel.
package enum ChannelMessage: Sendable, Equatable {
    case request(ChannelRequest)
    case response(ChannelResponse)
    case notification(ChannelNotification)
}

extension ChannelMessage: Codable {
    private enum Kind: String, Codable { case request, response, notification }
    private enum TypeKey: String, CodingKey { case type }

    package init(from decoder: any Decoder) throws {
        switch try decoder.container(keyedBy: TypeKey.self).decode(Kind.self, forKey: .type) {
        case .request: self = .request(try ChannelRequest(from: decoder))
        case .response: self = .response(try ChannelResponse(from: decoder))
        case .notification: self = .notification(try ChannelNotification(from: decoder))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .request(let request):
            try container.encode(Kind.request, forKey: .type)
            try request.encode(to: encoder)
        case .response(let response):
            try container.encode(Kind.response, forKey: .type)
            try response.encode(to: encoder)
        case .notification(let notification):
            try container.encode(Kind.notification, forKey: .type)
            try notification.encode(to: encoder)
        }
    }
}

/// The name of a channel request: `<entity>.<verb>`, e.g. `router.createWebRtcTransport`.
///
/// Declared as open constants (in the file of the entity they belong to)
/// rather than one closed enum, so each entity keeps its methods beside it.
package struct ChannelMethod: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral value: String) { self.rawValue = value }
    package var description: String { rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
