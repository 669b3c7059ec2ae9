/// A media worker: one process with one event loop, hosting routers and
/// WebRTC servers. mediasoup's `Worker`.
public protocol Worker: AnyObject, Sendable {
    /// Process id of the worker (virtual for some remote implementations).
    var pid: Int { get }
    /// Whether the worker is closed, by `close()` or because it died.
    var closed: Bool { get }
    /// True once the worker died unexpectedly.
    var died: Bool { get }
    /// True once the worker process has exited.
    var subprocessClosed: Bool { get }
    /// Application data, readable and writable: the ``WorkerSettings`` `appData`, or `[:]`.
    var appData: AppData { get set }
    /// The worker's events (`died`, `subprocessclose`): see ``WorkerEvent``.
    var events: EventEmitter<WorkerEvent> { get }
    /// The worker's observer events (`close`, `newwebrtcserver`, `newrouter`), as mediasoup's
    /// `worker.observer`.
    var observer: EventEmitter<WorkerObserverEvent> { get }
    /// The worker's live WebRTC servers (mediasoup's `webRtcServersForTesting`).
    var webRtcServersForTesting: [any WebRtcServer] { get }
    /// The worker's live routers (mediasoup's `routersForTesting`).
    var routersForTesting: [any Router] { get }

    /// Stops the worker: closes its routers and servers and ends the process.
    /// Idempotent. Emits observer `close`; `subprocessclose` follows when the process exits.
    func close()

    /// The worker's view of itself: pid, WebRtcServer and router ids, channel handlers (mediasoup's
    /// `worker.dump()`).
    ///
    /// - Throws: `InvalidStateError` when the worker is closed.
    func dump() async throws -> WorkerDump
    /// getrusage(2) figures of the worker process, times in milliseconds (mediasoup's
    /// `worker.getResourceUsage()`).
    ///
    /// - Throws: `InvalidStateError` when the worker is closed.
    func getResourceUsage() async throws -> WorkerResourceUsage

    /// Changes the log level and tags. - Throws: `TypeError` for an invalid level.
    func updateSettings(_ settings: WorkerUpdateableSettings) async throws

    /// Creates a WebRtcServer listening on `listenInfos`; emits observer `newwebrtcserver`.
    ///
    /// - Throws: `TypeError` for an empty `listenInfos`; `MediasoupError` when a socket cannot
    ///   be bound (port in use, address not local); `InvalidStateError` when the worker is closed.
    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer
    /// Creates a router for the given media codecs; emits observer `newrouter`.
    ///
    /// - Throws: `TypeError` for invalid codecs; `UnsupportedError` for a codec mediasoup does not
    ///   support; `InvalidStateError` when the worker is closed.
    func createRouter(_ options: RouterOptions) async throws -> any Router
}

extension Worker {
    /// Creates a router with no media codecs.
    public func createRouter() async throws -> any Router {
        try await createRouter(RouterOptions())
    }
}

/// Worker log levels.
public enum WorkerLogLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// `debug` logs everything, `warn` warnings and errors, `error` errors only, `none` nothing.
    case debug, warn, error, none
}

/// Worker log tags.
public enum WorkerLogTag: String, Sendable, Hashable, Codable, CaseIterable {
    /// Debug-log topics: general `info`, `ice`, `dtls`, `rtp`, `srtp`, `rtcp`, `rtx`, bandwidth estimation
    /// (`bwe`), `score`, `simulcast`, `svc`, `sctp` and data channel `message`s.
    case info, ice, dtls, rtp, srtp, rtcp, rtx, bwe, score, simulcast, svc, sctp, message
}

/// Settings of a new worker. Every field is optional; absent means mediasoup's default.
public struct WorkerSettings: Sendable, Hashable, Codable {
    /// Default `error`.
    public var logLevel: WorkerLogLevel?
    /// Default `[]`.
    public var logTags: [WorkerLogTag]?
    /// Deprecated: lowest port for listen infos without port or range. Default 10000.
    public var rtcMinPort: Int?
    /// Deprecated: highest port for listen infos without port or range. Default 59999.
    public var rtcMaxPort: Int?
    /// PEM certificate for DTLS; a self-signed one is generated when absent.
    public var dtlsCertificateFile: String?
    /// PEM private key for ``dtlsCertificateFile``.
    public var dtlsPrivateKeyFile: String?
    /// libwebrtc field trials for the worker, such as `WebRTC-Bwe-AlrLimitedBackoff/Disabled/`.
    public var libwebrtcFieldTrials: String?
    /// Do not use io_uring even where it is available. Default false.
    public var disableLiburing: Bool?
    /// Application data for the worker. Default `[:]`.
    public var appData: AppData?

    /// Settings of a new worker; nil fields take mediasoup's defaults.
    public init(
        logLevel: WorkerLogLevel? = nil, logTags: [WorkerLogTag]? = nil, rtcMinPort: Int? = nil,
        rtcMaxPort: Int? = nil, dtlsCertificateFile: String? = nil, dtlsPrivateKeyFile: String? = nil,
        libwebrtcFieldTrials: String? = nil, disableLiburing: Bool? = nil, appData: AppData? = nil
    ) {
        self.logLevel = logLevel
        self.logTags = logTags
        self.rtcMinPort = rtcMinPort
        self.rtcMaxPort = rtcMaxPort
        self.dtlsCertificateFile = dtlsCertificateFile
        self.dtlsPrivateKeyFile = dtlsPrivateKeyFile
        self.libwebrtcFieldTrials = libwebrtcFieldTrials
        self.disableLiburing = disableLiburing
        self.appData = appData
    }
}

/// Settings that can change on a running worker.
public struct WorkerUpdateableSettings: Sendable, Hashable, Codable {
    /// The new log level; nil keeps the current one.
    public var logLevel: WorkerLogLevel?
    /// The new log tags; nil keeps the current ones.
    public var logTags: [WorkerLogTag]?
    /// Settings to give `worker.updateSettings()`.
    public init(logLevel: WorkerLogLevel? = nil, logTags: [WorkerLogTag]? = nil) {
        self.logLevel = logLevel
        self.logTags = logTags
    }
}
