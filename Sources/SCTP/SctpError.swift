/// Why an ``SctpAssociation`` could not be made or could not send.
public enum SctpError: Error, Sendable, Hashable, CustomStringConvertible {
    /// usrsctp refused the socket setup; the text names the call and its error.
    case setupFailed(String)
    /// A message was sent before the association is connected.
    case notConnected
    /// The message is longer than the association's maxMessageSize.
    case tooLarge(Int, maximum: Int)
    /// The stream id is not below the number of outbound streams.
    case invalidStream(UInt16)
    /// The send buffer is full (the message was not queued).
    case bufferFull
    /// usrsctp refused the message (errno).
    case sendFailed(Int32)

    public var description: String {
        switch self {
        case .setupFailed(let reason): "SCTP setup failed: \(reason)"
        case .notConnected: "SCTP association not connected"
        case .tooLarge(let size, let maximum): "message of \(size) bytes larger than maxMessageSize \(maximum)"
        case .invalidStream(let id): "SCTP stream \(id) out of range"
        case .bufferFull: "SCTP send buffer full"
        case .sendFailed(let code): "SCTP send failed (errno \(code))"
        }
    }
}
