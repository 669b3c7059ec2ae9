/// Why ``DtlsEndpoint/send(applicationData:)`` sent nothing.
public enum DtlsSendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The endpoint is not connected (handshake running or unverified, failed or closed).
    case notConnected
    /// The message is empty.
    case empty
    /// The message is longer than one DTLS record carries (``DtlsEndpoint/maximumApplicationDataSize``).
    case tooLarge(Int)
    /// OpenSSL refused the write; the endpoint may have ended (see ``DtlsEndpoint/state``).
    case writeFailed(reason: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notConnected: "DTLS is not connected"
        case .empty: "empty application data"
        case .tooLarge(let size): "application data of \(size) bytes exceeds \(DtlsEndpoint.maximumApplicationDataSize)"
        case .writeFailed(let reason): "SSL_write failed: \(reason)"
        }
    }
}
