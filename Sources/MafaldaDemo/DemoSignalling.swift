import Mediasoup

/// The page's signalling: `POST /api/<method>` with a JSON object, answered
/// with a JSON object (or `{"error": …}` and an HTTP error status). A
/// `producers` request is a long poll: it is held until the room's version
/// differs from the one given, or `pollTimeout` passes.
///
/// | method | request | answer |
/// |---|---|---|
/// | `join` | `{}` | `{peerId, routerRtpCapabilities}` |
/// | `createTransport` | `{peerId, direction: "send" \| "recv"}` | `{id, iceParameters, iceCandidates, dtlsParameters}` |
/// | `connectTransport` | `{peerId, transportId, dtlsParameters}` | `{}` |
/// | `produce` | `{peerId, transportId, kind, rtpParameters}` | `{id}` |
/// | `consume` | `{peerId, producerId, rtpCapabilities}` | `{id, producerId, kind, rtpParameters}` (paused) |
/// | `resumeConsumer` | `{peerId, consumerId}` | `{}` |
/// | `producers` | `{peerId, version}` | `{version, producers: [{id, peerId, kind}]}` once `version` is stale |
/// | `leave` | `{peerId}` | `{}` |
struct DemoSignalling: Sendable {
    let room: DemoRoom
    /// Longest a `producers` long poll is held.
    let pollTimeout: Duration
    private let clock = ContinuousClock()

    init(room: DemoRoom, pollTimeout: Duration) {
        self.room = room
        self.pollTimeout = pollTimeout
    }

    /// The answer to `method` with the request's JSON `body`.
    ///
    /// - Throws: ``DemoRequestError`` for a bad request; the contract's errors
    ///   (`TypeError`, `MediasoupError`…) when mediasoup refuses it.
    func answer(_ method: String, _ body: JSONValue) async throws -> JSONValue {
        switch method {
        case "join":
            let peerId = try await room.join(now: clock.now)
            return ["peerId": .string(peerId), "routerRtpCapabilities": try room.router.rtpCapabilities.jsonValue()]
        case "createTransport":
            guard let direction = DemoTransportDirection(rawValue: try string(body, "direction")) else {
                throw DemoRequestError.badField("direction", expected: "\"send\" or \"recv\"")
            }
            let transport = try await room.createTransport(
                peerId: try string(body, "peerId"), direction: direction, now: clock.now)
            return [
                "id": .string(transport.id), "iceParameters": try transport.iceParameters.jsonValue(),
                "iceCandidates": try transport.iceCandidates.jsonValue(),
                "dtlsParameters": try transport.dtlsParameters.jsonValue(),
            ]
        case "connectTransport":
            try await room.connectTransport(
                peerId: try string(body, "peerId"), transportId: try string(body, "transportId"),
                dtlsParameters: try DtlsParameters(jsonValue: field(body, "dtlsParameters")), now: clock.now)
            return [:]
        case "produce":
            guard let kind = MediaKind(rawValue: try string(body, "kind")) else {
                throw DemoRequestError.badField("kind", expected: "\"audio\" or \"video\"")
            }
            let producer = try await room.produce(
                peerId: try string(body, "peerId"), transportId: try string(body, "transportId"), kind: kind,
                rtpParameters: try RtpParameters(jsonValue: field(body, "rtpParameters")), now: clock.now)
            return ["id": .string(producer.id)]
        case "consume":
            let consumer = try await room.consume(
                peerId: try string(body, "peerId"), producerId: try string(body, "producerId"),
                rtpCapabilities: try RtpCapabilities(jsonValue: field(body, "rtpCapabilities")), now: clock.now)
            return [
                "id": .string(consumer.id), "producerId": .string(consumer.producerId),
                "kind": .string(consumer.kind.rawValue), "rtpParameters": try consumer.rtpParameters.jsonValue(),
            ]
        case "resumeConsumer":
            try await room.resumeConsumer(
                peerId: try string(body, "peerId"), consumerId: try string(body, "consumerId"), now: clock.now)
            return [:]
        case "producers":
            let known = body["version"]?.intValue ?? -1
            let (version, producers) = try await room.producers(
                for: try string(body, "peerId"), knownVersion: known, timeout: pollTimeout, clock: clock)
            return [
                "version": .number(Double(version)),
                "producers": .array(producers.map {
                    ["id": .string($0.id), "peerId": .string($0.peerId), "kind": .string($0.kind.rawValue)]
                }),
            ]
        case "leave":
            await room.leave(peerId: try string(body, "peerId"))
            return [:]
        default:
            throw DemoRequestError.unknownMethod(method)
        }
    }

    private func field(_ body: JSONValue, _ name: String) throws -> JSONValue {
        guard let value = body[name], value != .null else { throw DemoRequestError.badField(name, expected: "present") }
        return value
    }

    private func string(_ body: JSONValue, _ name: String) throws -> String {
        guard let value = body[name]?.stringValue else { throw DemoRequestError.badField(name, expected: "a string") }
        return value
    }
}
