import Mediasoup

/// How a ``MediasoupVertical`` places work on real workers: Mafalda's
/// vertical options.
public struct VerticalOptions: Sendable {
    /// The most real workers per worker-settings set; nil means as many as
    /// the host has CPUs (the cap is never above the CPU count the manager's
    /// `getStats()` reports as `availableParallelism`).
    public var maxWorkers: Int?
    /// CPU percent of one core above which a real worker takes no new
    /// transports while another can (Mafalda's `watermarkWorker`). Default 60.
    /// 0 makes every placement spread: a new worker while the cap allows,
    /// else the least loaded.
    public var watermarkWorker: Double
    /// CPU percent above which the whole node counts as full (Mafalda's
    /// `watermarkNode`, the signal for horizontal scaling). Default 90.
    /// Validated and kept; this layer alone has no other node to use.
    public var watermarkNode: Double
    /// Settings every virtual worker's settings start from (each
    /// `createWorker()` field given overrides them), as Mafalda's `logLevel`,
    /// `logTags`, `rtcMinPort`, `rtcMaxPort`, `dtlsCertificateFile` and
    /// `dtlsPrivateKeyFile` options.
    public var workerSettings: WorkerSettings
    /// The file shared by every process on the host that uses
    /// MediasoupVertical, so that together they respect the cap (Mafalda's
    /// FsSet of worker pids); nil to count only this process's workers (for a
    /// manager whose workers live on another host).
    public var hostWorkerSet: HostWorkerSet?
    /// How long a reading of the workers' CPU loads is reused. Default 1 s.
    public var loadRefresh: Duration
    /// Where the real pipes between real routers listen (both ends are on
    /// this host). Default: UDP on 127.0.0.1 with a 4 MiB receive buffer
    /// (``defaultPipeListenInfo``): a pipe carries a producer to a whole
    /// worker's consumers, and a burst it cannot buffer is lost for all of them.
    public var pipeListenInfo: TransportListenInfo

    /// The default ``pipeListenInfo``. The kernel caps the buffer at its
    /// `net.core.rmem_max`.
    public static let defaultPipeListenInfo = TransportListenInfo(
        protocol: .udp, ip: "127.0.0.1", recvBufferSize: 4 << 20)

    /// Mafalda's defaults: no worker limit but the CPUs, watermarks 60 % and 90 %.
    public init(
        maxWorkers: Int? = nil, watermarkWorker: Double = 60, watermarkNode: Double = 90,
        workerSettings: WorkerSettings = WorkerSettings(),
        hostWorkerSet: HostWorkerSet? = HostWorkerSet(path: HostWorkerSet.defaultPath),
        loadRefresh: Duration = .seconds(1), pipeListenInfo: TransportListenInfo = defaultPipeListenInfo
    ) {
        self.maxWorkers = maxWorkers
        self.watermarkWorker = watermarkWorker
        self.watermarkNode = watermarkNode
        self.workerSettings = workerSettings
        self.hostWorkerSet = hostWorkerSet
        self.loadRefresh = loadRefresh
        self.pipeListenInfo = pipeListenInfo
    }

    /// - Throws: ``TypeError`` for a `maxWorkers` below 1, a watermark
    ///   outside 0...100 or not a number, or a negative `loadRefresh`.
    func validated() throws -> VerticalOptions {
        if let maxWorkers, maxWorkers < 1 { throw TypeError("maxWorkers must be at least 1, got \(maxWorkers)") }
        for (name, value) in [("watermarkWorker", watermarkWorker), ("watermarkNode", watermarkNode)] {
            guard value.isFinite, (0...100).contains(value) else {
                throw TypeError("\(name) must be a CPU percentage from 0 to 100, got \(value)")
            }
        }
        guard loadRefresh >= .zero else { throw TypeError("loadRefresh must not be negative") }
        return self
    }

    /// `settings` over ``workerSettings``: each field given wins.
    func merged(_ settings: WorkerSettings) -> WorkerSettings {
        let base = workerSettings
        return WorkerSettings(
            logLevel: settings.logLevel ?? base.logLevel, logTags: settings.logTags ?? base.logTags,
            rtcMinPort: settings.rtcMinPort ?? base.rtcMinPort, rtcMaxPort: settings.rtcMaxPort ?? base.rtcMaxPort,
            dtlsCertificateFile: settings.dtlsCertificateFile ?? base.dtlsCertificateFile,
            dtlsPrivateKeyFile: settings.dtlsPrivateKeyFile ?? base.dtlsPrivateKeyFile,
            libwebrtcFieldTrials: settings.libwebrtcFieldTrials ?? base.libwebrtcFieldTrials,
            disableLiburing: settings.disableLiburing ?? base.disableLiburing,
            appData: settings.appData ?? base.appData)
    }
}
