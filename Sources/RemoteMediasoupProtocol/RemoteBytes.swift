import Mediasoup

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Bytes on the wire (RTP and RTCP packets, data messages): base64 strings.
public enum RemoteBytes {
    /// The base64 string of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// - Throws: ``TypeError`` naming `field` when the text is not base64.
    public static func decode(_ text: String, field: String) throws(TypeError) -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw TypeError("invalid \(field): expected base64") }
        return Array(data)
    }
}

/// A `DataMessage` on the wire: `{"string":"…"}` or `{"binary":"<base64>"}`.
public struct RemoteDataMessage: Sendable, Hashable, Codable {
    /// The text of a string message; nil for a binary one.
    public var string: String?
    /// The bytes of a binary message, in base64; nil for a string one.
    public var binary: String?

    /// The wire form of `message`.
    public init(_ message: DataMessage) {
        switch message {
        case .string(let text): string = text
        case .binary(let bytes): binary = RemoteBytes.encode(bytes)
        }
    }

    /// - Throws: ``TypeError`` unless exactly one of `string` and `binary` is given.
    public func dataMessage() throws(TypeError) -> DataMessage {
        switch (string, binary) {
        case (let text?, nil): return .string(text)
        case (nil, let base64?): return .binary(try RemoteBytes.decode(base64, field: "message.binary"))
        default: throw TypeError("invalid message: expected exactly one of string and binary")
        }
    }
}
