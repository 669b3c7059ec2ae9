import Mediasoup
import MediasoupChannel
import Synchronization

/// A data consumer of the local engine. The worker's notifications about it
/// (messages, its data producer pausing, resuming or closing) are handled on
/// the channel's reader thread, in the order the worker sent them.
final class LocalDataConsumer: DataConsumer, TransportChild {
    let id: String
    let dataProducerId: String
    let type: DataConsumerType
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    let events = EventEmitter<DataConsumerEvent>()
    let observer = EventEmitter<DataObserverEvent>()

    private let transport: TransportCore
    private var channel: WorkerChannel { transport.channel }
    private let turns = OrderedOutcomes()

    private struct State {
        var closed = false
        var paused: Bool
        var dataProducerPaused: Bool
        var subchannels: [UInt16]
        var appData: AppData
    }
    private let state: Mutex<State>

    init(transport: TransportCore, dump: DataConsumerDump, appData: AppData) {
        self.id = dump.id
        self.dataProducerId = dump.dataProducerId
        self.transport = transport
        self.type = dump.type
        self.sctpStreamParameters = dump.sctpStreamParameters
        self.label = dump.label
        self.protocol = dump.protocol
        self.state = Mutex(
            State(
                paused: dump.paused, dataProducerPaused: dump.dataProducerPaused, subchannels: dump.subchannels,
                appData: appData))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var paused: Bool { state.withLock { $0.paused } }
    var dataProducerPaused: Bool { state.withLock { $0.dataProducerPaused } }
    var subchannels: [UInt16] { state.withLock { $0.subchannels } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }

    /// Closes the data consumer. Idempotent.
    func close() {
        guard markClosed() else { return }
        let (channel, transportId) = (self.channel, transport.id)
        let data = try? DataConsumerIdPayload(dataConsumerId: id).channelData()
        // Sent now, before anything the caller does next; its failure is ignored.
        startImmediately {
            _ = try? await channel.request(.transportCloseDataConsumer, handlerId: transportId, data: data)
        }
        transport.removeDataConsumer(id, sctpStreamId: sctpStreamParameters?.streamId)
        observer.emit(.close)
    }

    func transportClosed() {
        guard markClosed() else { return }
        events.emit(.transportClose)
        observer.emit(.close)
    }

    /// Marks the data consumer closed and stops its notifications; false when it already was.
    private func markClosed() -> Bool {
        let wasOpen = state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            return true
        }
        if wasOpen { channel.unsubscribe(id) }
        return wasOpen
    }

    func dump() async throws -> DataConsumerDump {
        try await channel.request(.dataConsumerDump, handlerId: id).decoded(DataConsumerDump.self)
    }

    func getStats() async throws -> [DataConsumerStats] {
        try await channel.request(.dataConsumerGetStats, handlerId: id).decoded([DataConsumerStats].self)
    }

    /// Observer `pause` fires when the data consumer becomes effectively paused.
    func pause() async throws {
        try await turns.perform({ try await self.channel.request(.dataConsumerPause, handlerId: self.id) }) { _ in
            let wasEffectivelyActive = self.state.withLock { state in
                defer { state.paused = true }
                return !state.paused && !state.dataProducerPaused
            }
            if wasEffectivelyActive { self.observer.emit(.pause) }
        }
    }

    /// Observer `resume` fires when the data consumer stops being effectively paused.
    func resume() async throws {
        try await turns.perform({ try await self.channel.request(.dataConsumerResume, handlerId: self.id) }) { _ in
            let becameActive = self.state.withLock { state in
                defer { state.paused = false }
                return state.paused && !state.dataProducerPaused
            }
            if becameActive { self.observer.emit(.resume) }
        }
    }

    func setBufferedAmountLowThreshold(_ threshold: Int) async throws {
        _ = try await channel.request(
            .dataConsumerSetBufferedAmountLowThreshold, handlerId: id,
            data: BufferedAmountLowThresholdPayload(threshold: threshold).channelData())
    }

    /// Sends a message to the data consumer's endpoint (SCTP data consumers).
    func send(_ message: DataMessage, ppid: UInt32?) async throws {
        let payload = message.sctpPayload(ppid: ppid)
        _ = try await channel.request(
            .dataConsumerSend, handlerId: id,
            data: DataMessagePayload(ppid: payload.ppid, bytes: payload.bytes).channelData())
    }

    func getBufferedAmount() async throws -> Int {
        try await channel.request(.dataConsumerGetBufferedAmount, handlerId: id)
            .decoded(BufferedAmountPayload.self).bufferedAmount
    }

    func setSubchannels(_ subchannels: [UInt16]) async throws {
        try await updateSubchannels(.dataConsumerSetSubchannels, SubchannelsPayload(subchannels: subchannels))
    }

    func addSubchannel(_ subchannel: UInt16) async throws {
        try await updateSubchannels(.dataConsumerAddSubchannel, SubchannelPayload(subchannel: subchannel))
    }

    func removeSubchannel(_ subchannel: UInt16) async throws {
        try await updateSubchannels(.dataConsumerRemoveSubchannel, SubchannelPayload(subchannel: subchannel))
    }

    /// Sends a subchannel request and takes the worker's answer as the subchannels.
    private func updateSubchannels(_ method: ChannelMethod, _ payload: some Encodable) async throws {
        let subchannels = try await channel.request(method, handlerId: id, data: payload.channelData())
            .decoded(SubchannelsPayload.self).subchannels
        state.withLock { $0.subchannels = subchannels }
    }

    // MARK: Worker notifications

    func handle(_ notification: ChannelNotification) {
        switch notification.event {
        case DataNotification.dataConsumerMessage:
            guard !closed, let payload = try? notification.data.decoded(DataMessagePayload.self),
                let bytes = payload.bytes
            else { return }
            events.emit(.message(bytes, ppid: payload.ppid))

        case DataNotification.dataConsumerDataProducerClose:
            guard markClosed() else { return }
            transport.removeDataConsumer(id, sctpStreamId: sctpStreamParameters?.streamId)
            events.emit(.dataProducerClose)
            observer.emit(.close)

        case DataNotification.dataConsumerDataProducerPause:
            let paused = state.withLock { state -> Bool? in
                guard !state.dataProducerPaused else { return nil }
                state.dataProducerPaused = true
                return state.paused
            }
            guard let paused else { return }
            events.emit(.dataProducerPause)
            if !paused { observer.emit(.pause) }

        case DataNotification.dataConsumerDataProducerResume:
            let paused = state.withLock { state -> Bool? in
                guard state.dataProducerPaused else { return nil }
                state.dataProducerPaused = false
                return state.paused
            }
            guard let paused else { return }
            events.emit(.dataProducerResume)
            if !paused { observer.emit(.resume) }

        case DataNotification.dataConsumerSctpSendBufferFull:
            events.emit(.sctpSendBufferFull)

        case DataNotification.dataConsumerBufferedAmountLow:
            guard let payload = try? notification.data.decoded(BufferedAmountPayload.self) else { return }
            events.emit(.bufferedAmountLow(bufferedAmount: payload.bufferedAmount))

        default:
            break
        }
    }
}
