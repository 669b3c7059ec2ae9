#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Decodable {
    /// Decodes a value from mediasoup's JSON.
    ///
    /// - Throws: ``TypeError`` naming the path of the field at fault when the
    ///   JSON is malformed, a required field is missing or a field has the
    ///   wrong type. Never traps on bad input.
    public init(json: some Collection<UInt8>) throws(TypeError) {
        let data = Data(json)
        do {
            self = try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw TypeError(Self.describe(Self.locate(error, in: data)))
        } catch {
            throw TypeError("invalid \(Self.self) JSON: \(error)")
        }
    }

    /// Decodes a value from a JSON string. See ``init(json:)-(Collection<UInt8>)``.
    public init(json: String) throws(TypeError) {
        try self.init(json: Array(json.utf8))
    }

    /// Decodes a value from a ``JSONValue``, as when an argument arrives as free-form JSON.
    public init(jsonValue: JSONValue) throws(TypeError) {
        let bytes: Data
        do {
            bytes = try JSONEncoder().encode(jsonValue)
        } catch {
            throw TypeError("invalid \(Self.self) JSON: \(error)")
        }
        try self.init(json: bytes)
    }

    /// Foundation's `JSONDecoder` reports a number that does not fit its field
    /// (`payloadType: 300`, `ssrc: 4294967296`, `maxBitrate: 1.5`) as invalid JSON
    /// with no coding path. When the text is valid JSON, decoding its tree again
    /// fails at the same field, and that error names it.
    private static func locate(_ error: DecodingError, in data: Data) -> DecodingError {
        guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
            let tree = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return error }
        do {
            _ = try Self(from: JSONValueDecoder(tree))
        } catch let located as DecodingError {
            return located
        } catch {}
        return error
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let parts = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            return parts.isEmpty ? "\(Self.self)" : "\(Self.self)" + parts.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            return "invalid \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "missing \(path(context.codingPath)): expected \(type)"
        case .dataCorrupted(let context):
            return "invalid \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid \(Self.self): \(error)"
        }
    }
}

extension Encodable {
    /// This value as mediasoup's JSON (keys sorted, so the output is stable).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// This value as a mediasoup JSON string (keys sorted).
    public func jsonString() throws -> String {
        String(decoding: try jsonData(), as: UTF8.self)
    }

    /// This value as a ``JSONValue`` tree.
    public func jsonValue() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: jsonData())
    }
}
