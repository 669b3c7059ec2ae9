// Messages are made of the foundation's JSON values and error kinds; users of
// ROPE see them without a second import.
@_exported import MafaldaFoundation

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One JSON-RPC 2.0 message as ROPE uses it: requests go from client to
/// server, responses answer them, notifications flow from server to clients.
public enum RopeMessage: Sendable, Hashable {
    case request(id: Int, method: String, params: JSONValue)
    case success(id: Int, result: JSONValue)
    case failure(id: Int?, RopeErrorObject)
    case notification(method: String, params: JSONValue)

    /// Parses one text frame.
    ///
    /// - Throws: ``RopeErrorObject`` with code −32700 (not JSON) or −32600
    ///   (JSON, but not a JSON-RPC 2.0 message), carrying the request id
    ///   when one could be read.
    public init(frame: some Collection<UInt8>) throws(RopeErrorObject) {
        let value: JSONValue
        do {
            value = try JSONValue(json: frame)
        } catch {
            throw RopeErrorObject(code: .parseError, kind: .typeError, message: "unparsable JSON: \(error.message)")
        }
        guard let object = value.objectValue, object["jsonrpc"] == "2.0" else {
            throw RopeErrorObject(code: .invalidRequest, kind: .typeError, message: "not a JSON-RPC 2.0 message")
        }
        let id = object["id"]?.intValue
        let params = object["params"] ?? .null
        if let method = object["method"]?.stringValue {
            self = if let id { .request(id: id, method: method, params: params) }
                   else { .notification(method: method, params: params) }
        } else if let id, let result = object["result"] {
            self = .success(id: id, result: result)
        } else if let error = object["error"] {
            self = .failure(id: id, RopeErrorObject(json: error))
        } else {
            throw RopeErrorObject(
                id: id, code: .invalidRequest, kind: .typeError, message: "JSON-RPC message without method, result or error")
        }
    }

    /// The message as JSON-RPC 2.0 JSON.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["jsonrpc": "2.0"]
        switch self {
        case .request(let id, let method, let params):
            object["id"] = .number(Double(id))
            object["method"] = .string(method)
            object["params"] = params
        case .success(let id, let result):
            object["id"] = .number(Double(id))
            object["result"] = result
        case .failure(let id, let error):
            object["id"] = id.map { .number(Double($0)) } ?? .null
            object["error"] = error.json
        case .notification(let method, let params):
            object["method"] = .string(method)
            object["params"] = params
        }
        return .object(object)
    }

    /// The message as one text frame.
    public var frame: String {
        (try? json.jsonString()) ?? #"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"unencodable message"}}"#
    }
}

/// A JSON-RPC error object, with the mediasoup error kind in `data.kind` so
/// that TypeError, UnsupportedError and InvalidStateError survive the wire.
public struct RopeErrorObject: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON-RPC error codes ROPE uses.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let parseError = Code(rawValue: -32700)
        public static let invalidRequest = Code(rawValue: -32600)
        public static let methodNotFound = Code(rawValue: -32601)
        public static let invalidParams = Code(rawValue: -32602)
        public static let internalError = Code(rawValue: -32603)
        /// The procedure ran and threw; its kind is in `kind`.
        public static let procedureFailed = Code(rawValue: -32000)
        /// The target id names no live object.
        public static let unknownTarget = Code(rawValue: -32004)
        /// The client's token does not allow the procedure.
        public static let forbidden = Code(rawValue: -32003)
        /// The client has too many requests running; retry after some answers arrive.
        public static let serverBusy = Code(rawValue: -32005)
    }

    /// The id of the request this error answers, when known.
    public var id: Int?
    public var code: Code
    public var kind: ErrorKind
    public var message: String

    public init(id: Int? = nil, code: Code, kind: ErrorKind, message: String) {
        self.id = id
        self.code = code
        self.kind = kind
        self.message = message
    }

    /// Wraps an error a procedure threw.
    public init(procedureError error: any Error) {
        if let error = error as? RopeErrorObject {
            self = error
        } else if let error = error as? any MediasoupContractError {
            self.init(code: .procedureFailed, kind: error.kind, message: error.message)
        } else {
            // Not an error of the contract: its details stay in the server's log.
            self.init(code: .internalError, kind: .error, message: "internal error")
        }
    }

    /// Whether `error` reaches a client as ``init(procedureError:)`` makes it
    /// (a contract error or a protocol refusal), rather than as a generic
    /// internal error whose details only the server's log has.
    public static func isShownToClients(_ error: any Error) -> Bool {
        error is RopeErrorObject || error is any MediasoupContractError
    }

    init(json: JSONValue) {
        code = Code(rawValue: json["code"]?.intValue ?? Code.internalError.rawValue)
        kind = json["data"]?["kind"]?.stringValue.flatMap(ErrorKind.init(rawValue:)) ?? .error
        message = json["message"]?.stringValue ?? "remote error"
    }

    var json: JSONValue {
        ["code": .number(Double(code.rawValue)), "message": .string(message), "data": ["kind": .string(kind.rawValue)]]
    }

    /// The mediasoup error this stands for, to throw to the caller.
    public var contractError: any MediasoupContractError { kind.make(message) }

    public var description: String { "\(kind.rawValue): \(message) (JSON-RPC \(code.rawValue))" }
}
