/// An error of the mediasoup contract: one of the four kinds mediasoup throws,
/// each with a message naming the field or object at fault.
///
/// The kinds are distinct types so callers catch them as mediasoup users do
/// (`catch let error as TypeError`); the kind's ``name`` and the ``message``
/// are all that crosses a process or network boundary, and
/// ``ErrorKind/make(_:)`` rebuilds the same type on the other side.
public protocol MediasoupContractError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of the error, as JavaScript's `error.name`.
    static var kind: ErrorKind { get }
    /// What went wrong, naming the field or object at fault.
    var message: String { get }
    /// Creates an error of this kind with the given message.
    init(_ message: String)
}

extension MediasoupContractError {
    /// `"<name>: <message>"`, as JavaScript's `error.toString()`.
    public var description: String { "\(Self.kind.rawValue): \(message)" }
    /// The kind of this error.
    public var kind: ErrorKind { Self.kind }
}

/// The names of mediasoup's error kinds.
public enum ErrorKind: String, Sendable, Codable, CaseIterable {
    /// A plain `Error`: a runtime failure (object not found, port in use, duplicate SSRC…).
    case error = "Error"
    /// Wrong arguments: missing or mistyped fields, values out of range.
    case typeError = "TypeError"
    /// Well-formed input that mediasoup does not support (an unknown codec).
    case unsupportedError = "UnsupportedError"
    /// A request on something closed, or a request left pending when its channel closed.
    case invalidStateError = "InvalidStateError"

    /// An error of this kind with the given message.
    public func make(_ message: String) -> any MediasoupContractError {
        switch self {
        case .error: MediasoupError(message)
        case .typeError: TypeError(message)
        case .unsupportedError: UnsupportedError(message)
        case .invalidStateError: InvalidStateError(message)
        }
    }
}

/// A plain mediasoup `Error`: a runtime failure such as an unknown id, a port
/// already in use, a duplicated SSRC or MID, or `connect()` called twice.
public struct MediasoupError: MediasoupContractError {
    public static let kind = ErrorKind.error
    public let message: String
    /// Creates a plain `Error` with `message`.
    public init(_ message: String) { self.message = message }
}

/// Arguments of the wrong type or shape, or values out of range.
public struct TypeError: MediasoupContractError {
    public static let kind = ErrorKind.typeError
    public let message: String
    /// Creates a `TypeError` with `message`.
    public init(_ message: String) { self.message = message }
}

/// Valid input that mediasoup does not support, such as a codec missing from
/// the router's capabilities.
public struct UnsupportedError: MediasoupContractError {
    public static let kind = ErrorKind.unsupportedError
    public let message: String
    /// Creates an `UnsupportedError` with `message`.
    public init(_ message: String) { self.message = message }
}

/// A request on a closed object or channel, or a pending request whose channel closed.
public struct InvalidStateError: MediasoupContractError {
    public static let kind = ErrorKind.invalidStateError
    public let message: String
    /// Creates an `InvalidStateError` with `message`.
    public init(_ message: String) { self.message = message }
}
