import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

/// Helpers shared by the JSON shape tests: round trips compared as JSON trees,
/// readable differences, and a check on how numbers are written.
enum JSONShape {
    /// Decodes `json` as `T`, encodes it again and checks that the result is the
    /// same JSON tree as `json` (key order aside): no key added, none dropped,
    /// `[]` and `{}` kept, every value unchanged. Also checks that no number
    /// that was whole in `json` is written with a fraction or an exponent.
    @discardableResult
    static func roundTrip<T: Codable>(
        _ type: T.Type,
        _ json: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        let value = try T(json: json)
        let encoded = try value.jsonString()
        let original = try JSONValue(json: json)
        let reencoded = try JSONValue(json: encoded)
        let differences = differences(expected: original, actual: reencoded)
        #expect(
            differences.isEmpty,
            "round trip of \(T.self) changed the JSON:\n\(differences.joined(separator: "\n"))",
            sourceLocation: sourceLocation
        )
        expectWholeNumbersWithoutFraction(in: encoded, sourceLocation: sourceLocation)
        return value
    }

    /// Checks that `value` encodes to exactly the JSON tree `expected` (key order aside).
    static func expectEncodes(
        _ value: some Encodable,
        as expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let encoded = try value.jsonString()
        let differences = differences(expected: try JSONValue(json: expected), actual: try JSONValue(json: encoded))
        #expect(
            differences.isEmpty,
            "unexpected JSON:\n\(differences.joined(separator: "\n"))",
            sourceLocation: sourceLocation
        )
        expectWholeNumbersWithoutFraction(in: encoded, sourceLocation: sourceLocation)
    }

    /// Checks that decoding `json` as `T` throws a ``TypeError`` whose message
    /// contains every one of `fragments` (typically the field path).
    static func expectTypeError<T: Decodable>(
        _ type: T.Type,
        _ json: String,
        mentioning fragments: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try T(json: json)
            Issue.record("expected a TypeError decoding \(T.self), got \(value)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .typeError, sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(
                    error.message.contains(fragment),
                    "TypeError message '\(error.message)' does not mention '\(fragment)'",
                    sourceLocation: sourceLocation
                )
            }
        }
    }

    /// The places where `actual` differs from `expected`, one line each, with their paths.
    static func differences(expected: JSONValue, actual: JSONValue, path: String = "$") -> [String] {
        switch (expected, actual) {
        case (.object(let lhs), .object(let rhs)):
            var result: [String] = []
            for key in Set(lhs.keys).union(rhs.keys).sorted() {
                switch (lhs[key], rhs[key]) {
                case (let left?, let right?):
                    result += differences(expected: left, actual: right, path: "\(path).\(key)")
                case (let left?, nil):
                    result.append("\(path).\(key): dropped (was \(left))")
                case (nil, let right?):
                    result.append("\(path).\(key): added (\(right))")
                case (nil, nil):
                    break
                }
            }
            return result
        case (.array(let lhs), .array(let rhs)):
            guard lhs.count == rhs.count else {
                return ["\(path): \(lhs.count) elements became \(rhs.count): \(expected) → \(actual)"]
            }
            return zip(lhs, rhs).enumerated().flatMap { index, pair in
                differences(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]")
            }
        default:
            return expected == actual ? [] : ["\(path): \(expected) became \(actual)"]
        }
    }

    /// The number literals of a JSON text, skipping the contents of strings.
    static func numberTokens(in json: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for character in json {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            if character == "\"" {
                inString = true
            } else if character.isNumber || "+-.eE".contains(character) {
                current.append(character)
                continue
            }
            if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Checks that every whole number in `json` is written as an integer (`100`, not `100.0`).
    static func expectWholeNumbersWithoutFraction(
        in json: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for token in numberTokens(in: json) {
            guard let value = Double(token), value == value.rounded(), abs(value) < 1e15 else { continue }
            #expect(
                token.allSatisfy { $0.isNumber || $0 == "-" },
                "whole number written as '\(token)' in \(json)",
                sourceLocation: sourceLocation
            )
        }
    }
}
