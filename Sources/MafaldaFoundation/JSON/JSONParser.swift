/// Reads JSON text (RFC 8259, UTF-8) into a ``JSONValue`` tree in one pass.
///
/// Strict, as JavaScript's `JSON.parse`: no trailing commas (which
/// Foundation's `JSONDecoder` lets through), comments, single quotes, `NaN`,
/// leading zeros, unescaped control characters, lone surrogates or invalid
/// UTF-8; of a name given twice, the last value wins. Numbers become doubles.
/// Nesting is limited to ``maxDepth`` levels (Foundation's limit), so hostile
/// input fails with a ``SyntaxError`` instead of exhausting the stack.
struct JSONParser {
    /// Deepest nesting of arrays and objects accepted.
    static let maxDepth = 512

    /// Why the text is not JSON, and where.
    struct SyntaxError: Error, CustomStringConvertible {
        let reason: String
        /// Offset of the byte at fault from the start of the text.
        let offset: Int
        var description: String { "\(reason) at byte \(offset)" }
    }

    /// Parses one JSON text: a value, with only whitespace around it.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(text)
        parser.skipByteOrderMark()
        let value = try parser.value()
        if let byte = parser.nextNonWhitespace() {
            throw parser.unexpected(byte, "after the value")
        }
        return value
    }

    /// Parses the JSON text in `bytes`.
    static func parse(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        let result: Result<JSONValue, SyntaxError>? = bytes.withContiguousStorageIfAvailable { text in
            Result { () throws(SyntaxError) in try parse(text) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { text throws(SyntaxError) in try parse(text) }
    }

    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Reused to build strings that contain escapes.
    private var unescaped: [UInt8] = []
    /// Members and elements read so far of the objects and arrays still
    /// open, innermost last: each container is made once, at its final size,
    /// when it closes.
    private var openMembers: [(String, JSONValue)] = []
    private var openElements: [JSONValue] = []

    private init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    // MARK: Values

    private mutating func value() throws(SyntaxError) -> JSONValue {
        guard let byte = nextNonWhitespace() else { throw fail("unexpected end of input") }
        switch byte {
        case .quote:
            index += 1
            return .string(try string())
        case .openBrace:
            return try object()
        case .openBracket:
            return try array()
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw unexpected(byte, nil)
        }
    }

    private mutating func object() throws(SyntaxError) -> JSONValue {
        try enterContainer()
        let base = openMembers.count
        defer {
            depth -= 1
            openMembers.removeLast(openMembers.count - base)
        }
        if nextNonWhitespace() == .closeBrace {
            index += 1
            return .object([:])
        }
        while true {
            guard let byte = nextNonWhitespace() else { throw fail("unterminated object") }
            guard byte == .quote else { throw unexpected(byte, "expecting a member name") }
            index += 1
            let key = try string()
            guard let colon = nextNonWhitespace() else { throw fail("unterminated object") }
            guard colon == .colon else { throw unexpected(colon, "expecting ':' after a member name") }
            index += 1
            openMembers.append((key, try value()))
            switch nextNonWhitespace() {
            case .comma?:
                index += 1
            case .closeBrace?:
                index += 1
                var members = [String: JSONValue](minimumCapacity: openMembers.count - base)
                // As JSON.parse: of a name given twice, the last value wins.
                for (key, value) in openMembers[base...] { members[key] = value }
                return .object(members)
            case let other?:
                throw unexpected(other, "expecting ',' or '}' in an object")
            case nil:
                throw fail("unterminated object")
            }
        }
    }

    private mutating func array() throws(SyntaxError) -> JSONValue {
        try enterContainer()
        let base = openElements.count
        defer {
            depth -= 1
            openElements.removeLast(openElements.count - base)
        }
        if nextNonWhitespace() == .closeBracket {
            index += 1
            return .array([])
        }
        while true {
            openElements.append(try value())
            switch nextNonWhitespace() {
            case .comma?:
                index += 1
            case .closeBracket?:
                index += 1
                return .array(Array(openElements[base...]))
            case let other?:
                throw unexpected(other, "expecting ',' or ']' in an array")
            case nil:
                throw fail("unterminated array")
            }
        }
    }

    /// Steps over the opening bracket or brace, one level deeper.
    private mutating func enterContainer() throws(SyntaxError) {
        guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels") }
        depth += 1
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let matches = word.withUTF8Buffer { expected in
            text.count - index >= expected.count
                && expected.indices.allSatisfy { text[index + $0] == expected[$0] }
        }
        guard matches else { throw fail("invalid literal (expecting '\(word)')") }
        index += word.utf8CodeUnitCount
    }

    // MARK: Strings

    /// The string whose opening quote was just read; reads its closing quote.
    private mutating func string() throws(SyntaxError) -> String {
        let start = index
        var ascii = true
        while index < text.count {
            let byte = text[index]
            if byte == .quote {
                guard let string = Self.makeString(UnsafeBufferPointer(rebasing: text[start..<index]), ascii: ascii)
                else { throw fail("invalid UTF-8 in a string", at: start) }
                index += 1
                return string
            }
            if byte == .backslash {
                return try escapedString(from: start, ascii: ascii)
            }
            if byte < 0x20 { throw fail("unescaped control character in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// The rest of a string from its first escape on, built in ``unescaped``.
    private mutating func escapedString(from start: Int, ascii: Bool) throws(SyntaxError) -> String {
        var ascii = ascii
        unescaped.removeAll(keepingCapacity: true)
        unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
        while index < text.count {
            let byte = text[index]
            switch byte {
            case .quote:
                index += 1
                guard let string = unescaped.withUnsafeBufferPointer({ Self.makeString($0, ascii: ascii) })
                else { throw fail("invalid UTF-8 in a string", at: start) }
                return string
            case .backslash:
                let scalar = try escape()
                if scalar.isASCII {
                    unescaped.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    ascii = false
                    UTF8.encode(scalar) { unescaped.append($0) }
                }
            case 0..<0x20:
                throw fail("unescaped control character in a string")
            default:
                if byte >= 0x80 { ascii = false }
                unescaped.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// The character of the escape sequence at `index` (a backslash), past which it steps.
    private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
        let start = index
        guard index + 1 < text.count else { throw fail("unterminated string") }
        let letter = text[index + 1]
        index += 2
        switch letter {
        case .quote: return "\""
        case .backslash: return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if UTF16.isLeadSurrogate(unit) {
                guard index + 1 < text.count, text[index] == .backslash, text[index + 1] == UInt8(ascii: "u") else {
                    throw fail("high surrogate not followed by a low surrogate", at: start)
                }
                index += 2
                let trail = try hexUnit()
                guard UTF16.isTrailSurrogate(trail) else {
                    throw fail("high surrogate not followed by a low surrogate", at: start)
                }
                return UTF16.decode(UTF16.EncodedScalar([unit, trail]))
            }
            guard let scalar = Unicode.Scalar(unit) else { throw fail("lone low surrogate", at: start) }
            return scalar
        default:
            throw fail("invalid escape sequence", at: start)
        }
    }

    /// The four hex digits of a `\u` escape.
    private mutating func hexUnit() throws(SyntaxError) -> UInt16 {
        guard text.count - index >= 4 else { throw fail("truncated \\u escape") }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = text[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in a \\u escape")
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    /// The string of `bytes`, or nil when they are not valid UTF-8.
    private static func makeString(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    // MARK: Numbers

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(SyntaxError) -> Double {
        let start = index
        if text[index] == UInt8(ascii: "-") { index += 1 }
        guard index < text.count, text[index].isDigit else { throw fail("expecting a digit") }
        if text[index] == UInt8(ascii: "0") {
            index += 1
            if index < text.count, text[index].isDigit { throw fail("number with a leading zero", at: start) }
        } else {
            skipDigits()
        }
        var whole = true
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            guard index < text.count, text[index].isDigit else { throw fail("expecting a digit after '.'") }
            skipDigits()
            whole = false
        }
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard index < text.count, text[index].isDigit else { throw fail("expecting a digit in the exponent") }
            skipDigits()
            whole = false
        }
        let literal = UnsafeBufferPointer(rebasing: text[start..<index])
        let negative = literal[0] == UInt8(ascii: "-")
        if whole {
            // Numbers are doubles: a whole number a double cannot hold exactly
            // (most beyond 2^53: a JSON-RPC id, a 64-bit counter) would be
            // rounded silently, so it is refused.
            var magnitude: UInt128 = 0
            for byte in literal[(negative ? 1 : 0)...] {
                let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow else { throw fail("integer beyond 2^53 cannot be represented exactly", at: start) }
                magnitude = times10 + UInt128(byte &- UInt8(ascii: "0"))
            }
            let number = Double(magnitude)
            guard magnitude <= 1 << 53 || UInt128(exactly: number) == magnitude else {
                throw fail("integer beyond 2^53 cannot be represented exactly", at: start)
            }
            return negative ? -number : number
        }
        guard let number = Double(String(decoding: literal, as: UTF8.self)), number.isFinite else {
            throw fail("number out of range", at: start)
        }
        return number
    }

    private mutating func skipDigits() {
        while index < text.count, text[index].isDigit { index += 1 }
    }

    // MARK: Whitespace and errors

    /// The next byte that is not whitespace (not consumed), or nil at the end.
    private mutating func nextNonWhitespace() -> UInt8? {
        while index < text.count {
            switch text[index] {
            case .space, .tab, .lineFeed, .carriageReturn: index += 1
            case let byte: return byte
            }
        }
        return nil
    }

    private mutating func skipByteOrderMark() {
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { index = 3 }
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(reason: reason, offset: offset ?? index)
    }

    private func unexpected(_ byte: UInt8, _ context: String?) -> SyntaxError {
        let shown =
            (0x21..<0x7F).contains(byte)
            ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return fail("unexpected \(shown)" + (context.map { " (\($0))" } ?? ""))
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")

    fileprivate var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }
}
