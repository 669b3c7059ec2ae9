/// Watches the audio of some producers of a router. mediasoup's abstract `RtpObserver`.
public protocol RtpObserver: AnyObject, Sendable {
    /// The observer's id (a UUID), as mediasoup's `rtpObserver.id`.
    var id: String { get }
    /// Whether the observer is closed, as mediasoup's `rtpObserver.closed`.
    var closed: Bool { get }
    /// Whether the observer is paused, as mediasoup's `rtpObserver.paused`.
    var paused: Bool { get }
    /// Application data, readable and writable: the options' `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The observer's events (`routerclose`, `dominantspeaker`, `volumes`, `silence`): see
    /// ``RtpObserverEvent``.
    var events: EventEmitter<RtpObserverEvent> { get }
    /// The observer's observer events, as mediasoup's `rtpObserver.observer`: see
    /// ``RtpObserverObserverEvent``.
    var observer: EventEmitter<RtpObserverObserverEvent> { get }

    /// Closes the observer. Idempotent; emits observer `close` (not `routerclose`).
    func close()
    /// Pauses the observer: it inspects no RTP until resumed. Observer `pause` fires only if it was not
    /// paused.
    ///
    /// - Throws: `MediasoupError` when the observer is closed; `InvalidStateError` when its worker is closed.
    func pause() async throws
    /// Resumes the observer. Observer `resume` fires only if it was paused.
    ///
    /// - Throws: `MediasoupError` when the observer is closed; `InvalidStateError` when its worker is closed.
    func resume() async throws
    /// - Throws: `MediasoupError` when the producer is not in the router.
    func addProducer(producerId: String) async throws
    /// Stops watching a producer; emits observer `removeproducer`.
    ///
    /// - Throws: `MediasoupError` when the producer is not in the router.
    func removeProducer(producerId: String) async throws
}

/// Reports the dominant speaker among its producers.
public protocol ActiveSpeakerObserver: RtpObserver {}

/// Reports the loudest producers' volumes every interval, or silence.
public protocol AudioLevelObserver: RtpObserver {}

/// Options of `router.createActiveSpeakerObserver()`.
public struct ActiveSpeakerObserverOptions: Sendable, Hashable, Codable {
    /// Milliseconds between checks. Default 300.
    public var interval: Int?
    /// Application data for the observer. Default `[:]`.
    public var appData: AppData?
    /// Options of an ActiveSpeakerObserver; nil fields take mediasoup's defaults.
    public init(interval: Int? = nil, appData: AppData? = nil) {
        self.interval = interval
        self.appData = appData
    }
}

/// Options of `router.createAudioLevelObserver()`.
public struct AudioLevelObserverOptions: Sendable, Hashable, Codable {
    /// Most producers reported per interval. Default 1; must be positive.
    public var maxEntries: Int?
    /// dBov, from -127 to 0. Default -80.
    public var threshold: Double?
    /// Milliseconds between reports. Default 1000.
    public var interval: Int?
    /// Application data for the observer. Default `[:]`.
    public var appData: AppData?
    /// Options of an AudioLevelObserver; nil fields take mediasoup's defaults.
    public init(maxEntries: Int? = nil, threshold: Double? = nil, interval: Int? = nil, appData: AppData? = nil) {
        self.maxEntries = maxEntries
        self.threshold = threshold
        self.interval = interval
        self.appData = appData
    }
}
