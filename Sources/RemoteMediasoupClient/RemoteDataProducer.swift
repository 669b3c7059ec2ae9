import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A data producer of a remote transport.
final class RemoteDataProducer: DataProducer, RemoteTransportChild {
    let core: ProxyCore
    let type: DataProducerType
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    let events = EventEmitter<DataProducerEvent>()
    let observer = EventEmitter<DataObserverEvent>()
    private let outcomes = OrderedOutcomes()
    private let pausedState: Mutex<Bool>

    init(snapshot: ObjectSnapshot, transport: any RemoteTransport, session: RemoteSession) throws {
        self.core = ProxyCore(snapshot: snapshot, parent: transport, session: session)
        self.type = try snapshot.property("type")
        self.sctpStreamParameters = try snapshot.optionalProperty("sctpStreamParameters")
        self.label = try snapshot.property("label")
        self.protocol = try snapshot.property("protocol")
        self.pausedState = Mutex(try snapshot.property("paused"))
    }

    var paused: Bool { pausedState.withLock { $0 } }

    // MARK: Closing

    static let transportClose = DataProducerEvent.transportClose
    static let observerClose = DataObserverEvent.close

    // MARK: Requests

    func dump() async throws -> DataProducerDump {
        try await core.request(RemoteProcedure.dump, as: DataProducerDump.self)
    }

    func getStats() async throws -> [DataProducerStats] {
        try await core.request(RemoteProcedure.getStats, as: [DataProducerStats].self)
    }

    func pause() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.pause) } apply: { _ in
            pausedState.withLock { $0 = true }
        }
    }

    func resume() async throws {
        try await outcomes.perform { try await core.request(RemoteProcedure.resume) } apply: { _ in
            pausedState.withLock { $0 = false }
        }
    }

    /// Sends a message into the router without waiting (nothing is sent once
    /// closed, as the worker would drop it).
    /// - Throws: ``InvalidStateError`` once the worker is closed.
    func send(_ message: DataMessage, ppid: UInt32?, subchannels: [UInt16]?, requiredSubchannel: UInt16?) throws {
        do {
            try core.checkUsable(RemoteProcedure.send)
        } catch is MediasoupError {
            return
        }
        if let limit = (core.parent as? any RemoteTransport)?.dataMessageLimit,
            let tooLarge = DataMessage.tooLarge(message.sctpPayload(ppid: ppid).bytes.count, maxMessageSize: limit)
        {
            throw TypeError(tooLarge)
        }
        var params: [String: JSONValue] = [RemoteParam.message: try RemoteSession.wire(RemoteDataMessage(message), what: "message")]
        if let ppid { params[RemoteParam.ppid] = .number(Double(ppid)) }
        if let subchannels { params[RemoteParam.subchannels] = .array(subchannels.map { .number(Double($0)) }) }
        if let requiredSubchannel { params[RemoteParam.requiredSubchannel] = .number(Double(requiredSubchannel)) }
        core.send(RemoteProcedure.send, params)
    }

    // MARK: The graph

    func update(from snapshot: ObjectSnapshot) {
        guard let paused: Bool = try? snapshot.property("paused") else { return }
        pausedState.withLock { $0 = paused }
    }

    func emit(_ notification: EventNotification) {
        if notification.observer {
            switch eventName(notification, in: DataObserverEventName.self) {
            case .close?: observer.emit(.close)
            case .pause?: observer.emit(.pause)
            case .resume?: observer.emit(.resume)
            case nil: break
            }
            return
        }
        switch eventName(notification, in: DataProducerEventName.self) {
        case .transportClose?: events.emit(.transportClose)
        case nil: break
        }
    }
}
