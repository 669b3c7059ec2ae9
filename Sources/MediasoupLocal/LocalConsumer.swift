import Mediasoup
import MediasoupChannel
import Synchronization

/// A consumer of the local engine: the library's side of a worker consumer.
///
/// Its state starts as the worker set it up (paused flags, score, preferred
/// layers) and follows the worker: requests flip it once answered, in call
/// order; notifications report the producer's pause, resume and close, and
/// score and layer changes. Observer `pause`/`resume` follow the effective
/// state (paused by itself or by its producer).
final class LocalConsumer: Consumer, TransportChild {
    let id: String
    let producerId: String
    let kind: MediaKind
    let rtpParameters: RtpParameters
    let type: ConsumerType
    let events = EventEmitter<ConsumerEvent>()
    let observer = EventEmitter<ConsumerObserverEvent>()
    private let transport: TransportCore
    private let outcomes = OrderedOutcomes()

    private struct State {
        var closed = false
        var paused: Bool
        var producerPaused: Bool
        var priority = 1
        var score: ConsumerScore
        var preferredLayers: ConsumerLayers?
        var currentLayers: ConsumerLayers?
        var appData: AppData
    }
    private let state: Mutex<State>

    init(
        id: String, producerId: String, kind: MediaKind, rtpParameters: RtpParameters, type: ConsumerType,
        paused: Bool, producerPaused: Bool, score: ConsumerScore, preferredLayers: ConsumerLayers?, appData: AppData,
        transport: TransportCore
    ) {
        self.id = id
        self.producerId = producerId
        self.kind = kind
        self.rtpParameters = rtpParameters
        self.type = type
        self.transport = transport
        self.state = Mutex(
            State(
                paused: paused, producerPaused: producerPaused, score: score, preferredLayers: preferredLayers,
                appData: appData))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var paused: Bool { state.withLock { $0.paused } }
    var producerPaused: Bool { state.withLock { $0.producerPaused } }
    var priority: Int { state.withLock { $0.priority } }
    var score: ConsumerScore { state.withLock { $0.score } }
    var preferredLayers: ConsumerLayers? { state.withLock { $0.preferredLayers } }
    var currentLayers: ConsumerLayers? { state.withLock { $0.currentLayers } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    private var channel: WorkerChannel { transport.channel }

    // MARK: Closing

    /// Closes the consumer. Idempotent.
    func close() {
        guard markClosed() else { return }
        let (channel, transportId, consumerId) = (channel, transport.id, id)
        startImmediately {
            _ = try? await channel.request(
                .transportCloseConsumer, handlerId: transportId,
                data: ConsumerIdPayload(consumerId: consumerId).channelData())
        }
        leaveTransport()
        observer.emit(.close)
    }

    /// The transport closed: close with `transportclose`.
    func transportClosed() {
        guard markClosed() else { return }
        events.emit(.transportClose)
        observer.emit(.close)
    }

    /// The producer closed (the worker says so): close with `producerclose`.
    private func producerClosed() {
        guard markClosed() else { return }
        leaveTransport()
        events.emit(.producerClose)
        observer.emit(.close)
    }

    /// Marks the consumer closed and stops its notifications; false when it already was.
    private func markClosed() -> Bool {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        if wasOpen { channel.unsubscribe(id) }
        return wasOpen
    }

    private func leaveTransport() {
        let consumerId = id
        transport.state.withLock { _ = $0.consumers.removeValue(forKey: consumerId) }
    }

    // MARK: Requests

    func dump() async throws -> ConsumerDump {
        try await channel.request(.consumerDump, handlerId: id).decoded(ConsumerDump.self)
    }

    func getStats() async throws -> [RtpStreamStats] {
        try await channel.request(.consumerGetStats, handlerId: id).decoded([RtpStreamStats].self)
    }

    func pause() async throws {
        try await outcomes.perform {
            try await channel.request(.consumerPause, handlerId: id)
        } apply: { _ in
            let emit = state.withLock { state in
                defer { state.paused = true }
                return !state.paused && !state.producerPaused
            }
            if emit { observer.emit(.pause) }
        }
    }

    func resume() async throws {
        try await outcomes.perform {
            try await channel.request(.consumerResume, handlerId: id)
        } apply: { _ in
            let emit = state.withLock { state in
                defer { state.paused = false }
                return state.paused && !state.producerPaused
            }
            if emit { observer.emit(.resume) }
        }
    }

    @discardableResult
    func setPreferredLayers(_ layers: ConsumerLayers) async throws -> ConsumerLayers? {
        var settled: ConsumerLayers?
        try await outcomes.perform {
            try await channel.request(
                .consumerSetPreferredLayers, handlerId: id,
                data: PreferredLayersPayload(preferredLayers: layers).channelData()
            ).decoded(PreferredLayersPayload.self)
        } apply: { response in
            settled = response.preferredLayers
            state.withLock { $0.preferredLayers = response.preferredLayers }
        }
        return settled
    }

    /// - Throws: ``TypeError`` for a negative priority here, for 0 from the worker.
    func setPriority(_ priority: Int) async throws {
        guard priority >= 0 else { throw TypeError("priority must be a positive number") }
        try await outcomes.perform {
            try await channel.request(
                .consumerSetPriority, handlerId: id, data: PriorityPayload(priority: priority).channelData()
            ).decoded(PriorityPayload.self)
        } apply: { response in
            state.withLock { $0.priority = response.priority }
        }
    }

    func unsetPriority() async throws {
        try await setPriority(1)
    }

    func requestKeyFrame() async throws {
        _ = try await channel.request(.consumerRequestKeyFrame, handlerId: id)
    }

    func enableTraceEvent(_ types: [ConsumerTraceEventType]) async throws {
        _ = try await channel.request(
            .consumerEnableTraceEvent, handlerId: id,
            data: TraceEventTypesPayload(types: types.map(\.rawValue)).channelData())
    }

    // MARK: Worker notifications

    /// Starts taking the worker's notifications about this consumer.
    func listen(to inbox: NotificationInbox) {
        inbox.attach { [weak self] notification in self?.handle(notification) }
    }

    /// Applies a worker notification. Unknown or malformed ones are ignored,
    /// as mediasoup ignores events it does not know.
    func handle(_ notification: ChannelNotification) {
        guard !closed else { return }
        switch notification.event {
        case ConsumerNotification.producerClose:
            producerClosed()
        case ConsumerNotification.producerPause:
            let (changed, paused) = state.withLock { state in
                defer { state.producerPaused = true }
                return (!state.producerPaused, state.paused)
            }
            guard changed else { return }
            events.emit(.producerPause)
            if !paused { observer.emit(.pause) }
        case ConsumerNotification.producerResume:
            let (changed, paused) = state.withLock { state in
                defer { state.producerPaused = false }
                return (state.producerPaused, state.paused)
            }
            guard changed else { return }
            events.emit(.producerResume)
            if !paused { observer.emit(.resume) }
        case ConsumerNotification.score:
            guard let score = try? notification.data.decoded(ConsumerScore.self) else { return }
            state.withLock { $0.score = score }
            events.emit(.score(score))
            observer.emit(.score(score))
        case ConsumerNotification.layersChange:
            guard let change = try? notification.data.decoded(LayersChangePayload.self) else { return }
            state.withLock { $0.currentLayers = change.layers }
            events.emit(.layersChange(change.layers))
            observer.emit(.layersChange(change.layers))
        case ConsumerNotification.trace:
            guard let trace = try? notification.data.decoded(ConsumerTraceEventData.self) else { return }
            events.emit(.trace(trace))
            observer.emit(.trace(trace))
        case ConsumerNotification.rtp:
            guard let packet = notification.data?.stringValue.flatMap({ [UInt8](base64: $0) }) else { return }
            events.emit(.rtp(packet))
        default:
            return
        }
    }
}

// MARK: Test hook

extension LocalConsumer: EngineNotificationInjecting {
    /// Sends `notification` down the channel's incoming path as the worker's
    /// `consumer.score` notification, so ``handle(_:)`` applies it.
    func injectNotificationForTesting(_ notification: EngineNotification) throws {
        guard case .consumerScore(let score) = notification else {
            throw TypeError("a Consumer does not receive this notification [notification:\(notification)]")
        }
        try channel.injectForTesting(
            ChannelNotification(targetId: id, event: ConsumerNotification.score, data: score.channelData()))
    }
}
