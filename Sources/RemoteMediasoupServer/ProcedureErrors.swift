import Mediasoup
import ROPE
import RemoteMediasoupProtocol

/// The protocol-level refusals of the server (see Docs/RemoteProtocol.md, Messages).
extension RopeErrorObject {
    /// −32601, TypeError: no such class or procedure.
    static func methodNotFound(_ method: String) -> RopeErrorObject {
        RopeErrorObject(code: .methodNotFound, kind: .typeError, message: "unknown method '\(method)'")
    }

    /// −32601, TypeError: the procedure exists, but not for this kind of object.
    static func notAProcedure(_ procedure: RemoteProcedure, of kind: String) -> RopeErrorObject {
        RopeErrorObject(
            code: .methodNotFound, kind: .typeError,
            message: "\(procedure.method) is not a procedure of a \(kind) \(procedure.class.rawValue)")
    }

    /// −32602, TypeError: missing or malformed params.
    static func invalidParams(_ message: String) -> RopeErrorObject {
        RopeErrorObject(code: .invalidParams, kind: .typeError, message: message)
    }

    /// −32004, InvalidStateError: the id names no live object of the class.
    static func unknownTarget(_ remoteClass: RemoteClass, id: String, field: String = "params.target")
        -> RopeErrorObject
    {
        RopeErrorObject(
            code: .unknownTarget, kind: .invalidStateError,
            message: "no live \(remoteClass.rawValue) with id '\(id)' [\(field)]")
    }
}
