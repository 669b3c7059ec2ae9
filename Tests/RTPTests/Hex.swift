import Testing

@testable import RTP

/// The bytes of hex rows such as `"80 60 12 34"` (spaces ignored).
func hex(_ rows: String...) -> [UInt8] {
    let digits = rows.joined().filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd hex digit count")
    var bytes = [UInt8]()
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else { preconditionFailure("bad hex \(digits[index..<next])") }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// Serializes `message` into a buffer larger than needed, checking that the
/// count written equals `serializedSize` and that `bytes` agrees.
func serialized<M: RTCPMessage>(_ message: M) -> [UInt8] {
    var buffer = [UInt8](repeating: 0xEE, count: message.serializedSize + 16)
    let written = buffer.withUnsafeMutableBytes { message.serialize(into: $0) }
    #expect(written == message.serializedSize)
    #expect(Array(buffer[0..<written]) == message.bytes)
    return Array(buffer[0..<written])
}

/// The same for a header extension value.
func serialized<V: RTPHeaderExtensionValue>(_ value: V) -> [UInt8] {
    var buffer = [UInt8](repeating: 0xEE, count: value.serializedSize + 4)
    let written = buffer.withUnsafeMutableBytes { value.serialize(into: $0) }
    #expect(written == value.serializedSize)
    #expect(Array(buffer[0..<written]) == value.bytes)
    return Array(buffer[0..<written])
}

/// Parses `bytes` as an RTP header.
func parseHeader(_ bytes: [UInt8]) throws(RTPParseError) -> RTPHeaderFields {
    try withBytes(of: bytes) { (raw) throws(RTPParseError) in try RTPHeaderFields.parse(raw) }
}
