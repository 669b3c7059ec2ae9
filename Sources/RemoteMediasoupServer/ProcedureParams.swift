import Mediasoup
import ROPE
import RemoteMediasoupProtocol

/// The named params of a request, decoded field by field into the contract's
/// types; every failure is an invalid-params error naming the field.
struct ProcedureParams: Sendable {
    private let fields: [String: JSONValue]

    /// - Throws: invalid params unless `json` is an object or absent (null).
    init(_ json: JSONValue) throws(RopeErrorObject) {
        switch json {
        case .null: fields = [:]
        case .object(let object): fields = object
        default: throw .invalidParams("invalid params: expected an object of named params")
        }
    }

    /// The value of `name`, which must be present and not null.
    func required<T: Decodable>(_ name: String, as type: T.Type = T.self) throws(RopeErrorObject) -> T {
        guard let value = fields[name], value != .null else { throw .invalidParams("missing params.\(name)") }
        return try decode(value, name)
    }

    /// The value of `name`, or nil when absent or null.
    func optional<T: Decodable>(_ name: String, as type: T.Type = T.self) throws(RopeErrorObject) -> T? {
        guard let value = fields[name], value != .null else { return nil }
        return try decode(value, name)
    }

    /// Bytes given as a base64 string.
    func bytes(_ name: String) throws(RopeErrorObject) -> [UInt8] {
        let text = try required(name, as: String.self)
        do {
            return try RemoteBytes.decode(text, field: "params.\(name)")
        } catch {
            throw .invalidParams(error.message)
        }
    }

    /// A data message (`{"string":…}` or `{"binary":…}`).
    func dataMessage(_ name: String) throws(RopeErrorObject) -> DataMessage {
        let message = try required(name, as: RemoteDataMessage.self)
        do {
            return try message.dataMessage()
        } catch {
            throw .invalidParams("invalid params.\(name): \(error.message)")
        }
    }

    private func decode<T: Decodable>(_ value: JSONValue, _ name: String) throws(RopeErrorObject) -> T {
        do {
            return try T(jsonValue: value)
        } catch {
            throw .invalidParams("invalid params.\(name): \(error.message)")
        }
    }
}
