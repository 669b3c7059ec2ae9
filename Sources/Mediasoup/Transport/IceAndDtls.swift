/// Local ICE credentials of a WebRtcTransport (always ICE-lite).
public struct IceParameters: Sendable, Hashable, Codable {
    public var usernameFragment: String
    public var password: String
    public var iceLite: Bool?
    public init(usernameFragment: String, password: String, iceLite: Bool? = nil) {
        self.usernameFragment = usernameFragment
        self.password = password
        self.iceLite = iceLite
    }
}

/// ICE candidate types mediasoup gathers: host candidates only.
public enum IceCandidateType: String, Sendable, Hashable, Codable, CaseIterable {
    case host
}

/// TCP candidate type: mediasoup only listens.
public enum IceCandidateTcpType: String, Sendable, Hashable, Codable, CaseIterable {
    case passive
}

/// A local ICE candidate of a WebRtcTransport.
public struct IceCandidate: Sendable, Hashable, Codable {
    /// `udpcandidate` or `tcpcandidate`.
    public var foundation: String
    /// RFC 8445 priority; strictly decreasing in listen-info order.
    public var priority: UInt32
    /// Deprecated alias of ``address``.
    public var ip: String
    public var address: String
    public var `protocol`: TransportProtocol
    public var port: UInt16
    public var type: IceCandidateType
    /// `passive` for TCP candidates, absent for UDP.
    public var tcpType: IceCandidateTcpType?

    public init(
        foundation: String,
        priority: UInt32,
        address: String,
        protocol: TransportProtocol,
        port: UInt16,
        type: IceCandidateType = .host,
        tcpType: IceCandidateTcpType? = nil
    ) {
        self.foundation = foundation
        self.priority = priority
        self.ip = address
        self.address = address
        self.protocol = `protocol`
        self.port = port
        self.type = type
        self.tcpType = tcpType
    }
}

/// ICE role: a mediasoup WebRtcTransport is always controlled (ICE-lite).
public enum IceRole: String, Sendable, Hashable, Codable, CaseIterable {
    case controlled, controlling
}

/// ICE state of a WebRtcTransport.
public enum IceState: String, Sendable, Hashable, Codable, CaseIterable {
    case new, connected, completed, disconnected, closed
}

/// DTLS role. `auto` until connect() decides it from the remote role.
public enum DtlsRole: String, Sendable, Hashable, Codable, CaseIterable {
    case auto, client, server
}

/// DTLS state of a WebRtcTransport.
public enum DtlsState: String, Sendable, Hashable, Codable, CaseIterable {
    case new, connecting, connected, failed, closed
}

/// Hash functions for certificate fingerprints (RFC 8122).
public enum FingerprintAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    case sha1 = "sha-1"
    case sha224 = "sha-224"
    case sha256 = "sha-256"
    case sha384 = "sha-384"
    case sha512 = "sha-512"
}

/// A certificate fingerprint: colon-separated upper-case hex.
public struct DtlsFingerprint: Sendable, Hashable, Codable {
    public var algorithm: FingerprintAlgorithm
    public var value: String
    public init(algorithm: FingerprintAlgorithm, value: String) {
        self.algorithm = algorithm
        self.value = value
    }
}

/// DTLS role and certificate fingerprints of one side of a WebRtcTransport.
public struct DtlsParameters: Sendable, Hashable, Codable {
    public var role: DtlsRole?
    public var fingerprints: [DtlsFingerprint]
    public init(role: DtlsRole? = nil, fingerprints: [DtlsFingerprint]) {
        self.role = role
        self.fingerprints = fingerprints
    }
}
