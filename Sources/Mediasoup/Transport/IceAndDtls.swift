/// Local ICE credentials of a WebRtcTransport (always ICE-lite).
public struct IceParameters: Sendable, Hashable, Codable {
    /// ICE username fragment (`usernameFragment`): 32 random characters, new on each `restartIce()`.
    public var usernameFragment: String
    /// ICE password: 32 random characters, new on each `restartIce()`.
    public var password: String
    /// Whether the agent is ICE-lite; always true for a mediasoup WebRtcTransport.
    public var iceLite: Bool?
    /// Creates ICE parameters (mediasoup's `iceParameters: {usernameFragment, password, iceLite}`).
    public init(usernameFragment: String, password: String, iceLite: Bool? = nil) {
        self.usernameFragment = usernameFragment
        self.password = password
        self.iceLite = iceLite
    }
}

/// ICE candidate types mediasoup gathers: host candidates only.
public enum IceCandidateType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A host candidate: an address of the listening socket (or its announced address).
    case host
}

/// TCP candidate type: mediasoup only listens.
public enum IceCandidateTcpType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A passive TCP candidate: mediasoup accepts the connection, the remote opens it.
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
    /// The candidate's IP address or host name: the listen info's `announcedAddress` if set,
    /// else its `ip`.
    public var address: String
    /// Transport protocol of the candidate, `udp` or `tcp`.
    public var `protocol`: TransportProtocol
    /// Port of the candidate's socket.
    public var port: UInt16
    /// Candidate type; always `host`.
    public var type: IceCandidateType
    /// `passive` for TCP candidates, absent for UDP.
    public var tcpType: IceCandidateTcpType?

    /// Creates a candidate; ``ip`` is set to `address`, as mediasoup keeps the deprecated alias.
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
    /// mediasoup's `iceRole` values; a WebRtcTransport always reports `controlled`.
    case controlled, controlling
}

/// ICE state of a WebRtcTransport.
public enum IceState: String, Sendable, Hashable, Codable, CaseIterable {
    /// mediasoup's `iceState` values: `new` until a valid ICE check; `connected` after a check without
    /// nomination, `completed` after a nominated one (USE-CANDIDATE); `disconnected` when the selected tuple
    /// is lost (consent timeout, TCP connection closed); `closed` when the transport closes.
    case new, connected, completed, disconnected, closed
}

/// DTLS role. `auto` until connect() decides it from the remote role.
public enum DtlsRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// `auto` until `connect()`; then the local role is `server` for a remote `client`, and
    /// `client` for a remote `server` or `auto`.
    case auto, client, server
}

/// DTLS state of a WebRtcTransport.
public enum DtlsState: String, Sendable, Hashable, Codable, CaseIterable {
    /// mediasoup's `dtlsState` values: `new` before the handshake, `connecting` during it, then `connected`
    /// or `failed`; `closed` when the DTLS connection or the transport closes.
    case new, connecting, connected, failed, closed
}

/// Hash functions for certificate fingerprints (RFC 8122).
public enum FingerprintAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    /// SHA-1 (`sha-1`).
    case sha1 = "sha-1"
    /// SHA-224 (`sha-224`).
    case sha224 = "sha-224"
    /// SHA-256 (`sha-256`).
    case sha256 = "sha-256"
    /// SHA-384 (`sha-384`).
    case sha384 = "sha-384"
    /// SHA-512 (`sha-512`).
    case sha512 = "sha-512"
}

/// A certificate fingerprint: colon-separated upper-case hex.
public struct DtlsFingerprint: Sendable, Hashable, Codable {
    /// The hash function, e.g. `sha-256`.
    public var algorithm: FingerprintAlgorithm
    /// The certificate's hash as colon-separated upper-case hex bytes (`AB:CD:…`).
    public var value: String
    /// Creates a fingerprint, an item of mediasoup's `dtlsParameters.fingerprints`.
    public init(algorithm: FingerprintAlgorithm, value: String) {
        self.algorithm = algorithm
        self.value = value
    }
}

/// DTLS role and certificate fingerprints of one side of a WebRtcTransport.
public struct DtlsParameters: Sendable, Hashable, Codable {
    /// The DTLS role; absent in `connect()` means `auto`. The local role is `auto` until `connect()`.
    public var role: DtlsRole?
    /// Certificate fingerprints; `connect()` throws a `TypeError` when the remote list is empty.
    public var fingerprints: [DtlsFingerprint]
    /// Creates DTLS parameters (mediasoup's `dtlsParameters: {role?, fingerprints}`), e.g. the remote's
    /// for `connect()`.
    public init(role: DtlsRole? = nil, fingerprints: [DtlsFingerprint]) {
        self.role = role
        self.fingerprints = fingerprints
    }
}
