/// An outgoing media track that follows one producer. mediasoup's `Consumer`.
public protocol Consumer: AnyObject, Sendable {
    var id: String { get }
    var producerId: String { get }
    var closed: Bool { get }
    var kind: MediaKind { get }
    var rtpParameters: RtpParameters { get }
    var type: ConsumerType { get }
    var paused: Bool { get }
    var producerPaused: Bool { get }
    /// Share of the available bitrate, from 1 (default) upwards.
    var priority: Int { get }
    var score: ConsumerScore { get }
    /// Undefined for simple consumers.
    var preferredLayers: ConsumerLayers? { get }
    var currentLayers: ConsumerLayers? { get }
    var appData: AppData { get set }
    var events: EventEmitter<ConsumerEvent> { get }
    var observer: EventEmitter<ConsumerObserverEvent> { get }

    func close()
    func dump() async throws -> ConsumerDump
    /// The consumer's `outbound-rtp` stream(s), then the producer's matching `inbound-rtp` if any.
    func getStats() async throws -> [RtpStreamStats]
    func pause() async throws
    func resume() async throws
    /// Returns the layers the worker settled on (clamped), or nil for simple consumers.
    @discardableResult
    func setPreferredLayers(_ layers: ConsumerLayers) async throws -> ConsumerLayers?
    /// - Throws: ``TypeError`` for a priority below 1.
    func setPriority(_ priority: Int) async throws
    func unsetPriority() async throws
    func requestKeyFrame() async throws
    func enableTraceEvent(_ types: [ConsumerTraceEventType]) async throws
}

/// Options of `transport.consume()`.
public struct ConsumerOptions: Sendable, Hashable, Codable {
    public var producerId: String
    /// What the receiving endpoint can decode.
    public var rtpCapabilities: RtpCapabilities
    public var paused: Bool?
    /// The MID to use; the transport's next one when absent.
    public var mid: String?
    public var preferredLayers: ConsumerLayers?
    /// Default: true for video.
    public var enableRtx: Bool?
    public var ignoreDtx: Bool?
    /// Send every encoding (for a pipe to another router). Default false.
    public var pipe: Bool?
    public var appData: AppData?
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
