/// How a ROPE WebSocket server listens and whom it lets in.
public struct RopeServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1`, `::1`, `0.0.0.0`, …).
    public var host: String
    /// The TCP port; 0 picks a free one (read it from ``RopeWebSocketServer/port``).
    public var port: Int
    /// When set, clients must send `Authorization: Bearer <token>`; others get HTTP 401.
    /// Its holder is the operator, with every right.
    public var token: String?
    /// When set (at least 32 bytes), clients may also present a JWT signed with this HS256 secret,
    /// with `sub` and an `exp` not passed; its claims say what they may do
    /// (the service reads them from ``RopePrincipal``). Expired or badly
    /// signed tokens get HTTP 401.
    public var jwtSecret: String?
    /// PEM files of the certificate chain and private key: the server then speaks `wss://`.
    public var tls: TLSFiles?
    /// The largest message accepted, in bytes; a larger frame closes the
    /// connection with WebSocket close code 1009.
    public var maxFrameSize: Int
    /// Most connections open at once, authenticated or not; more are closed on accept.
    public var maxConnections: Int
    /// Most connections open at once from one IP address.
    public var maxConnectionsPerAddress: Int
    /// How long a connection may take to finish TLS and the WebSocket upgrade.
    public var handshakeTimeout: Duration
    /// How often the server pings each client; one that has not answered the
    /// previous ping by the next is disconnected (a dead or idle peer).
    public var pingInterval: Duration
    /// Most bytes waiting to be written to one client; a client that lets more
    /// pile up (it stopped reading) is disconnected.
    public var maxQueuedBytesPerClient: Int
    /// Most requests of one client waiting or running at once; more are
    /// refused with an error, and a client refused that many times within a
    /// second is disconnected.
    public var maxRequestsInFlight: Int
    /// Requests of one client started per second (as many may arrive at
    /// once); more wait their turn in arrival order, so a client that floods
    /// the server slows itself, not the others.
    public var maxRequestsPerSecond: Int

    public struct TLSFiles: Sendable {
        public var certificateChainPath: String
        public var privateKeyPath: String
        public init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }
    }

    public static let defaultMaxFrameSize = 16 << 20

    public init(
        host: String = "127.0.0.1", port: Int = 0, token: String? = nil, jwtSecret: String? = nil,
        tls: TLSFiles? = nil,
        maxFrameSize: Int = RopeServerConfiguration.defaultMaxFrameSize,
        maxConnections: Int = 1024, maxConnectionsPerAddress: Int = 128,
        handshakeTimeout: Duration = .seconds(10), pingInterval: Duration = .seconds(30),
        maxQueuedBytesPerClient: Int = 32 << 20, maxRequestsInFlight: Int = 256, maxRequestsPerSecond: Int = 1_000
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.jwtSecret = jwtSecret
        self.tls = tls
        self.maxFrameSize = maxFrameSize
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.handshakeTimeout = handshakeTimeout
        self.pingInterval = pingInterval
        self.maxQueuedBytesPerClient = maxQueuedBytesPerClient
        self.maxRequestsInFlight = maxRequestsInFlight
        self.maxRequestsPerSecond = maxRequestsPerSecond
    }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost):
    /// nothing bound there is reachable from another machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Refuses what would expose the server: no token off loopback, or a
    /// token sent in clear text (ws://) off loopback unless `allowPlainTextToken`.
    ///
    /// - Throws: ``RopeExposureError`` saying which.
    public func checkExposure(allowPlainTextToken: Bool = false) throws(RopeExposureError) {
        guard !Self.isLoopback(host) else { return }
        if token == nil && jwtSecret == nil { throw RopeExposureError.noTokenOffLoopback(host: host) }
        if tls == nil && !allowPlainTextToken { throw RopeExposureError.plainTextTokenOffLoopback(host: host) }
    }
}

/// Why a ROPE server refuses to listen as configured.
public enum RopeExposureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Without a token, only a loopback address is allowed.
    case noTokenOffLoopback(host: String)
    /// Off loopback, the bearer token must travel over TLS.
    case plainTextTokenOffLoopback(host: String)

    public var description: String {
        switch self {
        case .noTokenOffLoopback(let host):
            "serving without a token is allowed on loopback only, not on \(host)"
        case .plainTextTokenOffLoopback(let host):
            "the token would cross the network in clear text on \(host): serve wss:// (TLS files), or allow it explicitly"
        }
    }
}
