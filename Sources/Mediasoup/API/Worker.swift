/// A media worker: one process with one event loop, hosting routers and
/// WebRTC servers. mediasoup's `Worker`.
public protocol Worker: AnyObject, Sendable {
    /// Process id of the worker (virtual for some remote implementations).
    var pid: Int { get }
    var closed: Bool { get }
    /// True once the worker died unexpectedly.
    var died: Bool { get }
    /// True once the worker process has exited.
    var subprocessClosed: Bool { get }
    var appData: AppData { get set }
    var events: EventEmitter<WorkerEvent> { get }
    var observer: EventEmitter<WorkerObserverEvent> { get }
    /// The worker's live WebRTC servers (mediasoup's `webRtcServersForTesting`).
    var webRtcServersForTesting: [any WebRtcServer] { get }
    /// The worker's live routers (mediasoup's `routersForTesting`).
    var routersForTesting: [any Router] { get }

    /// Stops the worker: closes its routers and servers and ends the process.
    /// Idempotent. Emits observer `close`; `subprocessclose` follows when the process exits.
    func close()

    func dump() async throws -> WorkerDump
    func getResourceUsage() async throws -> WorkerResourceUsage

    /// Changes the log level and tags. - Throws: ``TypeError`` for an invalid level.
    func updateSettings(_ settings: WorkerUpdateableSettings) async throws

    func createWebRtcServer(_ options: WebRtcServerOptions) async throws -> any WebRtcServer
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
    case debug, warn, error, none
}

/// Worker log tags.
public enum WorkerLogTag: String, Sendable, Hashable, Codable, CaseIterable {
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
    public var libwebrtcFieldTrials: String?
    public var disableLiburing: Bool?
    public var appData: AppData?

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
    public var logLevel: WorkerLogLevel?
    public var logTags: [WorkerLogTag]?
    public init(logLevel: WorkerLogLevel? = nil, logTags: [WorkerLogTag]? = nil) {
        self.logLevel = logLevel
        self.logTags = logTags
    }
}
