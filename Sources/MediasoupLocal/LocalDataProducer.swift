import Mediasoup
import MediasoupChannel
import Synchronization

/// A data producer of the local engine.
final class LocalDataProducer: DataProducer, TransportChild {
    let id: String
    let type: DataProducerType
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    let events = EventEmitter<DataProducerEvent>()
    let observer = EventEmitter<DataObserverEvent>()

    private let transport: TransportCore
    private var channel: WorkerChannel { transport.channel }
    private let turns = OrderedOutcomes()

    private struct State {
        var closed = false
        var paused: Bool
        var appData: AppData
    }
    private let state: Mutex<State>

    init(transport: TransportCore, dump: DataProducerDump, paused: Bool, appData: AppData) {
        self.id = dump.id
        self.transport = transport
        self.type = dump.type
        self.sctpStreamParameters = dump.sctpStreamParameters
        self.label = dump.label
        self.protocol = dump.protocol
        self.state = Mutex(State(paused: paused, appData: appData))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var paused: Bool { state.withLock { $0.paused } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    /// Closes the data producer (its data consumers close with `dataproducerclose`). Idempotent.
    func close() {
        guard markClosed() else { return }
        let (channel, transportId) = (self.channel, transport.id)
        let data = try? DataProducerIdPayload(dataProducerId: id).channelData()
        // Sent now, before anything the caller does next; its failure is ignored.
        startImmediately {
            _ = try? await channel.request(.transportCloseDataProducer, handlerId: transportId, data: data)
        }
        transport.removeDataProducer(id)
        transport.router.removeDataProducer(id)
        observer.emit(.close)
    }

    func transportClosed() {
        guard markClosed() else { return }
        transport.router.removeDataProducer(id)
        events.emit(.transportClose)
        observer.emit(.close)
    }

    private func markClosed() -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            return true
        }
    }

    func dump() async throws -> DataProducerDump {
        try await channel.request(.dataProducerDump, handlerId: id).decoded(DataProducerDump.self)
    }

    func getStats() async throws -> [DataProducerStats] {
        try await channel.request(.dataProducerGetStats, handlerId: id).decoded([DataProducerStats].self)
    }

    /// Observer `pause` fires only when the data producer was not paused.
    func pause() async throws {
        try await turns.perform({ try await self.channel.request(.dataProducerPause, handlerId: self.id) }) { _ in
            let wasPaused = self.state.withLock { state in
                defer { state.paused = true }
                return state.paused
            }
            if !wasPaused { self.observer.emit(.pause) }
        }
    }

    /// Observer `resume` fires only when the data producer was paused.
    func resume() async throws {
        try await turns.perform({ try await self.channel.request(.dataProducerResume, handlerId: self.id) }) { _ in
            let wasPaused = self.state.withLock { state in
                defer { state.paused = false }
                return state.paused
            }
            if wasPaused { self.observer.emit(.resume) }
        }
    }

    /// Sends a message into the router (a notification: nothing is awaited).
    /// - Throws: ``TypeError`` when the message is larger than the transport's
    ///   maxMessageSize; ``InvalidStateError`` when the worker's channel is closed.
    func send(_ message: DataMessage, ppid: UInt32?, subchannels: [UInt16]?, requiredSubchannel: UInt16?) throws {
        let payload = message.sctpPayload(ppid: ppid)
        if let tooLarge = DataMessage.tooLarge(payload.bytes.count, maxMessageSize: transport.maxMessageSize) {
            throw TypeError(tooLarge)
        }
        try channel.notify(
            targetId: id, event: DataNotification.dataProducerSend,
            data: DataProducerSendPayload(
                ppid: payload.ppid, bytes: payload.bytes, subchannels: subchannels,
                requiredSubchannel: requiredSubchannel
            ).channelData())
    }
}
