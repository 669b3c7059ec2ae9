import Mediasoup

// Requests and notifications of data producers and data consumers, and their
// payloads. Creating and closing them goes to the transport (handlerId =
// transport id) and creation answers with the new entity's dump; the others go
// to the data producer or data consumer itself.
//
// Binary message bodies travel as Base64 strings.

extension ChannelMethod {
    package static let transportProduceData: Self = "transport.produceData"
    package static let transportConsumeData: Self = "transport.consumeData"
    package static let transportCloseDataProducer: Self = "transport.closeDataProducer"
    package static let transportCloseDataConsumer: Self = "transport.closeDataConsumer"

    package static let dataProducerDump: Self = "dataProducer.dump"
    package static let dataProducerGetStats: Self = "dataProducer.getStats"
    package static let dataProducerPause: Self = "dataProducer.pause"
    package static let dataProducerResume: Self = "dataProducer.resume"

    package static let dataConsumerDump: Self = "dataConsumer.dump"
    package static let dataConsumerGetStats: Self = "dataConsumer.getStats"
    package static let dataConsumerPause: Self = "dataConsumer.pause"
    package static let dataConsumerResume: Self = "dataConsumer.resume"
    package static let dataConsumerGetBufferedAmount: Self = "dataConsumer.getBufferedAmount"
    package static let dataConsumerSetBufferedAmountLowThreshold: Self = "dataConsumer.setBufferedAmountLowThreshold"
    package static let dataConsumerSend: Self = "dataConsumer.send"
    package static let dataConsumerSetSubchannels: Self = "dataConsumer.setSubchannels"
    package static let dataConsumerAddSubchannel: Self = "dataConsumer.addSubchannel"
    package static let dataConsumerRemoveSubchannel: Self = "dataConsumer.removeSubchannel"
}

/// `transport.produceData`. The response is the new data producer's dump.
package struct ProduceDataPayload: Sendable, Codable {
    package var dataProducerId: String
    package var type: DataProducerType
    /// Required for `sctp`, absent for `direct`.
    package var sctpStreamParameters: SctpStreamParameters?
    package var label: String
    package var `protocol`: String
    package var paused: Bool

    package init(
        dataProducerId: String, type: DataProducerType, sctpStreamParameters: SctpStreamParameters?, label: String,
        protocol: String, paused: Bool
    ) {
        self.dataProducerId = dataProducerId
        self.type = type
        self.sctpStreamParameters = sctpStreamParameters
        self.label = label
        self.protocol = `protocol`
        self.paused = paused
    }
}

/// `transport.consumeData`. The response is the new data consumer's dump.
package struct ConsumeDataPayload: Sendable, Codable {
    package var dataConsumerId: String
    package var dataProducerId: String
    package var type: DataConsumerType
    /// Required for `sctp`, absent for `direct`.
    package var sctpStreamParameters: SctpStreamParameters?
    package var label: String
    package var `protocol`: String
    package var paused: Bool
    /// Subscribed subchannels (duplicates are dropped by the worker); nil for none.
    package var subchannels: [UInt16]?

    package init(
        dataConsumerId: String, dataProducerId: String, type: DataConsumerType,
        sctpStreamParameters: SctpStreamParameters?, label: String, protocol: String, paused: Bool,
        subchannels: [UInt16]?
    ) {
        self.dataConsumerId = dataConsumerId
        self.dataProducerId = dataProducerId
        self.type = type
        self.sctpStreamParameters = sctpStreamParameters
        self.label = label
        self.protocol = `protocol`
        self.paused = paused
        self.subchannels = subchannels
    }
}

/// `transport.closeDataProducer`.
package struct DataProducerIdPayload: Sendable, Codable {
    package var dataProducerId: String
    package init(dataProducerId: String) { self.dataProducerId = dataProducerId }
}

/// `transport.closeDataConsumer`.
package struct DataConsumerIdPayload: Sendable, Codable {
    package var dataConsumerId: String
    package init(dataConsumerId: String) { self.dataConsumerId = dataConsumerId }
}

/// `dataConsumer.getBufferedAmount` response, and the `bufferedAmountLow` notification.
package struct BufferedAmountPayload: Sendable, Codable {
    package var bufferedAmount: Int
    package init(bufferedAmount: Int) { self.bufferedAmount = bufferedAmount }
}

/// `dataConsumer.setBufferedAmountLowThreshold`.
package struct BufferedAmountLowThresholdPayload: Sendable, Codable {
    package var threshold: Int
    package init(threshold: Int) { self.threshold = threshold }
}

/// `dataConsumer.send` request and the `dataConsumer.message` notification:
/// one message with its SCTP payload protocol identifier.
package struct DataMessagePayload: Sendable, Codable {
    package var ppid: UInt32
    /// The message bytes, Base64.
    package var data: String

    package init(ppid: UInt32, bytes: [UInt8]) {
        self.ppid = ppid
        self.data = bytes.base64()
    }

    /// The message bytes; nil when `data` is not Base64.
    package var bytes: [UInt8]? { [UInt8](base64: data) }
}

/// The `dataProducer.send` notification: a message into the router, for the
/// data consumers subscribed to one of `subchannels` (when non-empty) and to
/// `requiredSubchannel` (when given).
package struct DataProducerSendPayload: Sendable, Codable {
    package var ppid: UInt32
    /// The message bytes, Base64.
    package var data: String
    package var subchannels: [UInt16]?
    package var requiredSubchannel: UInt16?

    package init(ppid: UInt32, bytes: [UInt8], subchannels: [UInt16]?, requiredSubchannel: UInt16?) {
        self.ppid = ppid
        self.data = bytes.base64()
        self.subchannels = subchannels
        self.requiredSubchannel = requiredSubchannel
    }

    /// The message bytes; nil when `data` is not Base64.
    package var bytes: [UInt8]? { [UInt8](base64: data) }
}

/// `dataConsumer.setSubchannels` request.
package struct SubchannelsPayload: Sendable, Codable {
    package var subchannels: [UInt16]
    package init(subchannels: [UInt16]) { self.subchannels = subchannels }
}

/// `dataConsumer.addSubchannel` and `dataConsumer.removeSubchannel` requests.
/// The three subchannel requests answer with ``SubchannelsPayload``: the set
/// the data consumer is subscribed to now, ascending.
package struct SubchannelPayload: Sendable, Codable {
    package var subchannel: UInt16
    package init(subchannel: UInt16) { self.subchannel = subchannel }
}

/// Notifications about or for data producers and data consumers.
package enum DataNotification {
    /// Library → worker, to a data producer: ``DataProducerSendPayload``.
    package static let dataProducerSend = "dataProducer.send"
    /// Worker → library, about a data consumer: a message for the application
    /// (DirectTransport), ``DataMessagePayload``.
    package static let dataConsumerMessage = "dataConsumer.message"
    /// Worker → library: the data consumer's data producer closed, and the data consumer with it.
    package static let dataConsumerDataProducerClose = "dataConsumer.dataProducerClose"
    package static let dataConsumerDataProducerPause = "dataConsumer.dataProducerPause"
    package static let dataConsumerDataProducerResume = "dataConsumer.dataProducerResume"
    package static let dataConsumerSctpSendBufferFull = "dataConsumer.sctpSendBufferFull"
    /// ``BufferedAmountPayload``.
    package static let dataConsumerBufferedAmountLow = "dataConsumer.bufferedAmountLow"
}
