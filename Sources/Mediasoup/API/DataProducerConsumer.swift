/// A data message: text (PPID 51, or 56 when empty) or binary (PPID 53, or 57 when empty).
public enum DataMessage: Sendable, Hashable {
    case string(String)
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
    var id: String { get }
    var closed: Bool { get }
    var type: DataProducerType { get }
    var sctpStreamParameters: SctpStreamParameters? { get }
    var label: String { get }
    var `protocol`: String { get }
    var paused: Bool { get }
    var appData: AppData { get set }
    var events: EventEmitter<DataProducerEvent> { get }
    var observer: EventEmitter<DataObserverEvent> { get }

    func close()
    func dump() async throws -> DataProducerDump
    func getStats() async throws -> [DataProducerStats]
    func pause() async throws
    func resume() async throws
    /// Sends a message into the router (DirectTransport data producers). Only
    /// data consumers subscribed to one of `subchannels` (when given) and to
    /// `requiredSubchannel` (when given) receive it.
    func send(_ message: DataMessage, ppid: UInt32?, subchannels: [UInt16]?, requiredSubchannel: UInt16?) throws
}

extension DataProducer {
    public func send(_ message: DataMessage) throws {
        try send(message, ppid: nil, subchannels: nil, requiredSubchannel: nil)
    }
}

/// An outgoing data channel that follows one data producer. mediasoup's `DataConsumer`.
public protocol DataConsumer: AnyObject, Sendable {
    var id: String { get }
    var dataProducerId: String { get }
    var closed: Bool { get }
    var type: DataConsumerType { get }
    var sctpStreamParameters: SctpStreamParameters? { get }
    var label: String { get }
    var `protocol`: String { get }
    var paused: Bool { get }
    var dataProducerPaused: Bool { get }
    var subchannels: [UInt16] { get }
    var appData: AppData { get set }
    var events: EventEmitter<DataConsumerEvent> { get }
    var observer: EventEmitter<DataObserverEvent> { get }

    func close()
    func dump() async throws -> DataConsumerDump
    func getStats() async throws -> [DataConsumerStats]
    func pause() async throws
    func resume() async throws
    func setBufferedAmountLowThreshold(_ threshold: Int) async throws
    /// Sends a message to the consumer's endpoint.
    func send(_ message: DataMessage, ppid: UInt32?) async throws
    func getBufferedAmount() async throws -> Int
    func setSubchannels(_ subchannels: [UInt16]) async throws
    func addSubchannel(_ subchannel: UInt16) async throws
    func removeSubchannel(_ subchannel: UInt16) async throws
}

/// Options of `transport.produceData()`.
public struct DataProducerOptions: Sendable, Hashable, Codable {
    public var id: String?
    /// Required on SCTP transports, ignored on DirectTransport.
    public var sctpStreamParameters: SctpStreamParameters?
    public var label: String?
    public var `protocol`: String?
    public var paused: Bool?
    public var appData: AppData?
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
    public var dataProducerId: String
    public var ordered: Bool?
    public var maxPacketLifeTime: Int?
    public var maxRetransmits: Int?
    public var paused: Bool?
    /// Subchannels to receive; values wrap to 16 bits and repeat once.
    public var subchannels: [Int]?
    public var appData: AppData?
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
