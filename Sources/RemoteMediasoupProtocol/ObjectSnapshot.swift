import Mediasoup

/// The classes of remote objects, as named on the wire.
public enum RemoteClass: String, Sendable, Hashable, Codable, CaseIterable {
    case manager = "Manager"
    case mediasoup = "Mediasoup"
    case worker = "Worker"
    case webRtcServer = "WebRtcServer"
    case router = "Router"
    case transport = "Transport"
    case producer = "Producer"
    case consumer = "Consumer"
    case dataProducer = "DataProducer"
    case dataConsumer = "DataConsumer"
    case rtpObserver = "RtpObserver"
}

/// One object's state as the server sends it: in the snapshot, as the
/// result of a creating procedure, and with every event of the object.
/// See Docs/RemoteProtocol.md for the properties of each class.
public struct ObjectSnapshot: Sendable, Hashable, Codable {
    public var `class`: RemoteClass
    public var id: String
    public var parent: String?
    public var closed: Bool
    public var appData: AppData
    /// The contract's properties of the class, by name, in mediasoup's JSON.
    public var properties: [String: JSONValue]

    public init(
        class: RemoteClass, id: String, parent: String?, closed: Bool, appData: AppData,
        properties: [String: JSONValue]
    ) {
        self.class = `class`
        self.id = id
        self.parent = parent
        self.closed = closed
        self.appData = appData
        self.properties = properties
    }

    /// Decodes property `name` as `T`.
    ///
    /// - Throws: ``TypeError`` naming the class and property when it is
    ///   missing or has the wrong shape.
    public func property<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let value = properties[name] else {
            throw TypeError("missing property \(self.class.rawValue).\(name) in remote snapshot")
        }
        do {
            return try T(jsonValue: value)
        } catch {
            throw TypeError("invalid property \(self.class.rawValue).\(name) in remote snapshot: \(error.message)")
        }
    }

    /// Decodes optional property `name`: nil when absent or null.
    public func optionalProperty<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T? {
        guard let value = properties[name], value != .null else { return nil }
        return try property(name, as: T.self)
    }
}

/// The first notification of every connection: the whole state.
public struct ServerSnapshot: Sendable, Hashable, Codable {
    public var version: String
    public var workerBin: String
    /// Parents before children.
    public var objects: [ObjectSnapshot]

    public init(version: String, workerBin: String, objects: [ObjectSnapshot]) {
        self.version = version
        self.workerBin = workerBin
        self.objects = objects
    }
}

/// One event of one object (`target` nil for the Mediasoup object itself).
public struct EventNotification: Sendable, Hashable, Codable {
    public var target: String?
    public var `class`: RemoteClass
    /// mediasoup's event name (`newtransport`, `close`, `score`, …).
    public var event: String
    /// True for the `observer` emitter, false for `events`.
    public var observer: Bool
    public var data: JSONValue
    /// The target's state after the event.
    public var state: ObjectSnapshot?

    public init(
        target: String?, class: RemoteClass, event: String, observer: Bool, data: JSONValue = .null,
        state: ObjectSnapshot?
    ) {
        self.target = target
        self.class = `class`
        self.event = event
        self.observer = observer
        self.data = data
        self.state = state
    }
}

/// Names of the server's notifications.
public enum RemoteNotification {
    public static let snapshot = "snapshot"
    public static let event = "event"
}
