/// Watches the audio of some producers of a router. mediasoup's abstract `RtpObserver`.
public protocol RtpObserver: AnyObject, Sendable {
    var id: String { get }
    var closed: Bool { get }
    var paused: Bool { get }
    var appData: AppData { get set }
    var events: EventEmitter<RtpObserverEvent> { get }
    var observer: EventEmitter<RtpObserverObserverEvent> { get }

    func close()
    func pause() async throws
    func resume() async throws
    /// - Throws: ``MediasoupError`` when the producer is not in the router.
    func addProducer(producerId: String) async throws
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
    public var appData: AppData?
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
    public var appData: AppData?
    public init(maxEntries: Int? = nil, threshold: Double? = nil, interval: Int? = nil, appData: AppData? = nil) {
        self.maxEntries = maxEntries
        self.threshold = threshold
        self.interval = interval
        self.appData = appData
    }
}
