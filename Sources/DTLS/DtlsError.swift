/// Why a ``DtlsIdentity`` or a ``DtlsEndpoint`` could not be made.
public enum DtlsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An OpenSSL call failed; `reason` is OpenSSL's error queue, or empty.
    case openSSL(operation: String, reason: String)
    /// A certificate or key file could not be opened.
    case unreadableFile(path: String)
    /// The file or text holds no PEM certificate or private key (named by `what`).
    case invalidPEM(what: String)
    /// The private key does not belong to the certificate.
    case keyMismatch
    /// The SRTP suite list is empty.
    case noSrtpSuites
    /// The MTU is outside ``DtlsEndpoint/mtuRange``.
    case invalidMtu(Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .openSSL(let operation, let reason):
            reason.isEmpty ? "\(operation) failed" : "\(operation) failed: \(reason)"
        case .unreadableFile(let path): "cannot open '\(path)'"
        case .invalidPEM(let what): "\(what) holds no PEM certificate or private key"
        case .keyMismatch: "the private key does not match the certificate"
        case .noSrtpSuites: "no SRTP crypto suite to offer"
        case .invalidMtu(let mtu): "DTLS MTU \(mtu) outside \(DtlsEndpoint.mtuRange)"
        }
    }
}
