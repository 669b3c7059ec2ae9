#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Every JSON conversion of the contract's values goes through a tree:
// text ⇄ ``JSONValue`` (JSONParser, JSONSerializer) and tree ⇄ typed value
// (JSONValueDecoder, JSONTreeEncoder). No text is written or read to turn a
// value into a tree or back.

extension Decodable {
    /// Decodes a value from mediasoup's JSON.
    ///
    /// - Throws: ``TypeError`` naming the path of the field at fault when the
    ///   JSON is malformed, a required field is missing or a field has the
    ///   wrong type. Never traps on bad input.
    public init(json: some Collection<UInt8>) throws(TypeError) {
        let tree: JSONValue
        do {
            tree = try JSONParser.parse(json)
        } catch {
            throw TypeError("invalid \(Self.self): not valid JSON (\(error))")
        }
        try self.init(jsonValue: tree)
    }

    /// Decodes a value from a JSON string. See ``init(json:)-(Collection<UInt8>)``.
    public init(json: String) throws(TypeError) {
        try self.init(json: json.utf8)
    }

    /// Decodes a value from a ``JSONValue``, as when an argument arrives as free-form JSON.
    public init(jsonValue: JSONValue) throws(TypeError) {
        if ObjectIdentifier(Self.self) == ObjectIdentifier(JSONValue.self) {
            self = jsonValue as! Self  // the same type
            return
        }
        do {
            self = try Self(from: JSONValueDecoder(jsonValue))
        } catch let error as DecodingError {
            throw TypeError(Self.describe(error))
        } catch {
            throw TypeError("invalid \(Self.self) JSON: \(error)")
        }
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
        Data(try jsonBytes())
    }

    /// This value as a mediasoup JSON string (keys sorted).
    public func jsonString() throws -> String {
        String(decoding: try jsonBytes(), as: UTF8.self)
    }

    /// This value as mediasoup's JSON in UTF-8 bytes (keys sorted).
    public func jsonBytes() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try jsonValue().appendJSON(to: &bytes)
        return bytes
    }

    /// This value as a ``JSONValue`` tree.
    public func jsonValue() throws -> JSONValue {
        try JSONTreeEncoder.encode(self)
    }
}

extension JSONValue {
    /// Appends this value's JSON text to `bytes`, keys sorted unless
    /// `sortedKeys` is false (cheaper, for text no one compares: the worker channel).
    ///
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite number.
    package func appendJSON(to bytes: inout [UInt8], sortedKeys: Bool = true) throws(EncodingError) {
        var serializer = JSONSerializer(appendingTo: bytes, sortedKeys: sortedKeys)
        bytes = []
        defer { bytes = serializer.bytes }
        try serializer.write(self)
    }
}
