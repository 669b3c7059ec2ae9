/// The mediasoup module: what `import * as mediasoup from 'mediasoup'` gives a
/// Node application. Every implementation of the contract (local engine,
/// remote client, vertical, horizontal) offers one, and applications and the
/// acceptance suite hold it as `any MediasoupAPI`.
public protocol MediasoupAPI: AnyObject, Sendable {
    /// The mediasoup version whose API this implements (`3.14.16`).
    var version: String { get }
    /// Emits ``MediasoupObserverEvent/newWorker(_:)`` for each worker created.
    var observer: EventEmitter<MediasoupObserverEvent> { get }
    /// Where the worker executable is (a path, or for remote implementations, a URL).
    var workerBin: String { get }

    /// Starts a worker.
    ///
    /// - Throws: `TypeError` ("wrong settings") when the worker rejects its settings;
    ///   `MediasoupError` when the worker cannot be started.
    func createWorker(_ settings: WorkerSettings) async throws -> any Worker

    /// A fresh copy of the RTP capabilities mediasoup supports.
    func getSupportedRtpCapabilities() -> RtpCapabilities

    /// Spatial and temporal layers of a scalability mode string.
    func parseScalabilityMode(_ scalabilityMode: String?) -> ScalabilityMode

    /// Routes the library's log lines to the given callbacks (nil disables them).
    func setLogEventListeners(_ listeners: LogEventListeners?)
}

extension MediasoupAPI {
    public func getSupportedRtpCapabilities() -> RtpCapabilities {
        SupportedRtpCapabilities.rtpCapabilities
    }

    public func parseScalabilityMode(_ scalabilityMode: String?) -> ScalabilityMode {
        ScalabilityMode.parse(scalabilityMode)
    }

    /// Starts a worker with default settings.
    public func createWorker() async throws -> any Worker {
        try await createWorker(WorkerSettings())
    }
}

/// The mediasoup version whose API this package implements.
public let mediasoupVersion = "3.14.16"

/// Callbacks for the library's log lines, by severity: `(namespace, message, error)`.
public struct LogEventListeners: Sendable {
    /// A log callback: the logger's namespace (such as `mediasoup`), the log line, and for `onError`
    /// the error that caused it, if any.
    public typealias Callback = @Sendable (_ namespace: String, _ log: String, _ error: (any Error)?) -> Void
    /// Receives debug lines (mediasoup's `ondebug`); nil drops them.
    public var onDebug: Callback?
    /// Receives warnings (mediasoup's `onwarn`); nil drops them.
    public var onWarn: Callback?
    /// Receives errors (mediasoup's `onerror`); nil drops them.
    public var onError: Callback?
    /// Listeners for any of the three severities; lines of a severity without one are dropped.
    public init(onDebug: Callback? = nil, onWarn: Callback? = nil, onError: Callback? = nil) {
        self.onDebug = onDebug
        self.onWarn = onWarn
        self.onError = onError
    }
}
