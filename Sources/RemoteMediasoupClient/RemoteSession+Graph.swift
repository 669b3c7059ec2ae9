import Mediasoup
import RemoteMediasoupProtocol

// The graph of proxies: one proxy per remote object, made from its snapshot.

extension RemoteSession {
    /// The proxy of the object `snapshot` describes: the known one, or a new
    /// one registered with its parent. A snapshot of a closed object that is
    /// not known makes a closed proxy outside the graph.
    ///
    /// - Throws: ``TypeError`` for a malformed snapshot; ``InvalidStateError``
    ///   when its parent is not (or no longer) known.
    func proxy(for snapshot: ObjectSnapshot) throws -> any RemoteProxy {
        // One at a time: an answer and an event may name the same new object at once.
        try materializing.withLock { _ in
            let key = ProxyKey(snapshot)
            if let known = registry.known(key) { return known }
            let proxy = try makeProxy(snapshot)
            guard !snapshot.closed else { return proxy }
            registry.register(proxy)
            if let parent = proxy.core.parent {
                parent.adopt(proxy)
            } else if let worker = proxy as? RemoteWorker {
                adoptWorker(worker)
            }
            return proxy
        }
    }

    private func makeProxy(_ snapshot: ObjectSnapshot) throws -> any RemoteProxy {
        switch snapshot.class {
        case .worker:
            return try RemoteWorker(snapshot: snapshot, session: self)
        case .webRtcServer:
            return RemoteWebRtcServer(snapshot: snapshot, worker: try parent(of: snapshot, .worker), session: self)
        case .router:
            return try RemoteRouter(snapshot: snapshot, worker: try parent(of: snapshot, .worker), session: self)
        case .transport:
            let router: RemoteRouter = try parent(of: snapshot, .router)
            switch try snapshot.property("type", as: String.self) {
            case RemoteTransportType.webRtc:
                return try RemoteWebRtcTransport(snapshot: snapshot, router: router, session: self)
            case RemoteTransportType.plain:
                return try RemotePlainTransport(snapshot: snapshot, router: router, session: self)
            case RemoteTransportType.pipe:
                return try RemotePipeTransport(snapshot: snapshot, router: router, session: self)
            case RemoteTransportType.direct:
                return RemoteDirectTransport(snapshot: snapshot, router: router, session: self)
            case let type:
                throw TypeError("invalid property Transport.type in remote snapshot: '\(type)'")
            }
        case .producer:
            return try RemoteProducer(snapshot: snapshot, transport: try parent(of: snapshot, .transport), session: self)
        case .consumer:
            return try RemoteConsumer(snapshot: snapshot, transport: try parent(of: snapshot, .transport), session: self)
        case .dataProducer:
            return try RemoteDataProducer(
                snapshot: snapshot, transport: try parent(of: snapshot, .transport), session: self)
        case .dataConsumer:
            return try RemoteDataConsumer(
                snapshot: snapshot, transport: try parent(of: snapshot, .transport), session: self)
        case .rtpObserver:
            let router: RemoteRouter = try parent(of: snapshot, .router)
            switch try snapshot.property("type", as: String.self) {
            case RemoteRtpObserverType.activeSpeaker:
                return try RemoteActiveSpeakerObserver(snapshot: snapshot, router: router, session: self)
            case RemoteRtpObserverType.audioLevel:
                return try RemoteAudioLevelObserver(snapshot: snapshot, router: router, session: self)
            case let type:
                throw TypeError("invalid property RtpObserver.type in remote snapshot: '\(type)'")
            }
        case .manager, .mediasoup:
            throw TypeError("a \(snapshot.class.rawValue) snapshot does not describe a remote object")
        }
    }

    /// The live proxy of the parent of `snapshot`, of class `parentClass`, as a `P`.
    private func parent<P>(of snapshot: ObjectSnapshot, _ parentClass: RemoteClass) throws -> P {
        guard let id = snapshot.parent else {
            throw TypeError("missing parent of \(snapshot.class.rawValue) \(snapshot.id) in remote snapshot")
        }
        guard let parent = registry.live(parentClass, id: id) as? P else {
            throw InvalidStateError(
                "\(parentClass.rawValue) \(id) of \(snapshot.class.rawValue) \(snapshot.id) is closed or unknown")
        }
        return parent
    }

    // MARK: Events

    /// Applies one `event` notification: the target's state first, then the
    /// event on its emitter. Events of unknown or finished objects are dropped.
    func apply(_ notification: EventNotification) {
        guard let target = notification.target else {
            applyMediasoupEvent(notification)
            return
        }
        let proxy =
            if let state = notification.state { registry.live(ProxyKey(state)) }
            else { registry.live(notification.class, id: target) }
        guard let proxy, proxy.core.accepts(notification) else { return }

        if let state = notification.state, !proxy.core.finished {
            proxy.update(from: state)
            if state.closed { proxy.closedByServer() }
        }
        proxy.emit(notification)
        if notification.observer, notification.event == RemoteEventName.close {
            proxy.closedByServer()
            proxy.finish()
        }
    }

    /// `newworker`, the mediasoup object's only event.
    private func applyMediasoupEvent(_ notification: EventNotification) {
        guard notification.observer, notification.event == MediasoupObserverEventName.newWorker.rawValue else { return }
        do {
            let snapshot = try ObjectSnapshot(jsonValue: notification.data)
            guard let worker = try proxy(for: snapshot) as? RemoteWorker else {
                throw TypeError("a \(snapshot.class.rawValue) snapshot in 'newworker'")
            }
            mediasoupObserver.emit(.newWorker(worker))
        } catch {
            log.warn("ignoring invalid 'newworker' event", error)
        }
    }
}
