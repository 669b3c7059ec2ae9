/// An outgoing media track that follows one producer. mediasoup's `Consumer`.
public protocol Consumer: AnyObject, Sendable {
    /// The consumer's id (a UUID), as mediasoup's `consumer.id`.
    var id: String { get }
    /// The id of the producer this consumer follows, as mediasoup's `consumer.producerId`.
    var producerId: String { get }
    /// Whether the consumer is closed, as mediasoup's `consumer.closed`.
    var closed: Bool { get }
    /// The media kind, `audio` or `video`: the producer's.
    var kind: MediaKind { get }
    /// The RTP parameters the consumer sends with, to hand to the receiving endpoint.
    /// mediasoup's `consumer.rtpParameters`.
    var rtpParameters: RtpParameters { get }
    /// `simple`, `simulcast` or `svc` (the producer's type), or `pipe` for a pipe consumer.
    /// mediasoup's `consumer.type`.
    var type: ConsumerType { get }
    /// Whether the consumer itself is paused, as mediasoup's `consumer.paused`. It sends nothing while
    /// it or its producer (`producerPaused`) is paused.
    var paused: Bool { get }
    /// Whether the producer is paused, as mediasoup's `consumer.producerPaused`.
    var producerPaused: Bool { get }
    /// Share of the available bitrate, from 1 (default) upwards.
    var priority: Int { get }
    /// Scores (0 to 10) of the consumer's stream and of the producer's streams, updated on each `score`
    /// event. mediasoup's `consumer.score`.
    var score: ConsumerScore { get }
    /// Undefined for simple consumers.
    var preferredLayers: ConsumerLayers? { get }
    /// The spatial and temporal layers being sent, updated on each `layerschange` event; nil until
    /// then and for simple consumers. mediasoup's `consumer.currentLayers`.
    var currentLayers: ConsumerLayers? { get }
    /// Application data, readable and writable: the ``ConsumerOptions`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The consumer's events (`transportclose`, `producerclose`, `score`…): see ``ConsumerEvent``.
    var events: EventEmitter<ConsumerEvent> { get }
    /// The consumer's observer events, as mediasoup's `consumer.observer`: see ``ConsumerObserverEvent``.
    var observer: EventEmitter<ConsumerObserverEvent> { get }

    /// Closes the consumer. Idempotent; emits observer `close` (not `transportclose` or `producerclose`).
    func close()
    /// The worker's view of the consumer, as mediasoup's `consumer.dump()`.
    ///
    /// - Throws: `MediasoupError` when the consumer is closed; `InvalidStateError` when its worker is closed.
    func dump() async throws -> ConsumerDump
    /// The consumer's `outbound-rtp` stream(s), then the producer's matching `inbound-rtp` if any.
    func getStats() async throws -> [RtpStreamStats]
    /// Pauses the consumer; `paused` becomes true once the worker has answered. Observer `pause` fires
    /// only if neither the consumer nor its producer was paused.
    ///
    /// - Throws: `MediasoupError` when the consumer is closed; `InvalidStateError` when its worker is closed.
    func pause() async throws
    /// Resumes the consumer; `paused` becomes false once the worker has answered. Observer `resume`
    /// fires only if the consumer was paused and its producer is not.
    ///
    /// - Throws: `MediasoupError` when the consumer is closed; `InvalidStateError` when its worker is closed.
    func resume() async throws
    /// Returns the layers the worker settled on (clamped), or nil for simple consumers.
    @discardableResult
    func setPreferredLayers(_ layers: ConsumerLayers) async throws -> ConsumerLayers?
    /// - Throws: `TypeError` for a priority below 1.
    func setPriority(_ priority: Int) async throws
    /// Restores the default priority, 1 (as `setPriority(1)`).
    ///
    /// - Throws: `MediasoupError` when the consumer is closed; `InvalidStateError` when its worker is closed.
    func unsetPriority() async throws
    /// Asks the producer's endpoint for a key frame (video consumers).
    ///
    /// - Throws: `MediasoupError` when the consumer is closed; `InvalidStateError` when its worker is closed.
    func requestKeyFrame() async throws
    /// Enables `trace` events of the given types (`rtp`, `keyframe`, `nack`, `pli`, `fir`); `[]` disables
    /// them all. mediasoup's `consumer.enableTraceEvent()`.
    ///
    /// - Throws: `MediasoupError` when the consumer is closed; `InvalidStateError` when its worker is closed.
    func enableTraceEvent(_ types: [ConsumerTraceEventType]) async throws
}

/// Options of `transport.consume()`.
public struct ConsumerOptions: Sendable, Hashable, Codable {
    /// Id of the producer to consume: a producer of the same router.
    public var producerId: String
    /// What the receiving endpoint can decode.
    public var rtpCapabilities: RtpCapabilities
    /// Start paused, to resume once the endpoint is ready. Default false.
    public var paused: Bool?
    /// The MID to use; the transport's next one when absent.
    public var mid: String?
    /// The spatial and temporal layers to send at first (simulcast and SVC); the worker clamps them to
    /// the layers that exist.
    public var preferredLayers: ConsumerLayers?
    /// Default: true for video.
    public var enableRtx: Bool?
    /// Drop the producer's DTX packets instead of forwarding them (Opus). Default false.
    public var ignoreDtx: Bool?
    /// Send every encoding (for a pipe to another router). Default false.
    public var pipe: Bool?
    /// Application data for the consumer. Default `[:]`.
    public var appData: AppData?
    /// Options to consume `producerId` for an endpoint with `rtpCapabilities`; nil fields take
    /// mediasoup's defaults.
    public init(
        producerId: String, rtpCapabilities: RtpCapabilities, paused: Bool? = nil, mid: String? = nil,
        preferredLayers: ConsumerLayers? = nil, enableRtx: Bool? = nil, ignoreDtx: Bool? = nil, pipe: Bool? = nil,
        appData: AppData? = nil
    ) {
        self.producerId = producerId
        self.rtpCapabilities = rtpCapabilities
        self.paused = paused
        self.mid = mid
        self.preferredLayers = preferredLayers
        self.enableRtx = enableRtx
        self.ignoreDtx = ignoreDtx
        self.pipe = pipe
        self.appData = appData
    }
}
