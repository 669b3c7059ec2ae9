/// A data message: text (PPID 51, or 56 when empty) or binary (PPID 53, or 57 when empty).
public enum DataMessage: Sendable, Hashable {
    /// A text message, sent as its UTF-8 bytes.
    case string(String)
    /// A binary message.
    case binary([UInt8])

    /// The PPID and bytes mediasoup sends for this message when no PPID is given:
    /// 51 for text, 56 for empty text (sent as one space), 53 for binary, 57 for
    /// empty binary (sent as one zero byte). An explicit 56 or 57 also replaces
    /// the bytes so the PPID is honoured.
    public func sctpPayload(ppid: UInt32?) -> (ppid: UInt32, bytes: [UInt8]) {
        let bytes: [UInt8]
        let defaultPpid: UInt32
        switch self {
        case .string(let text):
            bytes = Array(text.utf8)
            defaultPpid = bytes.isEmpty ? 56 : 51
        case .binary(let data):
            bytes = data
            defaultPpid = bytes.isEmpty ? 57 : 53
        }
        let chosen = ppid ?? defaultPpid
        switch chosen {
        case 56: return (chosen, [0x20])
        case 57: return (chosen, [0x00])
        default: return (chosen, bytes)
        }
    }

    /// Why a message of `length` bytes is refused by a transport whose limit is
    /// `maxMessageSize` (mediasoup's words), or nil when it fits.
    public static func tooLarge(_ length: Int, maxMessageSize: Int) -> String? {
        guard length > maxMessageSize else { return nil }
        return "given message exceeds maxMessageSize value [maxMessageSize:\(maxMessageSize), len:\(length)]"
    }
}

/// An incoming data channel. mediasoup's `DataProducer`.
public protocol DataProducer: AnyObject, Sendable {
    /// The data producer's id (the one given in ``DataProducerOptions``, or a UUID), as mediasoup's
    /// `dataProducer.id`.
    var id: String { get }
    /// Whether the data producer is closed, as mediasoup's `dataProducer.closed`.
    var closed: Bool { get }
    /// `sctp`, or `direct` on a DirectTransport, as mediasoup's `dataProducer.type`.
    var type: DataProducerType { get }
    /// The SCTP stream the messages arrive on; nil for a `direct` data producer.
    var sctpStreamParameters: SctpStreamParameters? { get }
    /// The data channel's label (default empty), as mediasoup's `dataProducer.label`.
    var label: String { get }
    /// The data channel's subprotocol (default empty), as mediasoup's `dataProducer.protocol`.
    var `protocol`: String { get }
    /// Whether the data producer is paused, as mediasoup's `dataProducer.paused`.
    var paused: Bool { get }
    /// Application data, readable and writable: the ``DataProducerOptions`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The data producer's events (`transportclose`): see ``DataProducerEvent``.
    var events: EventEmitter<DataProducerEvent> { get }
    /// The data producer's observer events (`close`, `pause`, `resume`), as mediasoup's
    /// `dataProducer.observer`.
    var observer: EventEmitter<DataObserverEvent> { get }

    /// Closes the data producer, and its data consumers with `dataproducerclose`. Idempotent; emits
    /// observer `close` (not `transportclose`).
    func close()
    /// The worker's view of the data producer, as mediasoup's `dataProducer.dump()`.
    ///
    /// - Throws: `MediasoupError` when the data producer is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> DataProducerDump
    /// One `data-producer` element: label, protocol, messages and bytes received.
    ///
    /// - Throws: `MediasoupError` when the data producer is closed; `InvalidStateError` when its worker is closed.
    func getStats() async throws -> [DataProducerStats]
    /// Pauses the data producer: it still counts the messages it receives but forwards none. Its data
    /// consumers get `dataproducerpause`; observer `pause` fires only if it was not paused.
    ///
    /// - Throws: `MediasoupError` when the data producer is closed; `InvalidStateError` when its worker is closed.
    func pause() async throws
    /// Resumes the data producer; its data consumers get `dataproducerresume`. Observer `resume` fires
    /// only if it was paused.
    ///
    /// - Throws: `MediasoupError` when the data producer is closed; `InvalidStateError` when its worker is closed.
    func resume() async throws
    /// Sends a message into the router (DirectTransport data producers). Only
    /// data consumers subscribed to one of `subchannels` (when given) and to
    /// `requiredSubchannel` (when given) receive it.
    func send(_ message: DataMessage, ppid: UInt32?, subchannels: [UInt16]?, requiredSubchannel: UInt16?) throws
}

extension DataProducer {
    /// Sends a message into the router with the default PPID and no subchannels, so all its data
    /// consumers receive it (DirectTransport data producers).
    ///
    /// - Throws: `TypeError` when the message is larger than the transport's maxMessageSize;
    ///   `InvalidStateError` when the worker is closed.
    public func send(_ message: DataMessage) throws {
        try send(message, ppid: nil, subchannels: nil, requiredSubchannel: nil)
    }
}

/// An outgoing data channel that follows one data producer. mediasoup's `DataConsumer`.
public protocol DataConsumer: AnyObject, Sendable {
    /// The data consumer's id (a UUID), as mediasoup's `dataConsumer.id`.
    var id: String { get }
    /// The id of the data producer this data consumer follows, as mediasoup's `dataConsumer.dataProducerId`.
    var dataProducerId: String { get }
    /// Whether the data consumer is closed, as mediasoup's `dataConsumer.closed`.
    var closed: Bool { get }
    /// `sctp`, or `direct` on a DirectTransport, as mediasoup's `dataConsumer.type`.
    var type: DataConsumerType { get }
    /// The SCTP stream the messages leave on (a stream id of this transport); nil for a `direct`
    /// data consumer.
    var sctpStreamParameters: SctpStreamParameters? { get }
    /// The data producer's label, as mediasoup's `dataConsumer.label`.
    var label: String { get }
    /// The data producer's subprotocol, as mediasoup's `dataConsumer.protocol`.
    var `protocol`: String { get }
    /// Whether the data consumer itself is paused, as mediasoup's `dataConsumer.paused`.
    var paused: Bool { get }
    /// Whether the data producer is paused, as mediasoup's `dataConsumer.dataProducerPaused`.
    var dataProducerPaused: Bool { get }
    /// The subchannels the data consumer is subscribed to (a copy), as mediasoup's
    /// `dataConsumer.subchannels`. A message sent with subchannels reaches it only if it shares one.
    var subchannels: [UInt16] { get }
    /// Application data, readable and writable: the ``DataConsumerOptions`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The data consumer's events (`message`, `dataproducerclose`, `bufferedamountlow`…): see
    /// ``DataConsumerEvent``.
    var events: EventEmitter<DataConsumerEvent> { get }
    /// The data consumer's observer events (`close`, `pause`, `resume`), as mediasoup's
    /// `dataConsumer.observer`.
    var observer: EventEmitter<DataObserverEvent> { get }

    /// Closes the data consumer and frees its SCTP stream id. Idempotent; emits observer `close` (not
    /// `transportclose` or `dataproducerclose`).
    func close()
    /// The worker's view of the data consumer, as mediasoup's `dataConsumer.dump()`.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> DataConsumerDump
    /// One `data-consumer` element: label, protocol, messages and bytes sent, buffered amount.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func getStats() async throws -> [DataConsumerStats]
    /// Pauses the data consumer. Observer `pause` fires only if neither it nor its data producer was
    /// paused.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func pause() async throws
    /// Resumes the data consumer. Observer `resume` fires only if it was paused and its data producer
    /// is not.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func resume() async throws
    /// Sets the send-buffer level, in bytes, below which `bufferedamountlow` fires.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func setBufferedAmountLowThreshold(_ threshold: Int) async throws
    /// Sends a message to the consumer's endpoint.
    func send(_ message: DataMessage, ppid: UInt32?) async throws
    /// Bytes waiting in the SCTP send buffer, as mediasoup's `dataConsumer.getBufferedAmount()`.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func getBufferedAmount() async throws -> Int
    /// Replaces the subchannels; `subchannels` becomes the worker's answer (deduplicated).
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func setSubchannels(_ subchannels: [UInt16]) async throws
    /// Subscribes to one more subchannel; `subchannels` becomes the worker's answer.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func addSubchannel(_ subchannel: UInt16) async throws
    /// Unsubscribes from a subchannel; `subchannels` becomes the worker's answer.
    ///
    /// - Throws: `MediasoupError` when the data consumer is closed; `InvalidStateError` when its worker is closed.
    func removeSubchannel(_ subchannel: UInt16) async throws
}

/// Options of `transport.produceData()`.
public struct DataProducerOptions: Sendable, Hashable, Codable {
    /// A caller-chosen id; a fresh UUID when absent. An id already used on the transport is a
    /// `TypeError`.
    public var id: String?
    /// Required on SCTP transports, ignored on DirectTransport.
    public var sctpStreamParameters: SctpStreamParameters?
    /// The data channel's label. Default empty.
    public var label: String?
    /// The data channel's subprotocol. Default empty.
    public var `protocol`: String?
    /// Start paused. Default false.
    public var paused: Bool?
    /// Application data for the data producer. Default `[:]`.
    public var appData: AppData?
    /// Options of a data producer; nil fields take mediasoup's defaults.
    public init(
        id: String? = nil, sctpStreamParameters: SctpStreamParameters? = nil, label: String? = nil,
        protocol: String? = nil, paused: Bool? = nil, appData: AppData? = nil
    ) {
        self.id = id
        self.sctpStreamParameters = sctpStreamParameters
        self.label = label
        self.protocol = `protocol`
        self.paused = paused
        self.appData = appData
    }
}

/// Options of `transport.consumeData()`.
public struct DataConsumerOptions: Sendable, Hashable, Codable {
    /// Id of the data producer to consume: a data producer of the same router.
    public var dataProducerId: String
    /// Overrides the data producer's in-order delivery (SCTP).
    public var ordered: Bool?
    /// Overrides the data producer's partial reliability: milliseconds before giving up (SCTP).
    public var maxPacketLifeTime: Int?
    /// Overrides the data producer's partial reliability: retransmissions before giving up (SCTP).
    public var maxRetransmits: Int?
    /// Start paused. Default false.
    public var paused: Bool?
    /// Subchannels to receive; values wrap to 16 bits and repeat once.
    public var subchannels: [Int]?
    /// Application data for the data consumer. Default `[:]`.
    public var appData: AppData?
    /// Options to consume `dataProducerId`; nil fields keep the data producer's stream settings or
    /// take mediasoup's defaults.
    public init(
        dataProducerId: String, ordered: Bool? = nil, maxPacketLifeTime: Int? = nil, maxRetransmits: Int? = nil,
        paused: Bool? = nil, subchannels: [Int]? = nil, appData: AppData? = nil
    ) {
        self.dataProducerId = dataProducerId
        self.ordered = ordered
        self.maxPacketLifeTime = maxPacketLifeTime
        self.maxRetransmits = maxRetransmits
        self.paused = paused
        self.subchannels = subchannels
        self.appData = appData
    }
}
