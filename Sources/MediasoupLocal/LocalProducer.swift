import Mediasoup
import MediasoupChannel
import Synchronization

/// A producer of the local engine: the library's side of a worker producer.
///
/// Pause and resume flip ``paused`` once the worker has answered, in the
/// order they were called; observer `pause`/`resume` fire only on an actual
/// change. Scores, video orientation and trace events arrive as worker
/// notifications.
final class LocalProducer: Producer, TransportChild {
    let id: String
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type: ProducerType
    let consumableRtpParameters: RtpParameters
    let events = EventEmitter<ProducerEvent>()
    let observer = EventEmitter<ProducerObserverEvent>()
    private let transport: TransportCore
    private let outcomes = OrderedOutcomes()

    private struct State {
        var closed = false
        var paused: Bool
        var score: [ProducerScore] = []
        var appData: AppData
    }
    private let state: Mutex<State>

    init(
        id: String, kind: MediaKind, rtpParameters: RtpParameters, type: ProducerType,
        consumableRtpParameters: RtpParameters, paused: Bool, appData: AppData, transport: TransportCore
    ) {
        self.id = id
        self.kind = kind
        self.rtpParameters = rtpParameters
        self.type = type
        self.consumableRtpParameters = consumableRtpParameters
        self.transport = transport
        self.state = Mutex(State(paused: paused, appData: appData))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var paused: Bool { state.withLock { $0.paused } }
    var score: [ProducerScore] { state.withLock { $0.score } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    private var channel: WorkerChannel { transport.channel }

    // MARK: Closing

    /// Closes the producer; its consumers close when the worker tells them. Idempotent.
    func close() {
        guard markClosed() else { return }
        let (channel, transportId, producerId) = (channel, transport.id, id)
        startImmediately {
            _ = try? await channel.request(
                .transportCloseProducer, handlerId: transportId,
                data: ProducerIdPayload(producerId: producerId).channelData())
        }
        transport.state.withLock { _ = $0.producers.removeValue(forKey: producerId) }
        transport.router.removeProducer(producerId)
        observer.emit(.close)
    }

    /// The transport closed: close with `transportclose`.
    func transportClosed() {
        guard markClosed() else { return }
        transport.router.removeProducer(id)
        events.emit(.transportClose)
        observer.emit(.close)
    }

    /// Marks the producer closed and stops its notifications; false when it already was.
    private func markClosed() -> Bool {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        if wasOpen { channel.unsubscribe(id) }
        return wasOpen
    }

    // MARK: Requests

    func dump() async throws -> ProducerDump {
        try await channel.request(.producerDump, handlerId: id).decoded(ProducerDump.self)
    }

    func getStats() async throws -> [RtpStreamStats] {
        try await channel.request(.producerGetStats, handlerId: id).decoded([RtpStreamStats].self)
    }

    func pause() async throws {
        try await outcomes.perform {
            try await channel.request(.producerPause, handlerId: id)
        } apply: { _ in
            let wasPaused = state.withLock { state in
                defer { state.paused = true }
                return state.paused
            }
            if !wasPaused { observer.emit(.pause) }
        }
    }

    func resume() async throws {
        try await outcomes.perform {
            try await channel.request(.producerResume, handlerId: id)
        } apply: { _ in
            let wasPaused = state.withLock { state in
                defer { state.paused = false }
                return state.paused
            }
            if wasPaused { observer.emit(.resume) }
        }
    }

    func enableTraceEvent(_ types: [ProducerTraceEventType]) async throws {
        _ = try await channel.request(
            .producerEnableTraceEvent, handlerId: id,
            data: TraceEventTypesPayload(types: types.map(\.rawValue)).channelData())
    }

    /// Gives the worker an RTP packet for this producer (DirectTransport).
    /// - Throws: ``InvalidStateError`` when the channel is closed.
    func send(_ rtpPacket: [UInt8]) throws {
        try channel.notify(targetId: id, event: ProducerNotification.send, data: .string(rtpPacket.base64()))
    }

    // MARK: Worker notifications

    /// Starts taking the worker's notifications about this producer.
    func listen(to inbox: NotificationInbox) {
        inbox.attach { [weak self] notification in self?.handle(notification) }
    }

    /// Applies a worker notification. Unknown or malformed ones are ignored,
    /// as mediasoup ignores events it does not know.
    func handle(_ notification: ChannelNotification) {
        guard !closed else { return }
        switch notification.event {
        case ProducerNotification.score:
            guard let score = try? notification.data.decoded([ProducerScore].self) else { return }
            state.withLock { $0.score = score }
            events.emit(.score(score))
            observer.emit(.score(score))
        case ProducerNotification.videoOrientationChange:
            guard let orientation = try? notification.data.decoded(ProducerVideoOrientation.self) else { return }
            events.emit(.videoOrientationChange(orientation))
            observer.emit(.videoOrientationChange(orientation))
        case ProducerNotification.trace:
            guard let trace = try? notification.data.decoded(ProducerTraceEventData.self) else { return }
            events.emit(.trace(trace))
            observer.emit(.trace(trace))
        default:
            return
        }
    }
}

// MARK: Test hook

extension LocalProducer: EngineNotificationInjecting {
    /// Sends `notification` down the channel's incoming path as the worker's
    /// `producer.score` notification, so ``handle(_:)`` applies it.
    func injectNotificationForTesting(_ notification: EngineNotification) throws {
        guard case .producerScore(let score) = notification else {
            throw TypeError("a Producer does not receive this notification [notification:\(notification)]")
        }
        try channel.injectForTesting(
            ChannelNotification(targetId: id, event: ProducerNotification.score, data: score.channelData()))
    }
}
