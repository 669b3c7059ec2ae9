import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A data consumer of a remote transport.
final class RemoteDataConsumer: DataConsumer, RemoteTransportChild {
    let core: ProxyCore
    let dataProducerId: String
    let type: DataConsumerType
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    let events = EventEmitter<DataConsumerEvent>()
    let observer = EventEmitter<DataObserverEvent>()
    private let outcomes = OrderedOutcomes()

    private struct State {
        var paused: Bool
        var dataProducerPaused: Bool
        var subchannels: [UInt16]

        init(_ snapshot: ObjectSnapshot) throws {
            paused = try snapshot.property("paused")
            dataProducerPaused = try snapshot.property("dataProducerPaused")
            subchannels = try snapshot.property("subchannels")
        }
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, transport: any RemoteTransport, session: RemoteSession) throws {
        self.core = ProxyCore(snapshot: snapshot, parent: transport, session: session)
        self.dataProducerId = try snapshot.property("dataProducerId")
        self.type = try snapshot.property("type")
        self.sctpStreamParameters = try snapshot.optionalProperty("sctpStreamParameters")
        self.label = try snapshot.property("label")
        self.protocol = try snapshot.property("protocol")
        self.state = Mutex(try State(snapshot))
    }

    var paused: Bool { state.withLock { $0.paused } }
    var dataProducerPaused: Bool { state.withLock { $0.dataProducerPaused } }
    var subchannels: [UInt16] { state.withLock { $0.subchannels } }

    // MARK: Closing

    static let transportClose = DataConsumerEvent.transportClose
    static let observerClose = DataObserverEvent.close

    // MARK: Requests

    func dump() async throws -> DataConsumerDump {
        try await core.request(RemoteProcedure.dump, as: DataConsumerDump.self)
    }

    func getStats() async throws -> [DataConsumerStats] {
        try await core.request(RemoteProcedure.getStats, as: [DataConsumerStats].self)
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

    func setBufferedAmountLowThreshold(_ threshold: Int) async throws {
        _ = try await core.request(RemoteProcedure.setBufferedAmountLowThreshold, [RemoteParam.threshold: .number(Double(threshold))])
    }

    func send(_ message: DataMessage, ppid: UInt32?) async throws {
        var params: [String: JSONValue] = [RemoteParam.message: try RemoteSession.wire(RemoteDataMessage(message), what: "message")]
        if let ppid { params[RemoteParam.ppid] = .number(Double(ppid)) }
        _ = try await core.request(RemoteProcedure.send, params)
    }

    func getBufferedAmount() async throws -> Int {
        try await core.request(RemoteProcedure.getBufferedAmount, as: Int.self)
    }

    func setSubchannels(_ subchannels: [UInt16]) async throws {
        try await updateSubchannels(
            RemoteProcedure.setSubchannels, [RemoteParam.subchannels: .array(subchannels.map { .number(Double($0)) })])
    }

    func addSubchannel(_ subchannel: UInt16) async throws {
        try await updateSubchannels(RemoteProcedure.addSubchannel, [RemoteParam.subchannel: .number(Double(subchannel))])
    }

    func removeSubchannel(_ subchannel: UInt16) async throws {
        try await updateSubchannels(RemoteProcedure.removeSubchannel, [RemoteParam.subchannel: .number(Double(subchannel))])
    }

    /// Runs a subchannel procedure, then takes the subchannels the worker
    /// settled on from a dump (the procedure answers nothing).
    private func updateSubchannels(_ procedure: String, _ params: [String: JSONValue]) async throws {
        try await outcomes.perform {
            _ = try await core.request(procedure, params)
            return try? await core.request(RemoteProcedure.dump, as: DataConsumerDump.self).subchannels
        } apply: { subchannels in
            guard let subchannels else { return }
            state.withLock { $0.subchannels = subchannels }
        }
    }

    // MARK: The graph

    func update(from snapshot: ObjectSnapshot) {
        guard let updated = try? State(snapshot) else {
            core.session.log.warn("ignoring an invalid DataConsumer snapshot [id:\(id)]")
            return
        }
        state.withLock { $0 = updated }
    }

    func emit(_ notification: EventNotification) {
        let (name, data) = (notification.event, notification.data)
        if notification.observer {
            switch eventName(notification, in: DataObserverEventName.self) {
            case .close?: observer.emit(.close)
            case .pause?: observer.emit(.pause)
            case .resume?: observer.emit(.resume)
            case nil: break
            }
            return
        }
        switch eventName(notification, in: DataConsumerEventName.self) {
        case .transportClose?: events.emit(.transportClose)
        case .dataProducerClose?: events.emit(.dataProducerClose)
        case .dataProducerPause?: events.emit(.dataProducerPause)
        case .dataProducerResume?: events.emit(.dataProducerResume)
        case .sctpSendBufferFull?: events.emit(.sctpSendBufferFull)
        case .message?:
            guard let message = decode(data, as: RemoteMessageEventData.self, event: name),
                let bytes = try? message.bytes()
            else { return }
            events.emit(.message(bytes, ppid: message.ppid))
        case .bufferedAmountLow?:
            if let amount = decode(data, as: Int.self, event: name) { events.emit(.bufferedAmountLow(bufferedAmount: amount)) }
        case nil: break
        }
    }
}
