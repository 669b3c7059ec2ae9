/// An incoming media track. mediasoup's `Producer`.
public protocol Producer: AnyObject, Sendable {
    /// The producer's id (the one given in ``ProducerOptions``, or a UUID), as mediasoup's `producer.id`.
    var id: String { get }
    /// Whether the producer is closed, as mediasoup's `producer.closed`.
    var closed: Bool { get }
    /// The media kind, `audio` or `video`, as mediasoup's `producer.kind`.
    var kind: MediaKind { get }
    /// The validated parameters the producer was created with (CNAME forced to the transport's).
    var rtpParameters: RtpParameters { get }
    /// `simple`, `simulcast` or `svc`, decided by the worker from the encodings and codec.
    /// mediasoup's `producer.type`.
    var type: ProducerType { get }
    /// What consumers are derived from.
    var consumableRtpParameters: RtpParameters { get }
    /// Whether the producer is paused, as mediasoup's `producer.paused`.
    var paused: Bool { get }
    /// Scores of the producer's streams; `[]` until RTP arrives.
    var score: [ProducerScore] { get }
    /// Application data, readable and writable: the ``ProducerOptions`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The producer's events (`transportclose`, `score`, `videoorientationchange`, `trace`): see
    /// ``ProducerEvent``.
    var events: EventEmitter<ProducerEvent> { get }
    /// The producer's observer events, as mediasoup's `producer.observer`: see ``ProducerObserverEvent``.
    var observer: EventEmitter<ProducerObserverEvent> { get }

    /// Closes the producer, and its consumers with `producerclose`. Idempotent; emits observer `close`
    /// (not `transportclose`).
    func close()
    /// The worker's view of the producer (RTP mapping, streams), as mediasoup's `producer.dump()`.
    ///
    /// - Throws: `MediasoupError` when the producer is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> ProducerDump
    /// One `inbound-rtp` element per receive stream; `[]` until RTP arrives.
    func getStats() async throws -> [RtpStreamStats]
    /// Pauses the producer; its consumers get `producerpause`. `paused` becomes true once the worker has
    /// answered; observer `pause` fires only if it was not paused.
    ///
    /// - Throws: `MediasoupError` when the producer is closed; `InvalidStateError` when its worker is closed.
    func pause() async throws
    /// Resumes the producer; its consumers get `producerresume`. `paused` becomes false once the worker
    /// has answered; observer `resume` fires only if it was paused.
    ///
    /// - Throws: `MediasoupError` when the producer is closed; `InvalidStateError` when its worker is closed.
    func resume() async throws
    /// Enables `trace` events of the given types (`rtp`, `keyframe`, `nack`, `pli`, `fir`, `sr`); `[]`
    /// disables them all. mediasoup's `producer.enableTraceEvent()`.
    ///
    /// - Throws: `MediasoupError` when the producer is closed; `InvalidStateError` when its worker is closed.
    func enableTraceEvent(_ types: [ProducerTraceEventType]) async throws
    /// Injects an RTP packet (DirectTransport producers).
    func send(_ rtpPacket: [UInt8]) throws
}

/// Options of `transport.produce()`.
public struct ProducerOptions: Sendable, Hashable, Codable {
    /// A caller-chosen id; a fresh UUID when absent.
    public var id: String?
    /// The media kind, `audio` or `video`.
    public var kind: MediaKind
    /// The RTP parameters the endpoint sends with; validated, and mapped onto the router's codecs.
    public var rtpParameters: RtpParameters
    /// Start paused. Default false.
    public var paused: Bool?
    /// Milliseconds to wait before relaying another keyframe request upstream.
    public var keyFrameRequestDelay: Int?
    /// Application data for the producer. Default `[:]`.
    public var appData: AppData?
    /// Options to produce `kind` media with `rtpParameters`; nil fields take mediasoup's defaults.
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
