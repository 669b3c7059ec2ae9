import Mediasoup

/// The classes of remote objects, as named on the wire.
public enum RemoteClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// `Manager`: the server itself; its procedures (`Manager.getStats`) take no target.
    case manager = "Manager"
    /// `Mediasoup`: the module-level API (`createWorker`) and observer; its events have a null target.
    case mediasoup = "Mediasoup"
    /// `Worker`: a worker; it has no parent.
    case worker = "Worker"
    /// `WebRtcServer`: a WebRTC server, child of a worker.
    case webRtcServer = "WebRtcServer"
    /// `Router`: a router, child of a worker.
    case router = "Router"
    /// `Transport`: a transport of any type (``RemoteTransportType``), child of a router.
    case transport = "Transport"
    /// `Producer`: a producer, child of a transport.
    case producer = "Producer"
    /// `Consumer`: a consumer, child of a transport.
    case consumer = "Consumer"
    /// `DataProducer`: a data producer, child of a transport.
    case dataProducer = "DataProducer"
    /// `DataConsumer`: a data consumer, child of a transport.
    case dataConsumer = "DataConsumer"
    /// `RtpObserver`: an RTP observer of any type (``RemoteRtpObserverType``), child of a router.
    case rtpObserver = "RtpObserver"
}

/// One object's state as the server sends it: in the snapshot, as the
/// result of a creating procedure, and with every event of the object.
/// See Docs/RemoteProtocol.md for the properties of each class.
public struct ObjectSnapshot: Sendable, Hashable, Codable {
    /// The object's class, which decides its ``properties``.
    public var `class`: RemoteClass
    /// The object's id; a worker's is a UUID the server assigns.
    public var id: String
    /// The id of the object's parent (its worker, router or transport); nil for a worker.
    public var parent: String?
    /// Whether the object is closed.
    public var closed: Bool
    /// The object's `appData`.
    public var appData: AppData
    /// The contract's properties of the class, by name, in mediasoup's JSON.
    public var properties: [String: JSONValue]

    /// A snapshot of an object of class `class` with the given state.
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
    /// The version of this protocol the server speaks (``RemoteProtocolVersion/current``);
    /// nil when the server sent none (a client refuses it, as any other version than its own).
    public var protocolVersion: Int?
    /// The mediasoup version whose API the server's engine implements (`3.14.16`).
    public var version: String
    /// The engine's `workerBin`: where its worker executable is.
    public var workerBin: String
    /// Parents before children.
    public var objects: [ObjectSnapshot]

    /// The whole state: the engine's version and worker binary, and every object, parents before children.
    public init(
        protocolVersion: Int? = RemoteProtocolVersion.current, version: String, workerBin: String,
        objects: [ObjectSnapshot]
    ) {
        self.protocolVersion = protocolVersion
        self.version = version
        self.workerBin = workerBin
        self.objects = objects
    }
}

/// One event of one object (`target` nil for the Mediasoup object itself).
public struct EventNotification: Sendable, Hashable, Codable {
    /// The id of the object that emitted the event; nil for the `Mediasoup` observer.
    public var target: String?
    /// The class of the target.
    public var `class`: RemoteClass
    /// mediasoup's event name (`newtransport`, `close`, `score`, …).
    public var event: String
    /// True for the `observer` emitter, false for `events`.
    public var observer: Bool
    /// The event's payload: an object's ``ObjectSnapshot``, bytes in base64, any other value as its JSON;
    /// null when the event has none.
    public var data: JSONValue
    /// The target's state after the event.
    public var state: ObjectSnapshot?

    /// One event named `event` of the object `target`; `observer` says which emitter it came from.
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

/// The version of the remote protocol (Docs/RemoteProtocol.md): it changes
/// when a message changes in a way a peer of the previous version would
/// misread. The server says its version in the snapshot; a client speaks one
/// version and refuses a server of another.
public enum RemoteProtocolVersion {
    /// The version this code speaks.
    public static let current = 1

    /// Nil when a client of ``current`` can use a server that sent `serverVersion`, else why not.
    public static func mismatch(_ serverVersion: Int?) -> String? {
        guard let serverVersion else {
            return "the server's snapshot has no protocolVersion; this client speaks remote protocol version \(current)"
        }
        guard serverVersion == current else {
            return "the server speaks remote protocol version \(serverVersion); this client speaks version \(current)"
        }
        return nil
    }
}

/// Names of the server's notifications.
public enum RemoteNotification {
    /// `snapshot`: the first notification of every connection; its params are a ``ServerSnapshot``.
    public static let snapshot = "snapshot"
    /// `event`: one event of one object; its params are an ``EventNotification``.
    public static let event = "event"
}
