/// Transport protocol of a socket or candidate.
public enum TransportProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    /// mediasoup's `'udp'` and `'tcp'` protocol strings.
    case udp, tcp
}

/// A range of local ports to bind in, both ends included.
public struct TransportPortRange: Sendable, Hashable, Codable {
    /// Lowest port of the range; greater than ``max`` makes transport creation throw a `TypeError`.
    public var min: UInt16
    /// Highest port of the range, included.
    public var max: UInt16
    /// Creates a port range, mediasoup's `portRange: {min, max}`.
    public init(min: UInt16, max: UInt16) {
        self.min = min
        self.max = max
    }
}

/// Socket options for a listening socket.
public struct TransportSocketFlags: Sendable, Hashable, Codable {
    /// Bind an IPv6 socket to IPv6 only (no IPv4-mapped addresses).
    public var ipv6Only: Bool?
    /// Set SO_REUSEPORT on UDP sockets (e.g. several receivers of one multicast group).
    public var udpReusePort: Bool?
    /// Creates socket flags, mediasoup's `flags: {ipv6Only?, udpReusePort?}`; absent means false.
    public init(ipv6Only: Bool? = nil, udpReusePort: Bool? = nil) {
        self.ipv6Only = ipv6Only
        self.udpReusePort = udpReusePort
    }
}

/// Where and how a transport or WebRtcServer listens.
public struct TransportListenInfo: Sendable, Hashable, Codable {
    /// `udp` or `tcp`; a PipeTransport accepts UDP only (`TypeError` otherwise).
    public var `protocol`: TransportProtocol
    /// Local IPv4 or IPv6 address to bind.
    public var ip: String
    /// Deprecated alias of ``announcedAddress``.
    public var announcedIp: String?
    /// Address or hostname announced to peers instead of ``ip`` (e.g. a public IP behind NAT).
    public var announcedAddress: String?
    /// A fixed port. When neither this nor ``portRange`` is given, a free port is used.
    public var port: UInt16?
    /// A range to pick a free port from; wins over ``port``.
    public var portRange: TransportPortRange?
    /// Socket options for the listening socket.
    public var flags: TransportSocketFlags?
    /// SO_SNDBUF in bytes.
    public var sendBufferSize: Int?
    /// SO_RCVBUF in bytes.
    public var recvBufferSize: Int?

    /// Creates a listen info (mediasoup's `TransportListenInfo`); prefer ``announcedAddress`` over the
    /// deprecated ``announcedIp``.
    public init(
        protocol: TransportProtocol,
        ip: String,
        announcedIp: String? = nil,
        announcedAddress: String? = nil,
        port: UInt16? = nil,
        portRange: TransportPortRange? = nil,
        flags: TransportSocketFlags? = nil,
        sendBufferSize: Int? = nil,
        recvBufferSize: Int? = nil
    ) {
        self.protocol = `protocol`
        self.ip = ip
        self.announcedIp = announcedIp
        self.announcedAddress = announcedAddress
        self.port = port
        self.portRange = portRange
        self.flags = flags
        self.sendBufferSize = sendBufferSize
        self.recvBufferSize = recvBufferSize
    }
}

/// Deprecated listening address form: an IP and an optional announced IP.
public struct TransportListenIp: Sendable, Hashable, Codable {
    /// Local IPv4 or IPv6 address to bind; becomes the listen info's `ip`.
    public var ip: String
    /// Address announced to peers instead of ``ip``; becomes the listen info's `announcedAddress`.
    public var announcedIp: String?
    /// Creates a listen IP, mediasoup's deprecated `TransportListenIp` (`{ip, announcedIp?}`); prefer
    /// ``TransportListenInfo``.
    public init(ip: String, announcedIp: String? = nil) {
        self.ip = ip
        self.announcedIp = announcedIp
    }

    /// Accepts both `{"ip": …}` and a bare IP string, as mediasoup does.
    public init(from decoder: any Decoder) throws {
        if let ip = try? decoder.singleValueContainer().decode(String.self) {
            self.init(ip: ip)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ip: try container.decode(String.self, forKey: .ip),
            announcedIp: try container.decodeIfPresent(String.self, forKey: .announcedIp)
        )
    }
}

/// The local and (once known) remote address of a transport's 5-tuple.
public struct TransportTuple: Sendable, Hashable, Codable {
    /// Deprecated alias of ``localAddress``.
    public var localIp: String
    /// Local address, or the announced address when one was given.
    public var localAddress: String
    /// Local port.
    public var localPort: UInt16
    /// Remote IP address, once known (after `connect()`, or from the first packet with `comedia`).
    public var remoteIp: String?
    /// Remote port, once known (after `connect()`, or from the first packet with `comedia`).
    public var remotePort: UInt16?
    /// `udp` or `tcp`.
    public var `protocol`: TransportProtocol

    /// Creates a tuple; `localIp` defaults to `localAddress`, as mediasoup keeps the deprecated alias.
    public init(
        localIp: String? = nil,
        localAddress: String,
        localPort: UInt16,
        remoteIp: String? = nil,
        remotePort: UInt16? = nil,
        protocol: TransportProtocol
    ) {
        self.localIp = localIp ?? localAddress
        self.localAddress = localAddress
        self.localPort = localPort
        self.remoteIp = remoteIp
        self.remotePort = remotePort
        self.protocol = `protocol`
    }
}
