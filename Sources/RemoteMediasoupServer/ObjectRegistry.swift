import Mediasoup
import RemoteMediasoupProtocol

/// Every live object the server exposes, with its parent and the server's
/// listeners on it. Guarded by the server's lock.
///
/// Ids are not unique on their own: `pipeToRouter` gives the pipe producer
/// (or data producer) in the destination router the id of the original. The
/// registry therefore keeps objects by identity and finds them by id, and by
/// parent when the id is ambiguous.
struct ObjectRegistry {
    struct Entry {
        let object: ServedObject
        let parent: String?
        /// Registration order: parents come before their children.
        let sequence: UInt64
        let subscription: Subscription
    }

    /// What a lookup by id found.
    enum Lookup {
        case found(ServedObject)
        case none
        /// Several live objects of the class have the id (a piped producer and its original).
        case ambiguous
    }

    private var entries: [ObjectIdentifier: Entry] = [:]
    /// Live objects of each class.
    private var counts: [RemoteClass: Int] = [:]
    private var idIndex: [String: Set<ObjectIdentifier>] = [:]
    private var nextSequence: UInt64 = 0
    /// Closed workers whose `subprocessclose` has not gone out yet: it still goes out.
    private var exitingWorkers: [ObjectIdentifier: (worker: ServedObject, subscription: Subscription)] = [:]
    /// Live workers whose `subprocessclose` has already gone out.
    private var exitForwarded: Set<ObjectIdentifier> = []
    /// The WebRtcServer each WebRtcTransport listens through.
    private var webRtcServerOfTransport: [String: String] = [:]

    /// The live object of `remoteClass` with this id (and this parent, when given).
    func lookup(_ id: String, of remoteClass: RemoteClass, parent: String? = nil) -> Lookup {
        let matches = (idIndex[id] ?? []).compactMap { entries[$0] }.filter { entry in
            entry.object.remoteClass == remoteClass && (parent == nil || entry.parent == parent)
        }
        switch matches.count {
        case 0: return .none
        case 1: return .found(matches[0].object)
        default: return .ambiguous
        }
    }

    /// Whether `object` is registered.
    func contains(_ object: ServedObject) -> Bool {
        entries[ObjectIdentifier(object.object)] != nil
    }

    /// Whether some live object has this id.
    func contains(id: String) -> Bool {
        !(idIndex[id] ?? []).isEmpty
    }

    /// The id the server gave to a worker, live or exiting.
    func workerId(of worker: any Worker) -> String? {
        let key = ObjectIdentifier(worker)
        return (entries[key]?.object ?? exitingWorkers[key]?.worker)?.id
    }

    /// Whether events of `object` still go out: it is registered, or it is a
    /// closed worker waiting for its process to exit.
    func isServing(_ object: ServedObject) -> Bool {
        let key = ObjectIdentifier(object.object)
        return entries[key] != nil || exitingWorkers[key] != nil
    }

    /// Registers `object` under `parent` with the server's listeners on it.
    mutating func insert(_ object: ServedObject, parent: String?, subscription: Subscription) {
        nextSequence += 1
        let key = ObjectIdentifier(object.object)
        if entries[key] == nil { counts[object.remoteClass, default: 0] += 1 }
        entries[key] = Entry(object: object, parent: parent, sequence: nextSequence, subscription: subscription)
        idIndex[object.id, default: []].insert(key)
    }

    /// The object closed: it leaves the registry and the server stops
    /// listening, except to a worker's `subprocessclose` when it has not gone
    /// out yet. (The worker's `subprocessClosed` flag cannot tell: a worker
    /// sets it before emitting the event, which may be on its way now.)
    mutating func remove(_ object: ServedObject) {
        let key = ObjectIdentifier(object.object)
        guard let entry = entries.removeValue(forKey: key) else { return }
        counts[object.remoteClass, default: 1] -= 1
        idIndex[object.id]?.remove(key)
        if idIndex[object.id]?.isEmpty == true { idIndex.removeValue(forKey: object.id) }
        if case .transport = object { webRtcServerOfTransport.removeValue(forKey: object.id) }
        if case .worker = object, exitForwarded.remove(key) == nil {
            entry.subscription.cancelObserver()
            exitingWorkers[key] = (object, entry.subscription)
        } else {
            entry.subscription.cancel()
        }
    }

    /// A worker's `subprocessclose` went out: nothing more comes from it.
    mutating func workerExited(_ object: ServedObject) {
        let key = ObjectIdentifier(object.object)
        if let exiting = exitingWorkers.removeValue(forKey: key) {
            exiting.subscription.cancel()
        } else if entries[key] != nil {
            exitForwarded.insert(key)
        }
    }

    /// Stops listening to everything and empties the registry.
    mutating func removeAll() {
        for entry in entries.values { entry.subscription.cancel() }
        for exiting in exitingWorkers.values { exiting.subscription.cancel() }
        entries = [:]
        counts = [:]
        idIndex = [:]
        exitingWorkers = [:]
        exitForwarded = []
        webRtcServerOfTransport = [:]
    }

    /// How many objects of `remoteClass` the server serves; for workers, also
    /// those closed whose process has not exited yet (each still holds a process).
    func count(of remoteClass: RemoteClass) -> Int {
        counts[remoteClass, default: 0] + (remoteClass == .worker ? exitingWorkers.count : 0)
    }

    /// A WebRtcTransport starts (or stops) listening through a WebRtcServer.
    mutating func setWebRtcServer(_ serverId: String?, ofTransport transportId: String) {
        webRtcServerOfTransport[transportId] = serverId
    }

    /// The object's state now. Its parent is known while it is registered.
    func snapshot(of object: ServedObject) -> ObjectSnapshot {
        let id = object.id
        let webRtcServerId: String? = if case .transport = object { webRtcServerOfTransport[id] } else { nil }
        return ObjectSnapshot(
            class: object.remoteClass, id: id, parent: entries[ObjectIdentifier(object.object)]?.parent,
            closed: object.closed, appData: object.appData, properties: object.properties(webRtcServerId: webRtcServerId))
    }

    /// The snapshot of a producer an event refers to.
    func snapshot(of producer: any Producer) -> ObjectSnapshot {
        snapshot(of: .producer(producer))
    }

    /// Every live object, parents before children.
    func snapshots() -> [ObjectSnapshot] {
        entries.values.sorted { $0.sequence < $1.sequence }.map { snapshot(of: $0.object) }
    }

    /// The id of the router `object` is on (itself for a router); nil for
    /// workers, WebRtcServers, and objects not registered.
    func routerId(of object: ServedObject) -> String? {
        if case .router(let router) = object { return router.id }
        var parent = entries[ObjectIdentifier(object.object)]?.parent
        // A transport or an RTP observer hangs from its router; producers,
        // consumers and data ones from their transport.
        for _ in 0..<2 {
            guard let id = parent else { return nil }
            let holders = (idIndex[id] ?? []).compactMap { entries[$0] }
            if holders.contains(where: { $0.object.remoteClass == .router }) { return id }
            parent = holders.first { $0.object.remoteClass == .transport }?.parent
        }
        return nil
    }

    /// The id of the worker (server-given) that hosts router `routerId`, if registered.
    func workerId(ofRouter routerId: String) -> String? {
        (idIndex[routerId] ?? []).compactMap { entries[$0] }.first { $0.object.remoteClass == .router }?.parent
    }

    /// The parent id `object` was registered under.
    func parentId(of object: ServedObject) -> String? {
        entries[ObjectIdentifier(object.object)]?.parent
    }

    /// The live objects of `remoteClass`.
    func objects(of remoteClass: RemoteClass) -> [ServedObject] {
        entries.values.compactMap { $0.object.remoteClass == remoteClass ? $0.object : nil }
    }

    /// The live workers among these ids.
    func workers(among ids: Set<String>) -> [any Worker] {
        entries.values.compactMap { entry in
            guard case .worker(let worker, let id) = entry.object, ids.contains(id) else { return nil }
            return worker
        }
    }
}
