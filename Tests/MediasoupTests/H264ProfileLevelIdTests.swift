import Testing

@testable import MafaldaFoundation
@testable import Mediasoup

// Vectors come from RFC 6184 section 8.1 and the unit tests of libwebrtc's
// h264_profile_level_id and of the `h264-profile-level-id` npm package.
@Suite("H264ProfileLevelId")
struct H264ProfileLevelIdTests {
    typealias P = H264ProfileLevelId.Profile
    typealias L = H264ProfileLevelId.Level

    // MARK: Parsing

    static let validVectors: [(String, P, L)] = [
        ("42e01f", .constrainedBaseline, .level3_1),
        ("42C02A", .constrainedBaseline, .level4_2),
        ("4de01f", .constrainedBaseline, .level3_1),
        ("58f01f", .constrainedBaseline, .level3_1),
        ("42f00b", .constrainedBaseline, .level1b),
        ("42e00b", .constrainedBaseline, .level1_1),
        ("42a01f", .baseline, .level3_1),
        ("58A01F", .baseline, .level3_1),
        ("42001f", .baseline, .level3_1),
        ("42100b", .baseline, .level1b),
        ("42000a", .baseline, .level1),
        ("4D401f", .main, .level3_1),
        ("4d001f", .main, .level3_1),
        ("4d100b", .main, .level1b),
        ("4d0032", .main, .level5),
        ("640c1f", .constrainedHigh, .level3_1),
        ("640c34", .constrainedHigh, .level5_2),
        ("640c0b", .constrainedHigh, .level1_1),
        ("64001f", .high, .level3_1),
        ("640032", .high, .level5),
        ("f4001f", .predictiveHigh444, .level3_1),
        ("F4000d", .predictiveHigh444, .level1_3),
    ]

    @Test("parses known profile-level-id values", arguments: validVectors)
    func parseValid(_ vector: (String, P, L)) {
        let parsed = H264ProfileLevelId.parse(vector.0)
        #expect(parsed == H264ProfileLevelId.ProfileLevel(profile: vector.1, level: vector.2))
    }

    static let invalidVectors: [String] = [
        // Malformed strings.
        "",
        " 42e01f",
        "42e01f ",
        "4242e01f",
        "e01f",
        "42e01",
        "gggggg",
        "foobar",
        "42e01g",
        "0x42e0",
        "+42e01",
        "42é01f",
        // Invalid level.
        "42e000",
        "42e00f",
        "42e0ff",
        "42e009",
        "000000",
        // Invalid profile.
        "42e11f",
        "58601f",
        "64e01f",
        "4d201f",
        "64100b",
        "f4101f",
        "66001f",
    ]

    @Test("rejects malformed or unknown values", arguments: invalidVectors)
    func parseInvalid(_ value: String) {
        #expect(H264ProfileLevelId.parse(value) == nil)
    }

    @Test func defaultParsesToConstrainedBaseline31() {
        #expect(H264ProfileLevelId.defaultProfileLevelId == "42e01f")
        #expect(
            H264ProfileLevelId.parse(H264ProfileLevelId.defaultProfileLevelId)
                == H264ProfileLevelId.ProfileLevel(profile: .constrainedBaseline, level: .level3_1))
    }

    // MARK: Serialisation

    static let toStringVectors: [(P, L, String)] = [
        (.constrainedBaseline, .level3_1, "42e01f"),
        (.baseline, .level1, "42000a"),
        (.main, .level3_1, "4d001f"),
        (.constrainedHigh, .level4_2, "640c2a"),
        (.high, .level4_2, "64002a"),
        (.predictiveHigh444, .level5_2, "f40034"),
        (.constrainedBaseline, .level1b, "42f00b"),
        (.baseline, .level1b, "42100b"),
        (.main, .level1b, "4d100b"),
        (.constrainedBaseline, .level1_1, "42e00b"),
    ]

    @Test("serialises to canonical lowercase hex", arguments: toStringVectors)
    func serialise(_ vector: (P, L, String)) {
        let value = H264ProfileLevelId.ProfileLevel(profile: vector.0, level: vector.1)
        #expect(H264ProfileLevelId.string(for: value) == vector.2)
    }

    @Test("level 1b is not expressible for High profiles", arguments: [P.high, .constrainedHigh, .predictiveHigh444])
    func serialiseInvalid(_ profile: P) {
        let value = H264ProfileLevelId.ProfileLevel(profile: profile, level: .level1b)
        #expect(H264ProfileLevelId.string(for: value) == nil)
    }

    static let canonicalVectors: [(String, String)] = [
        ("42e01f", "42e01f"),
        ("42E01F", "42e01f"),
        ("4d100b", "4d100b"),
        ("4D100B", "4d100b"),
        ("640c2a", "640c2a"),
        ("640C2A", "640c2a"),
        ("4de01f", "42e01f"),
        ("58A01F", "42001f"),
        ("42a01f", "42001f"),
        ("58f00b", "42f00b"),
    ]

    @Test("parse then serialise gives the canonical form", arguments: canonicalVectors)
    func canonicalRoundTrip(_ vector: (String, String)) {
        let parsed = H264ProfileLevelId.parse(vector.0)
        #expect(parsed.flatMap { H264ProfileLevelId.string(for: $0) } == vector.1)
    }

    @Test func everyExpressibleCombinationRoundTrips() {
        for profile in P.allCases {
            for level in L.allCases {
                let value = H264ProfileLevelId.ProfileLevel(profile: profile, level: level)
                guard let string = H264ProfileLevelId.string(for: value) else {
                    #expect(level == .level1b)
                    #expect(profile == .high || profile == .constrainedHigh || profile == .predictiveHigh444)
                    continue
                }
                #expect(string.count == 6)
                #expect(string == string.lowercased())
                #expect(H264ProfileLevelId.parse(string) == value)
            }
        }
    }

    // MARK: Level ordering

    @Test func level1bSitsBetweenLevel1AndLevel1_1() {
        #expect(H264ProfileLevelId.isLevel(.level1, lowerThan: .level1b))
        #expect(H264ProfileLevelId.isLevel(.level1b, lowerThan: .level1_1))
        #expect(H264ProfileLevelId.isLevel(.level1b, lowerThan: .level3_1))
        #expect(!H264ProfileLevelId.isLevel(.level1b, lowerThan: .level1b))
        #expect(!H264ProfileLevelId.isLevel(.level3_1, lowerThan: .level1b))
        #expect(!H264ProfileLevelId.isLevel(.level1b, lowerThan: .level1))
        #expect(H264ProfileLevelId.minLevel(.level3_1, .level1b) == .level1b)
        #expect(H264ProfileLevelId.minLevel(.level1b, .level3_1) == .level1b)
        #expect(H264ProfileLevelId.minLevel(.level1b, .level1) == .level1)
        #expect(H264ProfileLevelId.minLevel(.level1, .level1b) == .level1)
        #expect(H264ProfileLevelId.minLevel(.level2_1, .level3_1) == .level2_1)
    }

    // MARK: isSameProfile

    static let sameProfileVectors: [(String?, String?, Bool)] = [
        (nil, nil, true),
        ("42e01f", "42C02A", true),
        ("42a01f", "58A01F", true),
        ("42e01f", nil, true),
        (nil, "42e01f", true),
        ("", nil, true),
        ("4de01f", "42e01f", true),
        ("640c1f", "640c34", true),
        (nil, "4d001f", false),
        ("42a01f", "640c1f", false),
        ("42000a", "64002a", false),
        ("64001f", "640c1f", false),
        ("foobar", "foobar", false),
        ("42e01f", "foobar", false),
        (nil, "foobar", false),
    ]

    @Test("isSameProfile", arguments: sameProfileVectors)
    func sameProfile(_ vector: (String?, String?, Bool)) {
        #expect(H264ProfileLevelId.isSameProfile(vector.0, vector.1) == vector.2)
    }

    // MARK: Answer generation

    struct AnswerVector: Sendable, CustomStringConvertible {
        var local: String?
        var localAsymmetry: Bool
        var remote: String?
        var remoteAsymmetry: Bool
        var expected: String?

        var description: String {
            "local=\(local ?? "nil")/\(localAsymmetry) remote=\(remote ?? "nil")/\(remoteAsymmetry)"
        }
    }

    static let answerVectors: [AnswerVector] = [
        // Neither side gives profile-level-id: omit it.
        AnswerVector(local: nil, localAsymmetry: false, remote: nil, remoteAsymmetry: false, expected: nil),
        AnswerVector(local: nil, localAsymmetry: true, remote: nil, remoteAsymmetry: true, expected: nil),
        AnswerVector(local: "", localAsymmetry: false, remote: nil, remoteAsymmetry: false, expected: nil),
        // Symmetric levels: the answer is capped at the lower level.
        AnswerVector(local: "42e015", localAsymmetry: false, remote: "42e01f", remoteAsymmetry: false, expected: "42e015"),
        AnswerVector(local: "42e01f", localAsymmetry: false, remote: "42e015", remoteAsymmetry: false, expected: "42e015"),
        // Asymmetry on one side only is not enough.
        AnswerVector(local: "42e01f", localAsymmetry: true, remote: "42e015", remoteAsymmetry: false, expected: "42e015"),
        AnswerVector(local: "42e01f", localAsymmetry: false, remote: "42e015", remoteAsymmetry: true, expected: "42e015"),
        // Asymmetry on both sides: the local level is used.
        AnswerVector(local: "42e01f", localAsymmetry: true, remote: "42e015", remoteAsymmetry: true, expected: "42e01f"),
        AnswerVector(local: "42e015", localAsymmetry: true, remote: "42e01f", remoteAsymmetry: true, expected: "42e015"),
        AnswerVector(local: "4d0032", localAsymmetry: true, remote: "4d001f", remoteAsymmetry: true, expected: "4d0032"),
        AnswerVector(local: "640032", localAsymmetry: true, remote: "64001f", remoteAsymmetry: false, expected: "64001f"),
        // One side absent means the default 42e01f on that side.
        AnswerVector(local: nil, localAsymmetry: false, remote: "42e015", remoteAsymmetry: false, expected: "42e015"),
        AnswerVector(local: "42e01f", localAsymmetry: false, remote: nil, remoteAsymmetry: false, expected: "42e01f"),
        AnswerVector(local: "42e034", localAsymmetry: false, remote: nil, remoteAsymmetry: false, expected: "42e01f"),
        // Level 1b ordering (between 1 and 1.1).
        AnswerVector(local: "42f00b", localAsymmetry: false, remote: "42e01f", remoteAsymmetry: false, expected: "42f00b"),
        AnswerVector(local: "42e01f", localAsymmetry: false, remote: "42f00b", remoteAsymmetry: false, expected: "42f00b"),
        AnswerVector(local: "42e00a", localAsymmetry: false, remote: "42f00b", remoteAsymmetry: false, expected: "42e00a"),
        AnswerVector(local: "42f00b", localAsymmetry: false, remote: "42e00a", remoteAsymmetry: false, expected: "42e00a"),
        AnswerVector(local: "42f00b", localAsymmetry: false, remote: "42e00b", remoteAsymmetry: false, expected: "42f00b"),
        AnswerVector(local: "4d100b", localAsymmetry: false, remote: "4d001f", remoteAsymmetry: false, expected: "4d100b"),
        // The answer uses the canonical encoding of the common profile.
        AnswerVector(local: "4de01f", localAsymmetry: false, remote: "42e01f", remoteAsymmetry: false, expected: "42e01f"),
        AnswerVector(local: "58A01F", localAsymmetry: false, remote: "42a015", remoteAsymmetry: false, expected: "420015"),
        AnswerVector(local: "640C34", localAsymmetry: false, remote: "640c2a", remoteAsymmetry: false, expected: "640c2a"),
    ]

    @Test("answer profile-level-id", arguments: answerVectors)
    func answer(_ vector: AnswerVector) throws {
        let result = try H264ProfileLevelId.answerProfileLevelId(
            localProfileLevelId: vector.local,
            localLevelAsymmetryAllowed: vector.localAsymmetry,
            remoteProfileLevelId: vector.remote,
            remoteLevelAsymmetryAllowed: vector.remoteAsymmetry)
        #expect(result == vector.expected)
    }

    struct FailingAnswerVector: Sendable, CustomStringConvertible {
        var local: String?
        var remote: String?
        var error: H264ProfileLevelIdError

        var description: String { "local=\(local ?? "nil") remote=\(remote ?? "nil")" }
    }

    static let failingAnswerVectors: [FailingAnswerVector] = [
        FailingAnswerVector(local: "42e01f", remote: "640c1f", error: .profileMismatch(local: "42e01f", remote: "640c1f")),
        FailingAnswerVector(local: "64001f", remote: "640c1f", error: .profileMismatch(local: "64001f", remote: "640c1f")),
        FailingAnswerVector(local: "4d0032", remote: nil, error: .profileMismatch(local: "4d0032", remote: "42e01f")),
        FailingAnswerVector(local: nil, remote: "4d001f", error: .profileMismatch(local: "42e01f", remote: "4d001f")),
        FailingAnswerVector(local: "foobar", remote: "42e01f", error: .invalidProfileLevelId("foobar")),
        FailingAnswerVector(local: "42e01f", remote: "42e000", error: .invalidProfileLevelId("42e000")),
        FailingAnswerVector(local: nil, remote: "zzzzzz", error: .invalidProfileLevelId("zzzzzz")),
        FailingAnswerVector(local: "xyz", remote: "abc", error: .invalidProfileLevelId("xyz")),
    ]

    @Test("answer generation failures", arguments: failingAnswerVectors)
    func answerFailure(_ vector: FailingAnswerVector) {
        #expect(throws: vector.error) {
            _ = try H264ProfileLevelId.answerProfileLevelId(
                localProfileLevelId: vector.local,
                localLevelAsymmetryAllowed: true,
                remoteProfileLevelId: vector.remote,
                remoteLevelAsymmetryAllowed: true)
        }
    }

    @Test func errorDescriptions() {
        #expect(H264ProfileLevelIdError.invalidProfileLevelId("foobar").description.contains("foobar"))
        let mismatch = H264ProfileLevelIdError.profileMismatch(local: "42e01f", remote: "640c1f")
        #expect(mismatch.description.contains("42e01f"))
        #expect(mismatch.description.contains("640c1f"))
    }
}
