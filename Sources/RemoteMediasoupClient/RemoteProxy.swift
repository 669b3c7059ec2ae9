import Mediasoup
import RemoteMediasoupProtocol

/// A proxy of one remote object: what the session needs of every class to
/// build the graph, apply events and reconcile snapshots.
protocol RemoteProxy: AnyObject, Sendable {
    var core: ProxyCore { get }

    /// Takes the object's properties from `snapshot` (appData aside).
    func update(from snapshot: ObjectSnapshot)
    /// Emits one event the server forwarded, on `events` or `observer`,
    /// once the state has been applied.
    func emit(_ notification: EventNotification)

    /// The children to reconcile and to close with this object, in closing order.
    var childProxies: [any RemoteProxy] { get }
    /// Takes in a child made from a snapshot.
    func adopt(_ child: any RemoteProxy)
    /// Forgets a child that closed.
    func release(_ child: any RemoteProxy)
    /// Emits the `new…` observer event that announces `child`.
    func announce(_ child: any RemoteProxy)

    /// Closes as its parent's closing closes it (`workerclose`,
    /// `routerclose`, `transportclose`; `died` for a worker), with the local
    /// cascade, and leaves its parent.
    func closeWithParent()
    /// The server says it closed: no cascade (the server sends one event
    /// per object); it leaves its parent.
    func closedByServer()
    /// Its observer `close` was emitted: nothing more is expected from the server.
    func finish()
}

extension RemoteProxy {
    /// The object's id, as the server gave it.
    var id: String { core.id }
    /// Whether the object is closed (here, or by the server).
    var closed: Bool { core.closed }
    /// The object's application data (kept here; sent to the server on change).
    var appData: AppData {
        get { core.appData }
        set { core.appData = newValue }
    }

    var childProxies: [any RemoteProxy] { [] }
    func adopt(_ child: any RemoteProxy) {}
    func release(_ child: any RemoteProxy) {}
    func announce(_ child: any RemoteProxy) {}

    func closedByServer() {
        guard core.markClosed() else { return }
        core.parent?.release(self)
    }

    func finish() {
        core.markFinished()
        core.session.registry.unregister(self)
    }

    /// The proxy of `snapshot` as a `P`, made if new; nil (and logged) when it cannot be.
    func child<P>(_ data: JSONValue, as type: P.Type) -> P? {
        do {
            let snapshot = try ObjectSnapshot(jsonValue: data)
            guard let proxy = try core.session.proxy(for: snapshot) as? P else {
                throw TypeError("a \(snapshot.class.rawValue) snapshot where \(P.self) was expected")
            }
            return proxy
        } catch {
            core.session.log.warn("ignoring \(core.remoteClass.rawValue) event with an invalid object", error)
            return nil
        }
    }

    /// The notification's event as one of `names`; nil (and logged) for a
    /// name this client does not know (from a newer server).
    func eventName<Names: RemoteEventNames>(_ notification: EventNotification, in names: Names.Type) -> Names? {
        if let name = Names(rawValue: notification.event) { return name }
        core.session.log.warn("ignoring unknown \(core.remoteClass.rawValue) '\(notification.event)' event")
        return nil
    }

    /// `data` decoded as `T`; nil (and logged) when malformed.
    func decode<T: Decodable>(_ data: JSONValue, as type: T.Type = T.self, event: String) -> T? {
        do {
            return try T(jsonValue: data)
        } catch {
            core.session.log.warn("ignoring malformed \(core.remoteClass.rawValue) '\(event)' event", error)
            return nil
        }
    }

    /// Bytes carried as base64 by `data`; nil (and logged) when malformed.
    func bytes(_ data: JSONValue, event: String) -> [UInt8]? {
        guard let text = data.stringValue, let bytes = try? RemoteBytes.decode(text, field: event) else {
            core.session.log.warn("ignoring malformed \(core.remoteClass.rawValue) '\(event)' event")
            return nil
        }
        return bytes
    }
}
