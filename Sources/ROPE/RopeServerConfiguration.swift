/// How a ROPE WebSocket server listens and whom it lets in.
public struct RopeServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1`, `::1`, `0.0.0.0`, …).
    public var host: String
    /// The TCP port; 0 picks a free one (read it from ``RopeWebSocketServer/port``).
    public var port: Int
    /// When set, clients must send `Authorization: Bearer <token>`; others get HTTP 401.
    public var token: String?
    /// PEM files of the certificate chain and private key: the server then speaks `wss://`.
    public var tls: TLSFiles?
    /// The largest message accepted, in bytes; a larger frame closes the
    /// connection with WebSocket close code 1009.
    public var maxFrameSize: Int

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
        host: String = "127.0.0.1", port: Int = 0, token: String? = nil, tls: TLSFiles? = nil,
        maxFrameSize: Int = RopeServerConfiguration.defaultMaxFrameSize
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.tls = tls
        self.maxFrameSize = maxFrameSize
    }
}
