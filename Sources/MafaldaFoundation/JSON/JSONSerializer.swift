/// Writes a ``JSONValue`` as compact JSON text (UTF-8), as Foundation's
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes it:
/// members sorted by the UTF-8 bytes of their names (in NFC); `"`, `\` and
/// control characters escaped (`\n`, `\t`, … or `\u00XX`), everything else
/// as is; whole numbers without a fraction (`100`, not `100.0`), others as
/// Swift prints a `Double` (`0.1`, `1e-07`).
struct JSONSerializer {
    /// The text written so far.
    var bytes: [UInt8]
    /// False to write members in the dictionary's order (cheaper, unstable).
    let sortedKeys: Bool

    init(appendingTo bytes: [UInt8] = [], sortedKeys: Bool = true) {
        self.bytes = bytes
        self.sortedKeys = sortedKeys
    }

    /// Appends `value`.
    ///
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite number, as `JSONEncoder` does.
    mutating func write(_ value: JSONValue) throws(EncodingError) {
        switch value {
        case .null: append("null")
        case .bool(let bool): append(bool ? "true" : "false")
        case .number(let number): try write(number)
        case .string(let string): write(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            if sortedKeys {
                // By UTF-8 bytes, as Foundation sorts keys: what `<` compares for
                // NFC text (ASCII, as every key of the contract, takes a memcmp).
                let sorted = members.sorted { $0.key < $1.key }
                for (index, member) in sorted.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    write(member.key)
                    bytes.append(UInt8(ascii: ":"))
                    try write(member.value)
                }
            } else {
                for (index, member) in members.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    write(member.key)
                    bytes.append(UInt8(ascii: ":"))
                    try write(member.value)
                }
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func write(_ number: Double) throws(EncodingError) {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, EncodingError.Context(codingPath: [], debugDescription: "Unable to encode \(number) in JSON."))
        }
        guard let whole = Int64(exactly: number) else {
            let text = number.description
            bytes.append(contentsOf: (text.hasSuffix(".0") ? text.dropLast(2) : Substring(text)).utf8)
            return
        }
        if whole < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = whole.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[start...]))
        }
    }

    private mutating func write(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var pending = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[pending..<index]))
                pending = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(Self.hexDigit(byte >> 4))
                    bytes.append(Self.hexDigit(byte & 0xF))
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[pending...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    private mutating func append(_ word: StaticString) {
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
