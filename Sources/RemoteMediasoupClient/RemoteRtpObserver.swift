import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// What both kinds of RTP observer proxy have: identity, state, events and
/// the router they live in. Each kind is a final class holding one of these
/// (see ``RemoteRtpObserver``).
final class RemoteRtpObserverCore: Sendable {
    let proxy: ProxyCore
    let router: RemoteRouter
    let events = EventEmitter<RtpObserverEvent>()
    let observer = EventEmitter<RtpObserverObserverEvent>()
    let outcomes = OrderedOutcomes()
    let paused: Mutex<Bool>

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) throws {
        self.proxy = ProxyCore(snapshot: snapshot, parent: router, session: session)
        self.router = router
        self.paused = Mutex(try snapshot.property("paused"))
    }
}

/// An RTP observer proxy; everything common to both kinds is implemented here once.
protocol RemoteRtpObserver: RtpObserver, RemoteProxy {
    var rtpObserverCore: RemoteRtpObserverCore { get }
}

extension RemoteRtpObserver {
    var core: ProxyCore { rtpObserverCore.proxy }
    var paused: Bool { rtpObserverCore.paused.withLock { $0 } }
    var events: EventEmitter<RtpObserverEvent> { rtpObserverCore.events }
    var observer: EventEmitter<RtpObserverObserverEvent> { rtpObserverCore.observer }

    func close() {
        guard core.markClosed() else { return }
        rtpObserverCore.router.release(self)
        observer.emit(.close)
        finish()
        core.send(RemoteProcedure.close)
    }

    /// The router closed: `routerclose`.
    func closeWithParent() {
        guard core.markClosed() else { return }
        rtpObserverCore.router.release(self)
        events.emit(.routerClose)
        observer.emit(.close)
        finish()
    }

    func pause() async throws {
        try await rtpObserverCore.outcomes.perform { try await core.request(RemoteProcedure.pause) } apply: { _ in
            rtpObserverCore.paused.withLock { $0 = true }
        }
    }

    func resume() async throws {
        try await rtpObserverCore.outcomes.perform { try await core.request(RemoteProcedure.resume) } apply: { _ in
            rtpObserverCore.paused.withLock { $0 = false }
        }
    }

    /// Observer `addproducer` comes from the server.
    func addProducer(producerId: String) async throws {
        _ = try await core.request(RemoteProcedure.addProducer, [RemoteParam.producerId: .string(producerId)])
    }

    /// Observer `removeproducer` comes from the server.
    func removeProducer(producerId: String) async throws {
        _ = try await core.request(RemoteProcedure.removeProducer, [RemoteParam.producerId: .string(producerId)])
    }

    func update(from snapshot: ObjectSnapshot) {
        guard let paused: Bool = try? snapshot.property("paused") else { return }
        rtpObserverCore.paused.withLock { $0 = paused }
    }

    func emit(_ notification: EventNotification) {
        let (name, data) = (notification.event, notification.data)
        if !notification.observer {
            switch eventName(notification, in: RtpObserverEventName.self) {
            case .routerClose?: events.emit(.routerClose)
            case .dominantSpeaker?:
                if let producer = dominantSpeaker(data, event: name) { events.emit(.dominantSpeaker(producer: producer)) }
            case .volumes?:
                if let volumes = volumes(data, event: name) { events.emit(.volumes(volumes)) }
            case .silence?: events.emit(.silence)
            case nil: break
            }
            return
        }
        switch eventName(notification, in: RtpObserverObserverEventName.self) {
        case .close?: observer.emit(.close)
        case .pause?: observer.emit(.pause)
        case .resume?: observer.emit(.resume)
        case .addProducer?:
            if let producer = producer(data) { observer.emit(.addProducer(producer)) }
        case .removeProducer?:
            if let producer = producer(data) { observer.emit(.removeProducer(producer)) }
        case .dominantSpeaker?:
            if let producer = dominantSpeaker(data, event: name) { observer.emit(.dominantSpeaker(producer: producer)) }
        case .volumes?:
            if let volumes = volumes(data, event: name) { observer.emit(.volumes(volumes)) }
        case .silence?: observer.emit(.silence)
        case nil: break
        }
    }

    /// The producer of a `dominantspeaker` event; nil (and logged) when malformed or unknown.
    private func dominantSpeaker(_ data: JSONValue, event: String) -> (any Producer)? {
        guard let speaker = decode(data, as: RemoteDominantSpeakerEventData.self, event: event) else { return nil }
        return producer(speaker.producer)
    }

    /// The entries of a `volumes` event whose producers are known (mediasoup drops
    /// unknown producers); nil when malformed or none is left.
    private func volumes(_ data: JSONValue, event: String) -> [AudioLevelObserverVolume]? {
        guard let entries = decode(data, as: [RemoteVolume].self, event: event) else { return nil }
        let volumes = entries.compactMap { entry in
            producer(entry.producer).map { AudioLevelObserverVolume(producer: $0, volume: entry.volume) }
        }
        return volumes.isEmpty ? nil : volumes
    }

    /// The known proxy of the producer a snapshot names.
    private func producer(_ data: JSONValue) -> RemoteProducer? {
        decode(data, as: ObjectSnapshot.self, event: "producer").flatMap(producer)
    }

    private func producer(_ snapshot: ObjectSnapshot) -> RemoteProducer? {
        core.session.registry.known(ProxyKey(snapshot)) as? RemoteProducer
    }
}
