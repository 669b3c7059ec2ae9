import Foundation
import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

/// The hand-written JSON reader and writer against Foundation's: the same
/// values accepted and refused, the same text written.
@Suite("JSON text")
struct JSONTextTests {
    /// Foundation's `JSONDecoder` reading `json` as a tree, or nil when it refuses it.
    static func foundationParse(_ json: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }

    @Test(
        "accepts what JSONDecoder accepts, with the same values",
        arguments: [
            "0", "-0", "1", "-1", "0.5", "-0.5", "1e3", "1E3", "1e+3", "1e-3", "2.5E-3", "9007199254740992",
            "-9007199254740992", "1000000000000000000", "100000000000000000000", "12345678901234567890.0",
            "1.7976931348623157e308", "5e-324", "0.1", "3.141592653589793",
            #""""#, #""\"\\\/\b\f\n\r\t""#, #""\u0041\u00e9\u2028\ud83c\udfa5""#, #""caf\u00C9""#, "\"é☕🎥\"",
            " \t\r\n[ 1 , {\"a\" : [ ] } ]\n", "[[[[[]]]]]", #"{"":""}"#, "\u{FEFF}[1]",
        ]
    )
    func acceptsValid(json: String) throws {
        let reference = try #require(Self.foundationParse(json), "JSONDecoder refused \(json.debugDescription)")
        #expect(try JSONValue(json: json) == reference)
    }

    @Test(
        "refuses what JSONDecoder refuses",
        arguments: [
            "", "   ", "[,1]", "[1 2]", #"{"a" 1}"#, #"{a:1}"#, "{'a':1}", "NaN", "Infinity",
            "-Infinity", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "-", "0x10", "tru", "True", "nul", "[", "]", "{",
            "}", #""abc"#, #""\x""#, #""\u12""#, #""\u12G4""#, #""\ud800""#, #""\ud800x""#, #""\ud800\u0041""#,
            #""\udc00""#, "\"a\u{01}b\"", "\"tab\there\"", "[1] [2]", "1 2", "// comment\n1", "/* c */ 1", "1e400",
            "-1e400",
        ]
    )
    func refusesInvalid(json: String) {
        #expect(Self.foundationParse(json) == nil, "JSONDecoder accepted \(json.debugDescription)")
        #expect(throws: TypeError.self) { try JSONValue(json: json) }
    }

    @Test(
        "refuses whole numbers beyond 2^53, which a double would round silently",
        arguments: ["9007199254740993", "-9007199254740993", "123456789012345678", "12345678901234567890"]
    )
    func refusesInexactIntegers(json: String) {
        let error = #expect(throws: TypeError.self) { try JSONValue(json: json) }
        #expect(error?.message.contains("2^53") == true)
        #expect(throws: TypeError.self) { try JSONValue(json: #"{"jsonrpc":"2.0","id":\#(json)}"#) }
    }

    @Test("stricter than JSONDecoder where JSON.parse is: trailing commas refused, the last duplicate name wins")
    func asJSONParse() throws {
        for json in ["[1,]", #"{"a":1,}"#, #"{"a":[1,],"b":2}"#] {
            #expect(Self.foundationParse(json) != nil, "JSONDecoder now refuses \(json)")
            #expect(throws: TypeError.self) { try JSONValue(json: json) }
        }
        #expect(try JSONValue(json: #"{"a":1,"b":0,"a":2}"#) == ["a": 2, "b": 0])
    }

    @Test("refuses bytes that are not UTF-8 inside strings")
    func refusesInvalidUTF8() throws {
        let invalid: [[UInt8]] = [
            [0x22, 0xC3, 0x28, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
        ]
        for bytes in invalid {
            #expect(throws: TypeError.self) { try JSONValue(json: bytes) }
        }
        #expect(try JSONValue(json: [0x22, 0xE2, 0x82, 0xAC, 0x22]) == "€")
    }

    @Test("nesting: 512 levels decode, 513 are refused with a TypeError")
    func nestingLimit() throws {
        let limit = 512
        #expect(throws: Never.self) {
            try JSONValue(json: String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        }
        #expect(throws: TypeError.self) {
            try JSONValue(json: String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        }
        #expect(throws: TypeError.self) {
            let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
            return try JSONValue(json: objects)
        }
    }

    @Test("a malformed text's TypeError names the type and where the text goes wrong")
    func syntaxErrorMessage() {
        do {
            _ = try RtpParameters(json: #"{"codecs": [1,]}"#)
            Issue.record("expected a TypeError")
        } catch {
            #expect(error.message == "invalid RtpParameters: not valid JSON (unexpected ']' at byte 14)")
        }
    }

    @Test(
        "writes the text JSONEncoder writes with sorted keys and unescaped slashes",
        arguments: [
            JSONValue.null, true, false, 0, -0.0, 1, -42, 0.5, -0.25, 0.1, 1e-7, 123.456, 1.5e300, 4_294_967_295,
            9_007_199_254_740_993, 1e18, 1e19, -1e19, 1e300, "", "plain", "a/b", "quote \" backslash \\",
            "\u{08}\u{0C}\n\r\t", "\u{00}\u{01}\u{1F}\u{7F}", "é☕🎥\u{2028}", [], [:], [1, [2, [3]]],
            ["b": 1, "a": 2, "B": 3, "é": 4, "ab": 5, "": 6, "a\u{0}": 7], ["nested": ["z": [], "y": [:], "x": nil]],
        ] as [JSONValue]
    )
    func writesAsJSONEncoder(value: JSONValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reference = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(try value.jsonString() == reference)
        #expect(try JSONValue(json: value.jsonString()) == value)
    }

    @Test("typed values write the text JSONEncoder writes")
    func typedValuesWriteAsJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let dump = try TransportDump(json: DumpAndStatsJSONTests.webRtcTransportDump)
        let capabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: JSONTreeEncoderTests.mediaCodecs)
        #expect(try dump.jsonString() == String(decoding: try encoder.encode(dump), as: UTF8.self))
        #expect(try capabilities.jsonString() == String(decoding: try encoder.encode(capabilities), as: UTF8.self))
    }

    @Test("channel-style unsorted output holds the same members")
    func unsortedOutput() throws {
        let value: JSONValue = ["b": [1, "x"], "a": ["d": nil, "c": false]]
        var bytes: [UInt8] = [9]
        try value.appendJSON(to: &bytes, sortedKeys: false)
        #expect(bytes.first == 9)
        #expect(try JSONValue(json: bytes.dropFirst()) == value)
    }
}
