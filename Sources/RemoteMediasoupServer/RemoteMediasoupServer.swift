import Mediasoup
import ROPE
import RemoteMediasoupProtocol
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Exposes any implementation of the mediasoup contract to ROPE clients
/// (Docs/RemoteProtocol.md): every live object by id, the procedures of the
/// contract on them, every event as a notification to every client, and the
/// whole state to each client that connects.
///
/// Objects are found through the contract's observer events, so those
/// created indirectly (by `pipeToRouter`, by another client, or directly on
/// `mediasoup` in this process) are served too; workers that existed before
/// the server are not.
public final class RemoteMediasoupServer: RopeService {
    public let mediasoup: any MediasoupAPI
    public let options: RemoteMediasoupServerOptions
    let statsSource: (@Sendable () async throws -> MediasoupStats?)?

    /// Everything broadcasts and snapshots must see consistently, under one lock:
    /// a session gets its snapshot and then each change exactly once.
    struct State {
        var registry = ObjectRegistry()
        var sessions: [UInt64: RopeSession] = [:]
        /// What each session may see and do, from its token.
        var scopes: [UInt64: AccessScope] = [:]
        /// Objects being created by procedures now, by class: they count against the quotas.
        var creating: [RemoteClass: Int] = [:]
        /// Objects each token subject has or is creating, by class (its quotas).
        var bySubject: [String: [RemoteClass: Int]] = [:]
        /// The token subject that created each object, for objects created by one.
        var creatorSubject: [ObjectIdentifier: String] = [:]
        /// The sessions that receive each object's high-rate events.
        var highRateSubscribers: [ObjectIdentifier: Set<UInt64>] = [:]
        /// Workers created through `Mediasoup.createWorker`.
        var ownWorkerIds: Set<String> = []
        /// Requests answered and failed, by method.
        var tally = RequestTally()
        var closed = false
        var stopObservingMediasoup: (@Sendable () -> Void)?
    }
    let state = Mutex(State())

    /// - Parameters:
    ///   - mediasoup: the implementation to expose.
    ///   - getStats: answers `Manager.getStats` (null without it).
    public init(
        mediasoup: any MediasoupAPI, getStats: (@Sendable () async throws -> MediasoupStats?)? = nil,
        options: RemoteMediasoupServerOptions = .init()
    ) {
        self.mediasoup = mediasoup
        self.statsSource = getStats
        self.options = options
        let token = mediasoup.observer.on { [weak self] event in
            guard case .newWorker(let worker) = event else { return }
            self?.workerCreated(worker)
        }
        let observer = mediasoup.observer
        state.withLock { $0.stopObservingMediasoup = { observer.off(token) } }
    }

    deinit {
        state.withLock { state in
            state.stopObservingMediasoup?()
            state.registry.removeAll()
        }
    }

    /// Stops serving: closes the workers created through the server (when
    /// ``RemoteMediasoupServerOptions/closeOwnWorkers``; their close events
    /// still reach the clients), stops listening to every object and closes
    /// every session. Later requests fail with an `InvalidStateError`. Idempotent.
    public func close() {
        let (stopObserving, ownWorkers) = state.withLock { state -> ((@Sendable () -> Void)?, [any Worker]) in
            guard !state.closed else { return (nil, []) }
            state.closed = true
            defer { state.stopObservingMediasoup = nil }
            let ownWorkers = options.closeOwnWorkers ? state.registry.workers(among: state.ownWorkerIds) : []
            return (state.stopObservingMediasoup, ownWorkers)
        }
        stopObserving?()
        for worker in ownWorkers { worker.close() }
        let sessions = state.withLock { state in
            state.registry.removeAll()
            defer { state.sessions = [:] }
            return Array(state.sessions.values)
        }
        for session in sessions { session.close() }
    }

    /// Whether ``close()`` was called.
    public var closed: Bool { state.withLock { $0.closed } }

    // MARK: RopeService

    public func sessionOpened(_ session: RopeSession) {
        state.withLock { state in
            let scope = AccessScope(session.principal)
            state.sessions[session.id] = session
            state.scopes[session.id] = scope
            let snapshot = ServerSnapshot(
                version: mediasoup.version, workerBin: mediasoup.workerBin,
                objects: visibleSnapshots(for: scope, in: state))
            let json = wireJSON(snapshot)
            session.notify(RemoteNotification.snapshot, scope.seesSecrets ? json : json.withoutSecrets())
        }
    }

    /// The snapshots of what `scope` sees, parents first: with a router list,
    /// those routers, their workers, and what hangs from them.
    private func visibleSnapshots(for scope: AccessScope, in state: State) -> [ObjectSnapshot] {
        let all = state.registry.snapshots()
        guard let routers = scope.routers else { return all }
        let workers = Set(routers.compactMap { state.registry.workerId(ofRouter: $0) })
        var shown: Set<String> = []
        return all.filter { snapshot in
            let visible =
                switch snapshot.class {
                case .worker: workers.contains(snapshot.id)
                case .router: routers.contains(snapshot.id)
                default: snapshot.parent.map(shown.contains) ?? false
                }
            if visible { shown.insert(snapshot.id) }
            return visible
        }
    }

    /// Whether a session of `scope` sees `object`.
    private func sees(_ object: ServedObject, scope: AccessScope, in state: State) -> Bool {
        guard let routers = scope.routers else { return true }
        let worker: String?
        switch object {
        case .worker(_, let id): worker = id
        case .webRtcServer: worker = state.registry.parentId(of: object)
        default: return scope.sees(routerId: state.registry.routerId(of: object))
        }
        // A worker, and a WebRtcServer on it, are seen when it hosts one of the routers.
        return routers.contains { state.registry.workerId(ofRouter: $0) == worker }
    }

    public func sessionClosed(_ session: RopeSession) {
        state.withLock { state in
            state.sessions.removeValue(forKey: session.id)
            state.scopes.removeValue(forKey: session.id)
            for key in state.highRateSubscribers.keys { state.highRateSubscribers[key]?.remove(session.id) }
            state.highRateSubscribers = state.highRateSubscribers.filter { !$0.value.isEmpty }
        }
    }

    /// Starts or stops sending `object`'s high-rate events to `session`.
    func setHighRateSubscription(_ subscribed: Bool, of object: ServedObject, for session: RopeSession) {
        state.withLock { state in
            let key = ObjectIdentifier(object.object)
            if subscribed {
                guard state.registry.contains(object) else { return }
                state.highRateSubscribers[key, default: []].insert(session.id)
            } else {
                state.highRateSubscribers[key]?.remove(session.id)
                if state.highRateSubscribers[key]?.isEmpty == true { state.highRateSubscribers[key] = nil }
            }
        }
    }

    public func call(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
        do {
            let result = try await perform(method, params: params, session: session)
            state.withLock { $0.tally.count(method, failed: false) }
            return result
        } catch {
            state.withLock { $0.tally.count(method, failed: true) }
            throw error
        }
    }

    private func perform(_ method: String, params: JSONValue, session: RopeSession) async throws -> JSONValue {
        guard let procedure = RemoteProcedure(method: method), let run = procedure.handler else {
            throw RopeErrorObject.methodNotFound(method)
        }
        let params = try ProcedureParams(params)
        if closed { throw InvalidStateError("remote mediasoup server closed [method:\(method)]") }
        let scope = state.withLock { $0.scopes[session.id] } ?? AccessScope(session.principal)
        var target: ServedObject?
        switch procedure.class {
        case .manager, .mediasoup:
            try scope.authorize(procedure, routerId: nil)
        default:
            let targetId = try params.required(RemoteParam.target, as: String.self)
            let parent = try params.optional(RemoteParam.parent, as: String.self)
            let found = try object(targetId, of: procedure.class, parent: parent, field: "params.target")
            let (visible, routerId) = state.withLock { state in
                (sees(found, scope: scope, in: state), state.registry.routerId(of: found))
            }
            // Outside its routers, a client cannot even learn that an object exists.
            guard visible else { throw RopeErrorObject.unknownTarget(procedure.class, id: targetId, field: "params.target") }
            try scope.authorize(procedure, routerId: routerId)
            target = found
        }
        let quotaClass = try reserveQuota(for: procedure, scope: scope)
        var made = false
        defer { if let quotaClass { releaseQuota(quotaClass, scope: scope, made: made) } }
        let result = try await run(
            ProcedureCall(server: self, session: session, scope: scope, procedure: procedure, target: target, params: params))
        made = true
        return scope.seesSecrets ? result : result.withoutSecrets()
    }

    // MARK: Quotas

    /// Takes a place for the object `procedure` creates, if it creates one,
    /// in the server's quota and in the token subject's.
    ///
    /// - Throws: ``MediasoupError`` when the server or the subject has its quota of that class already.
    private func reserveQuota(for procedure: RemoteProcedure, scope: AccessScope) throws -> RemoteClass? {
        guard let created = RemoteMediasoupServerQuotas.createdClass(by: procedure),
            let limit = options.quotas.limit(of: created)
        else { return nil }
        let refusal = state.withLock { state -> String? in
            guard state.registry.count(of: created) + state.creating[created, default: 0] < limit else {
                return "this server serves at most \(limit)"
            }
            if let subject = scope.subject {
                let held = state.bySubject[subject]?[created] ?? 0
                if let subjectLimit = scope.quotas[created], held >= subjectLimit {
                    return "this token may have at most \(subjectLimit)"
                }
                state.bySubject[subject, default: [:]][created] = held + 1
            }
            state.creating[created, default: 0] += 1
            return nil
        }
        if let refusal {
            throw MediasoupError("quota reached: \(refusal) \(created.rawValue) objects [method:\(procedure.method)]")
        }
        return created
    }

    /// The procedure ended: its object is registered and counted (the
    /// subject's place stays with it until it closes), or was not `made`.
    private func releaseQuota(_ created: RemoteClass, scope: AccessScope, made: Bool) {
        state.withLock { state in
            state.creating[created, default: 1] -= 1
            if !made, let subject = scope.subject { state.bySubject[subject]?[created]? -= 1 }
        }
    }

    /// `object` was made for `session`: a token subject's place in its quota goes with it.
    private func recordCreator(of object: ServedObject, session: RopeSession, in state: inout State) {
        guard !session.principal.isOperator else { return }
        state.creatorSubject[ObjectIdentifier(object.object)] = session.principal.subject
    }

    /// `object` closed: its creator's place is free again.
    private func releaseCreator(of object: ServedObject, in state: inout State) {
        guard let subject = state.creatorSubject.removeValue(forKey: ObjectIdentifier(object.object)) else { return }
        state.bySubject[subject]?[object.remoteClass]? -= 1
    }

    // MARK: Objects and events

    /// `newworker`: the worker gets an id and is served from now on.
    private func workerCreated(_ worker: any Worker) {
        state.withLock { state in
            guard !state.closed, state.registry.workerId(of: worker) == nil else { return }
            let served = ServedObject.worker(worker, id: UUID().uuidString.lowercased())
            register(served, parent: nil, in: &state)
            let event = EventNotification(
                target: nil, class: .mediasoup, event: MediasoupObserverEventName.newWorker.rawValue, observer: true,
                data: ForwardedEvent.Payload.object(served).json(in: state.registry), state: nil)
            broadcast(event, in: state, about: [served])
        }
    }

    /// Registers a live object and starts forwarding its events.
    private func register(_ object: ServedObject, parent: String?, in state: inout State) {
        guard !state.registry.contains(object), !object.closed else { return }
        let subscription = object.subscribe { [weak self] event, observer in
            self?.forward(event, observer: observer, from: object)
        }
        state.registry.insert(object, parent: parent, subscription: subscription)
    }

    /// One event of a served object: a new child is registered first, the
    /// event goes to every session with the object's state, and an object
    /// that closed leaves the registry last.
    private func forward(_ event: ForwardedEvent, observer: Bool, from source: ServedObject) {
        state.withLock { state in
            guard state.registry.isServing(source) else { return }
            if let child = event.discovered { register(child, parent: source.id, in: &state) }
            if let listening = event.listening {
                state.registry.setWebRtcServer(listening.starts ? source.id : nil, ofTransport: listening.transportId)
            }
            let notification = EventNotification(
                target: source.id, class: source.remoteClass, event: event.name, observer: observer,
                data: event.payload.json(in: state.registry), state: state.registry.snapshot(of: source))
            let subscribers =
                RemoteEventName.highRate.contains(event.name)
                ? state.highRateSubscribers[ObjectIdentifier(source.object)] ?? [] : nil
            broadcast(notification, in: state, to: subscribers, about: [source] + (event.discovered.map { [$0] } ?? []))
            if event.closes {
                releaseCreator(of: source, in: &state)
                state.registry.remove(source)
                state.ownWorkerIds.remove(source.id)
                state.highRateSubscribers[ObjectIdentifier(source.object)] = nil
            }
            if event.ends { state.registry.workerExited(source) }
        }
    }

    /// Sends `event` to every session, or only to the sessions in
    /// `subscribers`, that sees every object of `objects` (the event's
    /// target and the object it announces); without secrets to those that
    /// may not see them.
    private func broadcast(
        _ event: EventNotification, in state: State, to subscribers: Set<UInt64>? = nil, about objects: [ServedObject]
    ) {
        if let subscribers, subscribers.isEmpty { return }
        var params = wireJSON(event)
        if event.target == nil { params = params.setting("target", .null) }
        if event.state == nil { params = params.setting("state", .null) }
        var withoutSecrets: JSONValue?
        for (id, session) in state.sessions where subscribers?.contains(id) ?? true {
            let scope = state.scopes[id] ?? .full
            guard objects.allSatisfy({ sees($0, scope: scope, in: state) }) else { continue }
            if scope.seesSecrets {
                session.notify(RemoteNotification.event, params)
            } else {
                let scrubbed = withoutSecrets ?? params.withoutSecrets()
                withoutSecrets = scrubbed
                session.notify(RemoteNotification.event, scrubbed)
            }
        }
    }

    /// The snapshot of an object a procedure of `session` created: registered
    /// now if its `new…` event has not done it (or could not: an unknown
    /// parent); `session` receives its high-rate events.
    func created(_ object: ServedObject, parent: String?, by session: RopeSession) -> JSONValue {
        state.withLock { state in
            if !state.registry.contains(object), let parent, state.registry.contains(id: parent) {
                register(object, parent: parent, in: &state)
            }
            if state.registry.contains(object) {
                state.highRateSubscribers[ObjectIdentifier(object.object), default: []].insert(session.id)
                recordCreator(of: object, session: session, in: &state)
            }
            return wireJSON(state.registry.snapshot(of: object))
        }
    }

    /// A worker created through the server: registered (if `newworker` did
    /// not do it) and remembered as the server's own.
    ///
    /// - Throws: ``InvalidStateError`` when it cannot be served (the server
    ///   closed meanwhile, or the worker already closed); it is closed then.
    func ownWorkerCreated(_ worker: any Worker, by session: RopeSession) throws -> JSONValue {
        workerCreated(worker)
        let snapshot = state.withLock { state -> JSONValue? in
            guard let id = state.registry.workerId(of: worker) else { return nil }
            state.ownWorkerIds.insert(id)
            recordCreator(of: .worker(worker, id: id), session: session, in: &state)
            return wireJSON(state.registry.snapshot(of: .worker(worker, id: id)))
        }
        guard let snapshot else {
            worker.close()
            throw InvalidStateError("the new worker cannot be served: the server or the worker closed meanwhile")
        }
        return snapshot
    }

    /// The live object `id` of class `remoteClass` (under `parent` when
    /// given), named by param `field`.
    ///
    /// - Throws: unknown target when there is none; invalid params when the
    ///   id is ambiguous and no parent tells which.
    func object(_ id: String, of remoteClass: RemoteClass, parent: String? = nil, field: String) throws(RopeErrorObject)
        -> ServedObject
    {
        switch state.withLock({ $0.registry.lookup(id, of: remoteClass, parent: parent) }) {
        case .found(let object):
            return object
        case .none:
            throw .unknownTarget(remoteClass, id: id, field: field)
        case .ambiguous:
            throw .invalidParams(
                "ambiguous \(field): several live \(remoteClass.rawValue)s have id '\(id)'; give params.\(RemoteParam.parent)")
        }
    }

    func webRtcServer(_ id: String, field: String) throws(RopeErrorObject) -> any WebRtcServer {
        guard case .webRtcServer(let server) = try object(id, of: .webRtcServer, field: field) else {
            throw .unknownTarget(.webRtcServer, id: id, field: field)
        }
        return server
    }

    func router(_ id: String, field: String) throws(RopeErrorObject) -> any Router {
        guard case .router(let router) = try object(id, of: .router, field: field) else {
            throw .unknownTarget(.router, id: id, field: field)
        }
        return router
    }

    /// What `pipeToRouter` answers: the snapshots of the objects it created.
    func snapshots(of result: PipeToRouterResult) -> JSONValue {
        state.withLock { state in
            wireJSON(
                RemotePipeToRouterResult(
                    pipeConsumer: result.pipeConsumer.map { state.registry.snapshot(of: .consumer($0)) },
                    pipeProducer: result.pipeProducer.map { state.registry.snapshot(of: .producer($0)) },
                    pipeDataConsumer: result.pipeDataConsumer.map { state.registry.snapshot(of: .dataConsumer($0)) },
                    pipeDataProducer: result.pipeDataProducer.map { state.registry.snapshot(of: .dataProducer($0)) }))
        }
    }
}

extension ForwardedEvent.Payload {
    /// The event's data as it travels.
    func json(in registry: ObjectRegistry) -> JSONValue {
        switch self {
        case .none:
            .null
        case .json(let value):
            value
        case .object(let object):
            wireJSON(registry.snapshot(of: object))
        case .dominantSpeaker(let producer):
            wireJSON(RemoteDominantSpeakerEventData(producer: registry.snapshot(of: producer)))
        case .volumes(let volumes):
            wireJSON(volumes.map { RemoteVolume(producer: registry.snapshot(of: $0.producer), volume: $0.volume) })
        }
    }
}

extension JSONValue {
    /// This object with `key` set to `value`.
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard var object = objectValue else { return self }
        object[key] = value
        return .object(object)
    }
}
