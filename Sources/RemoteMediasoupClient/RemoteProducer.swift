import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A producer of a remote transport.
final class RemoteProducer: Producer, RemoteTransportChild {
    let core: ProxyCore
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type: ProducerType
    let consumableRtpParameters: RtpParameters
    let events = EventEmitter<ProducerEvent>()
    let observer = EventEmitter<ProducerObserverEvent>()
    private let outcomes = OrderedOutcomes()

    private struct State {
        var paused: Bool
        var score: [ProducerScore]
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, transport: any RemoteTransport, session: RemoteSession) throws {
        self.core = ProxyCore(snapshot: snapshot, parent: transport, session: session)
        self.kind = try snapshot.property("kind")
        self.rtpParameters = try snapshot.property("rtpParameters")
        self.type = try snapshot.property("type")
        self.consumableRtpParameters = try snapshot.property("consumableRtpParameters")
        self.state = Mutex(State(paused: try snapshot.property("paused"), score: try snapshot.property("score")))
    }

    var paused: Bool { state.withLock { $0.paused } }
    var score: [ProducerScore] { state.withLock { $0.score } }

    // MARK: Closing

    static let transportClose = ProducerEvent.transportClose
    static let observerClose = ProducerObserverEvent.close

    // MARK: Requests

    func dump() async throws -> ProducerDump {
        try await core.request(RemoteProcedure.dump, as: ProducerDump.self)
    }

    func getStats() async throws -> [RtpStreamStats] {
        try await core.request(RemoteProcedure.getStats, as: [RtpStreamStats].self)
    }

    /// Observer `pause` comes from the server when the state changes.
    func pause() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.pause) } apply: { _ in
            state.withLock { $0.paused = true }
        }
    }

    /// Observer `resume` comes from the server when the state changes.
    func resume() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.resume) } apply: { _ in
            state.withLock { $0.paused = false }
        }
    }

    func enableTraceEvent(_ types: [ProducerTraceEventType]) async throws {
        _ = try await core.request(
            RemoteProcedure.enableTraceEvent, [RemoteParam.types: try RemoteSession.wire(types, what: "types")])
    }

    /// Sends an RTP packet (DirectTransport) without waiting.
    /// - Throws: ``InvalidStateError`` once the worker is closed.
    func send(_ rtpPacket: [UInt8]) throws {
        do {
            try core.checkUsable(RemoteProcedure.send)
        } catch is MediasoupError {
            return
        }
        core.send(RemoteProcedure.send, [RemoteParam.packet: .string(RemoteBytes.encode(rtpPacket))])
    }

    // MARK: The graph

    func update(from snapshot: ObjectSnapshot) {
        state.withLock { state in
            if let paused: Bool = try? snapshot.property("paused") { state.paused = paused }
            if let score: [ProducerScore] = try? snapshot.property("score") { state.score = score }
        }
    }

    func emit(_ notification: EventNotification) {
        let (name, data) = (notification.event, notification.data)
        if notification.observer {
            switch eventName(notification, in: ProducerObserverEventName.self) {
            case .close?: observer.emit(.close)
            case .pause?: observer.emit(.pause)
            case .resume?: observer.emit(.resume)
            case .score?:
                if let score = decode(data, as: [ProducerScore].self, event: name) { observer.emit(.score(score)) }
            case .videoOrientationChange?:
                if let orientation = decode(data, as: ProducerVideoOrientation.self, event: name) {
                    observer.emit(.videoOrientationChange(orientation))
                }
            case .trace?:
                if let trace = decode(data, as: ProducerTraceEventData.self, event: name) { observer.emit(.trace(trace)) }
            case nil: break
            }
            return
        }
        switch eventName(notification, in: ProducerEventName.self) {
        case .transportClose?: events.emit(.transportClose)
        case .score?:
            if let score = decode(data, as: [ProducerScore].self, event: name) { events.emit(.score(score)) }
        case .videoOrientationChange?:
            if let orientation = decode(data, as: ProducerVideoOrientation.self, event: name) {
                events.emit(.videoOrientationChange(orientation))
            }
        case .trace?:
            if let trace = decode(data, as: ProducerTraceEventData.self, event: name) { events.emit(.trace(trace)) }
        case nil: break
        }
    }
}

extension RemoteProducer: EngineNotificationInjecting {
    func injectNotificationForTesting(_ notification: EngineNotification) async throws {
        try await core.injectNotificationForTesting(notification)
    }
}
