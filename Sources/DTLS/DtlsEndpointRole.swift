import Mediasoup

/// The side a ``DtlsEndpoint`` takes in the handshake: a ``DtlsRole``
/// without `auto` (the transport decides `auto` before making the endpoint).
public enum DtlsEndpointRole: Sendable, Hashable {
    /// Sends the ClientHello.
    case client
    /// Waits for the peer's ClientHello.
    case server

    /// The endpoint role of `role`, or nil for `auto`.
    public init?(_ role: DtlsRole) {
        switch role {
        case .client: self = .client
        case .server: self = .server
        case .auto: return nil
        }
    }

    /// The contract's name for this role.
    public var dtlsRole: DtlsRole {
        switch self {
        case .client: .client
        case .server: .server
        }
    }
}
