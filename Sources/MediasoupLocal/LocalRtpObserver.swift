import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization

/// What both kinds of RTP observer of the local engine have: identity, state,
/// events and the router they live in. Each kind is a final class holding one
/// of these (see ``LocalRtpObserver``).
final class RtpObserverCore: Sendable {
    let id: String
    let router: LocalRouter
    let events = EventEmitter<RtpObserverEvent>()
    let observer = EventEmitter<RtpObserverObserverEvent>()
    let turns = OrderedOutcomes()

    struct State {
        var closed = false
        var paused = false
        var appData: AppData
    }
    let state: Mutex<State>

    init(id: String, router: LocalRouter, appData: AppData) {
        self.id = id
        self.router = router
        self.state = Mutex(State(appData: appData))
    }

    var channel: WorkerChannel { router.channel }

    /// Marks the observer closed and stops its notifications; false when it already was.
    func markClosed() -> Bool {
        let wasOpen = state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            return true
        }
        if wasOpen { channel.unsubscribe(id) }
        return wasOpen
    }
}

/// An RTP observer of the local engine; everything common to both kinds is implemented here once.
protocol LocalRtpObserver: RtpObserver, RouterChild {
    var core: RtpObserverCore { get }
    /// The kind's worker notifications.
    func handle(_ notification: ChannelNotification)
}

extension LocalRtpObserver {
    var id: String { core.id }
    var closed: Bool { core.state.withLock { $0.closed } }
    var paused: Bool { core.state.withLock { $0.paused } }
    var appData: AppData {
        get { core.state.withLock { $0.appData } }
        set { core.state.withLock { $0.appData = newValue } }
    }
    var events: EventEmitter<RtpObserverEvent> { core.events }
    var observer: EventEmitter<RtpObserverObserverEvent> { core.observer }

    /// Closes the observer. Idempotent.
    func close() {
        guard core.markClosed() else { return }
        let (channel, routerId) = (core.channel, core.router.id)
        let data = try? RtpObserverIdPayload(rtpObserverId: id).channelData()
        // Sent now, before anything the caller does next; its failure is ignored.
        startImmediately { _ = try? await channel.request(.routerCloseRtpObserver, handlerId: routerId, data: data) }
        core.router.removeRtpObserver(id)
        observer.emit(.close)
    }

    /// The router closed: close with `routerclose`.
    func routerClosed() {
        guard core.markClosed() else { return }
        events.emit(.routerClose)
        observer.emit(.close)
    }

    /// Observer `pause` fires when the observer was not paused when called (as mediasoup).
    func pause() async throws {
        let wasPaused = paused
        try await core.turns.perform({ try await core.channel.request(.rtpObserverPause, handlerId: id) }) { _ in
            core.state.withLock { $0.paused = true }
            if !wasPaused { observer.emit(.pause) }
        }
    }

    /// Observer `resume` fires when the observer was paused when called (as mediasoup).
    func resume() async throws {
        let wasPaused = paused
        try await core.turns.perform({ try await core.channel.request(.rtpObserverResume, handlerId: id) }) { _ in
            core.state.withLock { $0.paused = false }
            if wasPaused { observer.emit(.resume) }
        }
    }

    /// - Throws: ``MediasoupError`` when the producer is not in the router.
    func addProducer(producerId: String) async throws {
        guard let producer = core.router.producer(producerId) else {
            throw MediasoupError("Producer with id \"\(producerId)\" not found")
        }
        _ = try await core.channel.request(
            .rtpObserverAddProducer, handlerId: id,
            data: RtpObserverProducerPayload(producerId: producerId).channelData())
        observer.emit(.addProducer(producer))
    }

    /// - Throws: ``MediasoupError`` when the producer is not in the router.
    func removeProducer(producerId: String) async throws {
        guard let producer = core.router.producer(producerId) else {
            throw MediasoupError("Producer with id \"\(producerId)\" not found")
        }
        _ = try await core.channel.request(
            .rtpObserverRemoveProducer, handlerId: id,
            data: RtpObserverProducerPayload(producerId: producerId).channelData())
        observer.emit(.removeProducer(producer))
    }
}

/// An ActiveSpeakerObserver of the local engine.
final class LocalActiveSpeakerObserver: LocalRtpObserver, ActiveSpeakerObserver {
    let core: RtpObserverCore

    init(core: RtpObserverCore) { self.core = core }

    /// `dominantspeaker`, ignored when the producer is not (or no longer) in the router.
    func handle(_ notification: ChannelNotification) {
        guard notification.event == RtpObserverNotification.activeSpeakerDominantSpeaker, !closed,
            let payload = try? notification.data.decoded(RtpObserverProducerPayload.self),
            let producer = core.router.producer(payload.producerId)
        else { return }
        events.emit(.dominantSpeaker(producer: producer))
        observer.emit(.dominantSpeaker(producer: producer))
    }
}

/// An AudioLevelObserver of the local engine.
final class LocalAudioLevelObserver: LocalRtpObserver, AudioLevelObserver {
    let core: RtpObserverCore

    init(core: RtpObserverCore) { self.core = core }

    /// `volumes` (entries of producers no longer in the router dropped; nothing
    /// emitted when none is left) and `silence`.
    func handle(_ notification: ChannelNotification) {
        guard !closed else { return }
        switch notification.event {
        case RtpObserverNotification.audioLevelVolumes:
            guard let payload = try? notification.data.decoded(AudioLevelVolumesPayload.self) else { return }
            let volumes = payload.volumes.compactMap { entry in
                core.router.producer(entry.producerId).map {
                    AudioLevelObserverVolume(producer: $0, volume: entry.volume)
                }
            }
            guard !volumes.isEmpty else { return }
            events.emit(.volumes(volumes))
            observer.emit(.volumes(volumes))
        case RtpObserverNotification.audioLevelSilence:
            events.emit(.silence)
            observer.emit(.silence)
        default:
            break
        }
    }
}

extension LocalRouter {
    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    {
        let core = RtpObserverCore(id: UUID().uuidString.lowercased(), router: self, appData: options.appData ?? [:])
        let payload = CreateActiveSpeakerObserverPayload(rtpObserverId: core.id, interval: options.interval ?? 300)
        let inbox = try await create(core, .routerCreateActiveSpeakerObserver, payload.channelData())
        let rtpObserver = LocalActiveSpeakerObserver(core: core)
        inbox.attach { [weak rtpObserver] notification in rtpObserver?.handle(notification) }
        addRtpObserver(rtpObserver)
        return rtpObserver
    }

    /// - Throws: ``TypeError`` when `maxEntries` is not positive or
    ///   `threshold` is outside -127...0 dBov.
    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws -> any AudioLevelObserver {
        let maxEntries = options.maxEntries ?? 1
        let threshold = options.threshold ?? -80
        guard maxEntries > 0 else { throw TypeError("if given, maxEntries must be a positive number") }
        guard threshold >= -127, threshold <= 0 else {
            throw TypeError("if given, threshold must be a negative number greater than -127")
        }
        let core = RtpObserverCore(id: UUID().uuidString.lowercased(), router: self, appData: options.appData ?? [:])
        let payload = CreateAudioLevelObserverPayload(
            rtpObserverId: core.id, maxEntries: maxEntries, threshold: threshold, interval: options.interval ?? 1000)
        let inbox = try await create(core, .routerCreateAudioLevelObserver, payload.channelData())
        let rtpObserver = LocalAudioLevelObserver(core: core)
        inbox.attach { [weak rtpObserver] notification in rtpObserver?.handle(notification) }
        addRtpObserver(rtpObserver)
        return rtpObserver
    }

    /// Subscribes to the new observer's notifications, then asks the worker to create it.
    private func create(_ core: RtpObserverCore, _ method: ChannelMethod, _ data: JSONValue) async throws
        -> NotificationInbox
    {
        let inbox = channel.subscribe(core.id)
        do {
            _ = try await channel.request(method, handlerId: id, data: data)
        } catch {
            channel.unsubscribe(core.id)
            throw error
        }
        return inbox
    }
}
