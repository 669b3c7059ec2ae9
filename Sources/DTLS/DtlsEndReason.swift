import Mediasoup

/// Why a ``DtlsEndpoint`` left the handshake or the connection (``DtlsEndpoint/endReason``).
public enum DtlsEndReason: Sendable, Hashable, CustomStringConvertible {
    /// ``DtlsEndpoint/close()`` was called.
    case closedLocally
    /// The peer sent close_notify.
    case closedByPeer
    /// OpenSSL ended the association: a fatal alert received or sent, a
    /// handshake message it refused; `reason` is OpenSSL's error queue.
    case protocolError(reason: String)
    /// The handshake retransmission timer expired too often (OpenSSL's limit).
    case handshakeTimedOut
    /// The peer presented no certificate.
    case noPeerCertificate
    /// The peer certificate's digest differs from the signalled fingerprint.
    case fingerprintMismatch(expected: DtlsFingerprint, actual: String)
    /// The peer negotiated no SRTP profile (`use_srtp` is required, as in mediasoup).
    case srtpNotNegotiated
    /// `SSL_export_keying_material` failed.
    case keyExportFailed

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .closedLocally: "closed locally"
        case .closedByPeer: "closed by the peer (close_notify)"
        case .protocolError(let reason): reason.isEmpty ? "DTLS protocol error" : "DTLS protocol error: \(reason)"
        case .handshakeTimedOut: "DTLS handshake timed out"
        case .noPeerCertificate: "the peer sent no certificate"
        case .fingerprintMismatch(let expected, let actual):
            "peer certificate \(expected.algorithm.rawValue) fingerprint \(actual) differs from \(expected.value)"
        case .srtpNotNegotiated: "no SRTP profile negotiated"
        case .keyExportFailed: "SRTP keying material export failed"
        }
    }
}
