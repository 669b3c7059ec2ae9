import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A consumer of a remote transport. Its state follows the server's events;
/// the calls that change it without an event (pausing a consumer whose
/// producer is paused, priorities, preferred layers) update it from their
/// answers, in call order.
final class RemoteConsumer: Consumer, RemoteTransportChild {
    let core: ProxyCore
    let producerId: String
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type: ConsumerType
    let events = EventEmitter<ConsumerEvent>()
    let observer = EventEmitter<ConsumerObserverEvent>()
    private let outcomes = OrderedOutcomes()

    private struct State {
        var paused: Bool
        var producerPaused: Bool
        var priority: Int
        var score: ConsumerScore
        var preferredLayers: ConsumerLayers?
        var currentLayers: ConsumerLayers?

        init(_ snapshot: ObjectSnapshot) throws {
            paused = try snapshot.property("paused")
            producerPaused = try snapshot.property("producerPaused")
            priority = try snapshot.property("priority")
            score = try snapshot.property("score")
            preferredLayers = try snapshot.optionalProperty("preferredLayers")
            currentLayers = try snapshot.optionalProperty("currentLayers")
        }
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, transport: any RemoteTransport, session: RemoteSession) throws {
        self.core = ProxyCore(snapshot: snapshot, parent: transport, session: session)
        self.producerId = try snapshot.property("producerId")
        self.kind = try snapshot.property("kind")
        self.rtpParameters = try snapshot.property("rtpParameters")
        self.type = try snapshot.property("type")
        self.state = Mutex(try State(snapshot))
    }

    var paused: Bool { state.withLock { $0.paused } }
    var producerPaused: Bool { state.withLock { $0.producerPaused } }
    var priority: Int { state.withLock { $0.priority } }
    var score: ConsumerScore { state.withLock { $0.score } }
    var preferredLayers: ConsumerLayers? { state.withLock { $0.preferredLayers } }
    var currentLayers: ConsumerLayers? { state.withLock { $0.currentLayers } }

    // MARK: Closing

    static let transportClose = ConsumerEvent.transportClose
    static let observerClose = ConsumerObserverEvent.close

    // MARK: Requests

    func dump() async throws -> ConsumerDump {
        try await core.request(RemoteProcedure.dump, as: ConsumerDump.self)
    }

    func getStats() async throws -> [RtpStreamStats] {
        try await core.request(RemoteProcedure.getStats, as: [RtpStreamStats].self)
    }

    func pause() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.pause) } apply: { _ in
            state.withLock { $0.paused = true }
        }
    }

    func resume() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.resume) } apply: { _ in
            state.withLock { $0.paused = false }
        }
    }

    @discardableResult
    func setPreferredLayers(_ layers: ConsumerLayers) async throws -> ConsumerLayers? {
        var settled: ConsumerLayers?
        try await outcomes.perform {
            try await core.request(
                RemoteProcedure.setPreferredLayers, [RemoteParam.layers: try RemoteSession.wire(layers, what: "layers")],
                as: ConsumerLayers?.self)
        } apply: { layers in
            settled = layers
            state.withLock { $0.preferredLayers = layers }
        }
        return settled
    }

    /// - Throws: ``TypeError`` for a negative priority here, for 0 from the server.
    func setPriority(_ priority: Int) async throws {
        guard priority >= 0 else { throw TypeError("priority must be a positive number") }
        try await outcomes.perform {
            try await core.request(RemoteProcedure.setPriority, [RemoteParam.priority: .number(Double(priority))])
        } apply: { _ in
            state.withLock { $0.priority = priority }
        }
    }

    func unsetPriority() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.unsetPriority) } apply: { _ in
            state.withLock { $0.priority = 1 }
        }
    }

    func requestKeyFrame() async throws {
        _ = try await core.request(RemoteProcedure.requestKeyFrame)
    }

    func enableTraceEvent(_ types: [ConsumerTraceEventType]) async throws {
        _ = try await core.request(
            RemoteProcedure.enableTraceEvent, [RemoteParam.types: try RemoteSession.wire(types, what: "types")])
    }

    // MARK: The graph

    func update(from snapshot: ObjectSnapshot) {
        guard let updated = try? State(snapshot) else {
            core.session.log.warn("ignoring an invalid Consumer snapshot [id:\(id)]")
            return
        }
        state.withLock { $0 = updated }
    }

    func emit(_ notification: EventNotification) {
        let (name, data) = (notification.event, notification.data)
        if notification.observer {
            switch eventName(notification, in: ConsumerObserverEventName.self) {
            case .close?: observer.emit(.close)
            case .pause?: observer.emit(.pause)
            case .resume?: observer.emit(.resume)
            case .score?:
                if let score = decode(data, as: ConsumerScore.self, event: name) { observer.emit(.score(score)) }
            case .layersChange?:
                if let layers = decode(data, as: ConsumerLayers?.self, event: name) { observer.emit(.layersChange(layers)) }
            case .trace?:
                if let trace = decode(data, as: ConsumerTraceEventData.self, event: name) { observer.emit(.trace(trace)) }
            case nil: break
            }
            return
        }
        switch eventName(notification, in: ConsumerEventName.self) {
        case .transportClose?: events.emit(.transportClose)
        case .producerClose?: events.emit(.producerClose)
        case .producerPause?: events.emit(.producerPause)
        case .producerResume?: events.emit(.producerResume)
        case .score?:
            if let score = decode(data, as: ConsumerScore.self, event: name) { events.emit(.score(score)) }
        case .layersChange?:
            if let layers = decode(data, as: ConsumerLayers?.self, event: name) { events.emit(.layersChange(layers)) }
        case .trace?:
            if let trace = decode(data, as: ConsumerTraceEventData.self, event: name) { events.emit(.trace(trace)) }
        case .rtp?:
            if let packet = bytes(data, event: name) { events.emit(.rtp(packet)) }
        case nil: break
        }
    }
}

extension RemoteConsumer: EngineNotificationInjecting {
    func injectNotificationForTesting(_ notification: EngineNotification) async throws {
        try await core.injectNotificationForTesting(notification)
    }
}
