import Mediasoup

/// What a ``DtlsEndpoint`` asks of its caller, in order.
public enum DtlsOutput: Sendable, Hashable {
    /// Send this datagram (one or more whole DTLS records) to the peer.
    case send([UInt8])
    /// The state changed (mediasoup's `dtlsstatechange`): `connecting` when
    /// ``DtlsEndpoint/start(now:)`` runs, then `connected`, `failed` or `closed`.
    case stateChanged(DtlsState)
    /// The handshake completed and the peer's certificate matches its
    /// fingerprint: the SRTP keying. Comes once, right before
    /// `stateChanged(.connected)`.
    case connected(DtlsSrtpKeys)
    /// The peer sent this application data (one DTLS record's plaintext:
    /// an SCTP packet, for a WebRTC transport).
    case applicationData([UInt8])
}
