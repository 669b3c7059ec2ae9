import Mediasoup
import RemoteMediasoupProtocol

/// One event of a served object, translated for an `event` notification.
struct ForwardedEvent: Sendable {
    /// The event's data; objects become snapshots when the event goes out.
    enum Payload: Sendable {
        case none
        case json(JSONValue)
        /// The object's snapshot.
        case object(ServedObject)
        /// `{"producer":snapshot}`.
        case dominantSpeaker(any Producer)
        /// `[{"producer":snapshot,"volume":n}]`.
        case volumes([AudioLevelObserverVolume])
    }

    /// mediasoup's name of the event.
    var name: String
    var payload: Payload = .none
    /// A new child the event announces: registered before the event goes out.
    var discovered: ServedObject? = nil
    /// The object's observer `close`: the object leaves the registry after the event.
    var closes = false
    /// A worker's `subprocessclose`: nothing more comes from it.
    var ends = false
    /// `webrtctransporthandled` (true) or `webrtctransportunhandled` (false):
    /// the transport that starts or stops listening through the WebRtcServer.
    var listening: (transportId: String, starts: Bool)? = nil

    static let close = ForwardedEvent(name: RemoteEventName.close, closes: true)

    static func named(_ name: some RemoteEventNames, _ payload: Payload = .none) -> ForwardedEvent {
        ForwardedEvent(name: name.rawValue, payload: payload)
    }

    static func named(_ name: some RemoteEventNames, json value: some Encodable) -> ForwardedEvent {
        ForwardedEvent(name: name.rawValue, payload: .json(wireJSON(value)))
    }

    static func named(_ name: some RemoteEventNames, bytes: [UInt8]) -> ForwardedEvent {
        ForwardedEvent(name: name.rawValue, payload: .json(.string(RemoteBytes.encode(bytes))))
    }

    static func new(_ name: some RemoteEventNames, _ child: ServedObject) -> ForwardedEvent {
        ForwardedEvent(name: name.rawValue, payload: .object(child), discovered: child)
    }
}
