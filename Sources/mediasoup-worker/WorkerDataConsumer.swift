#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup
import MediasoupChannel
import NIOCore

/// A data consumer inside the worker: follows one data producer of the router
/// and sends its messages to its endpoint (the library for DirectTransport,
/// the SCTP association otherwise).
final class WorkerDataConsumer: RequestHandler {
    let id: String
    let dataProducerId: String
    unowned let transport: WorkerTransport
    let type: DataConsumerType
    let sctpStreamParameters: SctpStreamParameters?
    let label: String
    let `protocol`: String
    private(set) var paused: Bool
    private(set) var dataProducerPaused = false
    private(set) var dataProducerClosed = false
    private(set) var subchannels: Set<UInt16>
    private(set) var bufferedAmountLowThreshold = 0
    private(set) var bufferedAmount = 0
    private(set) var messagesSent = 0
    private(set) var bytesSent = 0

    var runtime: WorkerRuntime { transport.runtime }

    init(transport: WorkerTransport, payload: ConsumeDataPayload) throws {
        self.id = payload.dataConsumerId
        self.dataProducerId = payload.dataProducerId
        self.transport = transport
        self.type = payload.type
        switch payload.type {
        case .sctp:
            guard var parameters = payload.sctpStreamParameters else {
                throw TypeError("missing sctpStreamParameters")
            }
            try WorkerDataProducer.validate(&parameters)
            self.sctpStreamParameters = parameters
        case .direct:
            self.sctpStreamParameters = nil
        }
        self.label = payload.label
        self.protocol = payload.protocol
        self.paused = payload.paused
        self.subchannels = Set(payload.subchannels ?? [])
    }

    /// Whether messages go out now: neither side paused or closed, and the
    /// endpoint reachable (always for DirectTransport; an SCTP association
    /// that is connected otherwise).
    var isActive: Bool {
        (type == .direct || transport.sctpState == .connected) && !paused && !dataProducerPaused
            && !dataProducerClosed
    }

    // MARK: Requests

    func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .dataConsumerDump:
            return try dump().channelData()

        case .dataConsumerGetStats:
            return try [stats()].channelData()

        case .dataConsumerPause:
            paused = true
            return nil

        case .dataConsumerResume:
            paused = false
            return nil

        case .dataConsumerGetBufferedAmount:
            try requireSctp()
            return try BufferedAmountPayload(bufferedAmount: bufferedAmount).channelData()

        case .dataConsumerSetBufferedAmountLowThreshold:
            try requireSctp()
            bufferedAmountLowThreshold = try request.payload(BufferedAmountLowThresholdPayload.self).threshold
            // As mediasoup: when already at or below the threshold, say so now,
            // right after the response.
            if bufferedAmount <= bufferedAmountLowThreshold {
                let data = try BufferedAmountPayload(bufferedAmount: bufferedAmount).channelData()
                let runtime = NIOLoopBound(self.runtime, eventLoop: self.runtime.eventLoop)
                let id = self.id
                self.runtime.eventLoop.execute {
                    runtime.value.notify(
                        targetId: id, event: DataNotification.dataConsumerBufferedAmountLow, data: data)
                }
            }
            return nil

        case .dataConsumerSend:
            try requireSctp()
            let payload = try request.payload(DataMessagePayload.self)
            guard let bytes = payload.bytes else { throw TypeError("data is not Base64") }
            if let tooLarge = transport.messageTooLarge(bytes.count) { throw TypeError(tooLarge) }
            guard send(bytes, ppid: payload.ppid, subchannels: [], requiredSubchannel: nil) else {
                throw MediasoupError("message send failed")
            }
            return nil

        case .dataConsumerSetSubchannels:
            subchannels = Set(try request.payload(SubchannelsPayload.self).subchannels)
            return try SubchannelsPayload(subchannels: subchannels.sorted()).channelData()

        case .dataConsumerAddSubchannel:
            subchannels.insert(try request.payload(SubchannelPayload.self).subchannel)
            return try SubchannelsPayload(subchannels: subchannels.sorted()).channelData()

        case .dataConsumerRemoveSubchannel:
            subchannels.remove(try request.payload(SubchannelPayload.self).subchannel)
            return try SubchannelsPayload(subchannels: subchannels.sorted()).channelData()

        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    private func requireSctp() throws {
        guard type == .sctp else { throw TypeError("invalid DataConsumer type") }
    }

    // MARK: Messages

    /// Sends a message of the data producer (or of `dataConsumer.send`) to the
    /// endpoint, when active and subscribed: with `requiredSubchannel`, the
    /// data consumer must be subscribed to it; with a non-empty `subchannels`,
    /// to at least one of them. Returns whether the message went out.
    @discardableResult
    func send(_ bytes: [UInt8], ppid: UInt32, subchannels messageSubchannels: [UInt16], requiredSubchannel: UInt16?)
        -> Bool
    {
        guard isActive else { return false }
        if let requiredSubchannel, !subchannels.contains(requiredSubchannel) { return false }
        if !messageSubchannels.isEmpty, !messageSubchannels.contains(where: subchannels.contains) { return false }
        if let tooLarge = transport.messageTooLarge(bytes.count) {
            runtime.log(.warn, tooLarge)
            return false
        }
        if let direct = transport as? WorkerDirectTransport {
            direct.sendMessage(bytes, ppid: ppid, dataConsumerId: id)
        } else {
            guard let sctpStreamParameters, transport.sendSctpMessage(bytes, ppid: ppid, stream: sctpStreamParameters)
            else { return false }
        }
        messagesSent += 1
        bytesSent += bytes.count
        return true
    }

    // MARK: Data producer events

    func producerPaused() {
        guard !dataProducerPaused else { return }
        dataProducerPaused = true
        runtime.notify(targetId: id, event: DataNotification.dataConsumerDataProducerPause)
    }

    func producerResumed() {
        guard dataProducerPaused else { return }
        dataProducerPaused = false
        runtime.notify(targetId: id, event: DataNotification.dataConsumerDataProducerResume)
    }

    /// The data producer closed: tell the library, leave the transport.
    func producerClosed() {
        dataProducerClosed = true
        runtime.notify(targetId: id, event: DataNotification.dataConsumerDataProducerClose)
        if let sctpStreamParameters { transport.sctpStreamClosed(sctpStreamParameters) }
        transport.dataConsumers.remove(id)
        runtime.unregister(id)
    }

    /// Initial state from the data producer it follows.
    func attach(to dataProducer: WorkerDataProducer) {
        dataProducerPaused = dataProducer.paused
        dataProducer.addConsumer(self)
    }

    // MARK: Dump and stats

    func dump() -> DataConsumerDump {
        DataConsumerDump(
            id: id, dataProducerId: dataProducerId, type: type, sctpStreamParameters: sctpStreamParameters,
            label: label, protocol: self.protocol, bufferedAmountLowThreshold: bufferedAmountLowThreshold,
            paused: paused, dataProducerPaused: dataProducerPaused, subchannels: subchannels.sorted())
    }

    func stats() -> DataConsumerStats {
        DataConsumerStats(
            timestamp: Date().timeIntervalSince1970 * 1000, label: label, protocol: self.protocol,
            messagesSent: messagesSent, bytesSent: bytesSent, bufferedAmount: bufferedAmount)
    }
}
