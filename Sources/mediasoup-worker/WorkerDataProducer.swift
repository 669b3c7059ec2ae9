#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup
import MediasoupChannel

/// A data producer inside the worker: messages come in (as `dataProducer.send`
/// notifications, or over SCTP) and go to every data consumer of the router
/// that follows it and accepts them (see ``WorkerDataConsumer/send(_:ppid:subchannels:requiredSubchannel:)``).
///
/// A paused data producer still counts the messages it receives, but forwards none.
final class WorkerDataProducer: RequestHandler, NotificationHandler {
    let id: String
    unowned let transport: WorkerTransport
    let type: DataProducerType
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    private(set) var paused: Bool
    private(set) var messagesReceived = 0
    private(set) var bytesReceived = 0
    /// The data consumers following this data producer, in any transport of the router.
    private(set) var consumers = OrderedEntities<WorkerDataConsumer>()

    var runtime: WorkerRuntime { transport.runtime }

    init(transport: WorkerTransport, payload: ProduceDataPayload) throws {
        self.id = payload.dataProducerId
        self.transport = transport
        self.type = payload.type
        switch payload.type {
        case .sctp:
            guard var parameters = payload.sctpStreamParameters else {
                throw TypeError("missing sctpStreamParameters")
            }
            try Self.validate(&parameters)
            self.sctpStreamParameters = parameters
        case .direct:
            self.sctpStreamParameters = nil
        }
        self.label = payload.label
        self.protocol = payload.protocol
        self.paused = payload.paused
    }

    /// The worker's checks of SCTP stream parameters: a stream id below 65535,
    /// at most one partial-reliability limit, never ordered with one; `ordered`
    /// defaults to false when a limit is given, true otherwise.
    static func validate(_ parameters: inout SctpStreamParameters) throws {
        guard parameters.streamId <= 65534 else { throw TypeError("streamId must not be greater than 65534") }
        try ORTC.validateSctpStreamParameters(&parameters)
    }

    // MARK: Requests and notifications

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .dataProducerDump:
            return try dump().channelData()
        case .dataProducerGetStats:
            return try [stats()].channelData()
        case .dataProducerPause:
            guard !paused else { return nil }
            paused = true
            for consumer in consumers.values { consumer.producerPaused() }
            return nil
        case .dataProducerResume:
            guard paused else { return nil }
            paused = false
            for consumer in consumers.values { consumer.producerResumed() }
            return nil
        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    func handle(_ notification: ChannelNotification) throws {
        switch notification.event {
        case DataNotification.dataProducerSend:
            guard let data = notification.data else { throw TypeError("missing data in \(notification.event)") }
            let payload = try data.decode(DataProducerSendPayload.self)
            guard let bytes = payload.bytes else { throw TypeError("data is not Base64 in \(notification.event)") }
            if let tooLarge = transport.messageTooLarge(bytes.count) { throw TypeError(tooLarge) }
            receive(
                bytes, ppid: payload.ppid, subchannels: payload.subchannels ?? [],
                requiredSubchannel: payload.requiredSubchannel)
            (transport as? WorkerDirectTransport)?.dataReceived(bytes.count)
        default:
            runtime.log(.error, "unknown event '\(notification.event)' for data producer \(id)")
        }
    }

    /// A message arrived: count it and, unless paused, hand it to the data consumers.
    func receive(_ bytes: [UInt8], ppid: UInt32, subchannels: [UInt16], requiredSubchannel: UInt16?) {
        messagesReceived += 1
        bytesReceived += bytes.count
        guard !paused else { return }
        for consumer in consumers.values {
            consumer.send(bytes, ppid: ppid, subchannels: subchannels, requiredSubchannel: requiredSubchannel)
        }
    }

    // MARK: Data consumers

    func addConsumer(_ consumer: WorkerDataConsumer) { consumers.add(consumer.id, consumer) }
    func removeConsumer(_ id: String) { consumers.remove(id) }

    /// The data producer is closing: each data consumer following it is told
    /// (`dataConsumer.dataProducerClose`) and leaves its transport.
    func close() {
        for consumer in consumers.removeAll() { consumer.producerClosed() }
    }

    // MARK: Dump and stats

    func dump() -> DataProducerDump {
        DataProducerDump(
            id: id, type: type, sctpStreamParameters: sctpStreamParameters, label: label, protocol: self.protocol,
            paused: paused)
    }

    func stats() -> DataProducerStats {
        DataProducerStats(
            timestamp: Date().timeIntervalSince1970 * 1000, label: label, protocol: self.protocol,
            messagesReceived: messagesReceived, bytesReceived: bytesReceived)
    }
}

extension WorkerRouter {
    /// The data producer with this id in any transport of the router.
    func dataProducer(_ id: String) -> WorkerDataProducer? {
        for transport in transports.values {
            if let dataProducer = transport.dataProducers[id] { return dataProducer }
        }
        return nil
    }
}
