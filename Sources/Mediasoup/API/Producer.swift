/// An incoming media track. mediasoup's `Producer`.
public protocol Producer: AnyObject, Sendable {
    var id: String { get }
    var closed: Bool { get }
    var kind: MediaKind { get }
    /// The validated parameters the producer was created with (CNAME forced to the transport's).
    var rtpParameters: RtpParameters { get }
    var type: ProducerType { get }
    /// What consumers are derived from.
    var consumableRtpParameters: RtpParameters { get }
    var paused: Bool { get }
    /// Scores of the producer's streams; `[]` until RTP arrives.
    var score: [ProducerScore] { get }
    var appData: AppData { get set }
    var events: EventEmitter<ProducerEvent> { get }
    var observer: EventEmitter<ProducerObserverEvent> { get }

    func close()
    func dump() async throws -> ProducerDump
    /// One `inbound-rtp` element per receive stream; `[]` until RTP arrives.
    func getStats() async throws -> [RtpStreamStats]
    func pause() async throws
    func resume() async throws
    func enableTraceEvent(_ types: [ProducerTraceEventType]) async throws
    /// Injects an RTP packet (DirectTransport producers).
    func send(_ rtpPacket: [UInt8]) throws
}

/// Options of `transport.produce()`.
public struct ProducerOptions: Sendable, Hashable, Codable {
    /// A caller-chosen id; a fresh UUID when absent.
    public var id: String?
    public var kind: MediaKind
    public var rtpParameters: RtpParameters
    public var paused: Bool?
    /// Milliseconds to wait before relaying another keyframe request upstream.
    public var keyFrameRequestDelay: Int?
    public var appData: AppData?
    public init(
        id: String? = nil, kind: MediaKind, rtpParameters: RtpParameters, paused: Bool? = nil,
        keyFrameRequestDelay: Int? = nil, appData: AppData? = nil
    ) {
        self.id = id
        self.kind = kind
        self.rtpParameters = rtpParameters
        self.paused = paused
        self.keyFrameRequestDelay = keyFrameRequestDelay
        self.appData = appData
    }
}
