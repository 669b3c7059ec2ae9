import Testing

@testable import ICE
import RTP

/// The bytes of hex rows such as `"00 01 00 58"` (spaces ignored).
func hex(_ rows: String...) -> [UInt8] {
    let digits = rows.joined().filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd hex digit count")
    var bytes = [UInt8]()
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            preconditionFailure("bad hex \(digits[index..<next])")
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// Parses `bytes` as STUN message fields.
func parseFields(_ bytes: [UInt8]) throws(StunParseError) -> StunMessageFields {
    try withBytes(of: bytes) { (raw) throws(StunParseError) in try StunMessageFields(parsing: raw) }
}
