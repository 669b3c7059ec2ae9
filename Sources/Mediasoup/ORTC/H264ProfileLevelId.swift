// H.264 `profile-level-id` handling (RFC 6184, section 8.1 and 8.2.2).
//
// The semantics follow libwebrtc's H.264 profile-level-id utilities and the
// `h264-profile-level-id` npm package that mediasoup's ORTC layer relies on:
//
//  * A `profile-level-id` is three bytes written as six hex digits:
//    `profile_idc`, `profile-iop` (the constraint_set flags) and `level_idc`.
//  * The profile is recognised from `profile_idc` plus a bit pattern over
//    `profile-iop`; bits that do not matter for a profile are ignored.
//  * Level 1b is signalled as `level_idc` 11 with constraint_set3 set.
//  * An absent parameter means Constrained Baseline level 3.1 ("42e01f"),
//    the interoperability default chosen by libwebrtc.

/// RFC 6184 profile-level-id parsing and offer/answer negotiation.
public enum H264ProfileLevelId {
    /// H.264 profiles that can be expressed in a `profile-level-id`.
    public enum Profile: Int, Sendable, CaseIterable {
        /// Constrained Baseline: `profile_idc` 0x42 with constraint_set1, 0x4D with constraint_set0, or
        /// 0x58 with constraint_set0 and 1; written as `42e0xx`.
        case constrainedBaseline = 1
        /// Baseline: `profile_idc` 0x42 without constraint_set1, or 0x58 with constraint_set0 only;
        /// written as `4200xx`.
        case baseline
        /// Main: `profile_idc` 0x4D without constraint_set0 or constraint_set2; written as `4d00xx`.
        case main
        /// Constrained High: `profile_idc` 0x64 with constraint_set4 and 5 only; written as `640cxx`.
        case constrainedHigh
        /// High: `profile_idc` 0x64 with no constraint flags; written as `6400xx`.
        case high
        /// High 4:4:4 Predictive: `profile_idc` 0xF4 with no constraint flags; written as `f400xx`.
        case predictiveHigh444
    }

    /// H.264 levels. The raw value is ten times the level number, except for
    /// level 1b which has no numeric equivalent and uses 0.
    public enum Level: Int, Sendable, CaseIterable {
        /// Level 1b: `level_idc` 11 with constraint_set3 set; ordered between level 1 and level 1.1.
        /// Only the Constrained Baseline, Baseline and Main profiles can express it.
        case level1b = 0
        /// Level 1 (`level_idc` 10).
        case level1 = 10
        /// Level 1.1 (`level_idc` 11 without constraint_set3).
        case level1_1 = 11
        /// Level 1.2 (`level_idc` 12).
        case level1_2 = 12
        /// Level 1.3 (`level_idc` 13).
        case level1_3 = 13
        /// Level 2 (`level_idc` 20).
        case level2 = 20
        /// Level 2.1 (`level_idc` 21).
        case level2_1 = 21
        /// Level 2.2 (`level_idc` 22).
        case level2_2 = 22
        /// Level 3 (`level_idc` 30).
        case level3 = 30
        /// Level 3.1 (`level_idc` 31), the level of the default `42e01f`.
        case level3_1 = 31
        /// Level 3.2 (`level_idc` 32).
        case level3_2 = 32
        /// Level 4 (`level_idc` 40).
        case level4 = 40
        /// Level 4.1 (`level_idc` 41).
        case level4_1 = 41
        /// Level 4.2 (`level_idc` 42).
        case level4_2 = 42
        /// Level 5 (`level_idc` 50).
        case level5 = 50
        /// Level 5.1 (`level_idc` 51).
        case level5_1 = 51
        /// Level 5.2 (`level_idc` 52).
        case level5_2 = 52
    }

    /// A parsed profile and level pair.
    public struct ProfileLevel: Sendable, Hashable {
        /// The H.264 profile, from `profile_idc` and the constraint flags in `profile-iop`.
        public var profile: Profile
        /// The H.264 level, from `level_idc` (and constraint_set3 for level 1b).
        public var level: Level

        /// Creates a pair from a profile and a level; ``H264ProfileLevelId/string(for:)``
        /// returns nil for level 1b with a High-family profile.
        public init(profile: Profile, level: Level) {
            self.profile = profile
            self.level = level
        }
    }

    /// The default when a profile-level-id parameter is absent: "42e01f"
    /// (Constrained Baseline, level 3.1).
    public static let defaultProfileLevelId: String = "42e01f"

    // MARK: - Parsing

    /// Parses a 6-hex-digit string; nil if malformed or unknown profile.
    ///
    /// Hex digits may be upper or lower case. Anything other than exactly six
    /// ASCII hex digits (including surrounding whitespace) is rejected.
    public static func parse(_ string: String) -> ProfileLevel? {
        guard let bytes = hexTriplet(string) else {
            return nil
        }

        let profileIdc = bytes.0
        let profileIop = bytes.1
        let levelIdc = bytes.2

        guard let level = level(levelIdc: levelIdc, profileIop: profileIop),
            let profile = profile(profileIdc: profileIdc, profileIop: profileIop)
        else {
            return nil
        }

        return ProfileLevel(profile: profile, level: level)
    }

    // MARK: - Serialisation

    /// Serialises back to 6 lowercase hex digits; nil for impossible
    /// combinations (level 1b only exists for the Baseline family and Main).
    public static func string(for profileLevel: ProfileLevel) -> String? {
        if profileLevel.level == .level1b {
            // Level 1b is level_idc 11 with constraint_set3 raised.
            switch profileLevel.profile {
            case .constrainedBaseline:
                return "42f00b"
            case .baseline:
                return "42100b"
            case .main:
                return "4d100b"
            case .constrainedHigh, .high, .predictiveHigh444:
                return nil
            }
        }

        let prefix: String
        switch profileLevel.profile {
        case .constrainedBaseline:
            prefix = "42e0"
        case .baseline:
            prefix = "4200"
        case .main:
            prefix = "4d00"
        case .constrainedHigh:
            prefix = "640c"
        case .high:
            prefix = "6400"
        case .predictiveHigh444:
            prefix = "f400"
        }

        return prefix + twoHexDigits(profileLevel.level.rawValue)
    }

    // MARK: - Negotiation

    /// True when both parameter values (nil meaning absent -> default) parse
    /// and have the same profile. Levels are not compared.
    ///
    /// An empty string is treated like an absent parameter, as mediasoup does.
    public static func isSameProfile(_ a: String?, _ b: String?) -> Bool {
        guard let first = parse(effectiveValue(a)),
            let second = parse(effectiveValue(b))
        else {
            return false
        }

        return first.profile == second.profile
    }

    /// The profile-level-id to put in an answer, given our supported (local)
    /// parameters and the remote offer's; nil when neither side gave a
    /// profile-level-id (answer should omit it). Throws
    /// H264ProfileLevelIdError when the profiles differ or cannot be parsed.
    ///
    /// Rules (RFC 6184 section 8.2.2, as implemented by libwebrtc):
    ///  * level asymmetry applies only if both sides allow it;
    ///  * with asymmetry the answer carries the local level, otherwise the
    ///    lower of the two levels (level 1b sits between 1 and 1.1);
    ///  * the answer uses the (common) profile in its canonical encoding.
    public static func answerProfileLevelId(
        localProfileLevelId: String?,
        localLevelAsymmetryAllowed: Bool,
        remoteProfileLevelId: String?,
        remoteLevelAsymmetryAllowed: Bool
    ) throws(H264ProfileLevelIdError) -> String? {
        // Both sides rely on the default: nothing to say in the answer.
        if isAbsent(localProfileLevelId) && isAbsent(remoteProfileLevelId) {
            return nil
        }

        let localValue = effectiveValue(localProfileLevelId)
        let remoteValue = effectiveValue(remoteProfileLevelId)

        guard let local = parse(localValue) else {
            throw .invalidProfileLevelId(localValue)
        }
        guard let remote = parse(remoteValue) else {
            throw .invalidProfileLevelId(remoteValue)
        }
        guard local.profile == remote.profile else {
            throw .profileMismatch(local: localValue, remote: remoteValue)
        }

        let asymmetryAllowed = localLevelAsymmetryAllowed && remoteLevelAsymmetryAllowed
        let answerLevel = asymmetryAllowed ? local.level : minLevel(local.level, remote.level)

        // Both inputs parsed with this profile, so a level 1b answer can only
        // occur for a profile that supports it; the guard is purely defensive.
        guard let answer = string(for: ProfileLevel(profile: local.profile, level: answerLevel))
        else {
            throw .invalidProfileLevelId(localValue)
        }

        return answer
    }

    // MARK: - Level ordering

    /// Level ordering that places 1b after 1 and before 1.1.
    static func isLevel(_ a: Level, lowerThan b: Level) -> Bool {
        return orderingKey(a) < orderingKey(b)
    }

    /// The lower of two levels, honouring the position of level 1b.
    static func minLevel(_ a: Level, _ b: Level) -> Level {
        return isLevel(b, lowerThan: a) ? b : a
    }

    /// Ten times the level number, with 1b mapped between 1 (10) and 1.1 (11).
    private static func orderingKey(_ level: Level) -> Double {
        if level == .level1b {
            return 10.5
        }
        return Double(level.rawValue)
    }

    // MARK: - Internals

    /// Bit `0x10` of profile-iop: constraint_set3_flag.
    private static let constraintSet3Flag: UInt8 = 0x10

    /// One recognised (profile_idc, profile-iop) combination.
    ///
    /// `relevantBits` selects the constraint flags that define the profile;
    /// the flags outside it may take any value. The low nibble (reserved bits
    /// plus constraint_set4/5) is always significant.
    private struct IopRule: Sendable {
        let profileIdc: UInt8
        let relevantBits: UInt8
        let requiredBits: UInt8
        let profile: Profile

        func accepts(profileIdc idc: UInt8, profileIop iop: UInt8) -> Bool {
            return idc == profileIdc && (iop & relevantBits) == requiredBits
        }
    }

    /// RFC 6184 section 8.1, Table 5 (flags written MSB first as
    /// constraint_set0..5 followed by two reserved zero bits; `x` = either).
    private static let iopRules: [IopRule] = [
        // 0x42, x1xx0000: Baseline with constraint_set1 -> Constrained Baseline.
        IopRule(profileIdc: 0x42, relevantBits: 0b0100_1111, requiredBits: 0b0100_0000,
                profile: .constrainedBaseline),
        // 0x4D, 1xxx0000: Main with constraint_set0 -> Constrained Baseline.
        IopRule(profileIdc: 0x4D, relevantBits: 0b1000_1111, requiredBits: 0b1000_0000,
                profile: .constrainedBaseline),
        // 0x58, 11xx0000: Extended with constraint_set0 and 1 -> Constrained Baseline.
        IopRule(profileIdc: 0x58, relevantBits: 0b1100_1111, requiredBits: 0b1100_0000,
                profile: .constrainedBaseline),
        // 0x42, x0xx0000: Baseline.
        IopRule(profileIdc: 0x42, relevantBits: 0b0100_1111, requiredBits: 0b0000_0000,
                profile: .baseline),
        // 0x58, 10xx0000: Extended with constraint_set0 only -> Baseline.
        IopRule(profileIdc: 0x58, relevantBits: 0b1100_1111, requiredBits: 0b1000_0000,
                profile: .baseline),
        // 0x4D, 0x0x0000: Main.
        IopRule(profileIdc: 0x4D, relevantBits: 0b1010_1111, requiredBits: 0b0000_0000,
                profile: .main),
        // 0x64, 00000000: High.
        IopRule(profileIdc: 0x64, relevantBits: 0b1111_1111, requiredBits: 0b0000_0000,
                profile: .high),
        // 0x64, 00001100: High with constraint_set4 and 5 -> Constrained High.
        IopRule(profileIdc: 0x64, relevantBits: 0b1111_1111, requiredBits: 0b0000_1100,
                profile: .constrainedHigh),
        // 0xF4, 00000000: High 4:4:4 Predictive.
        IopRule(profileIdc: 0xF4, relevantBits: 0b1111_1111, requiredBits: 0b0000_0000,
                profile: .predictiveHigh444),
    ]

    private static func profile(profileIdc: UInt8, profileIop: UInt8) -> Profile? {
        for rule in iopRules where rule.accepts(profileIdc: profileIdc, profileIop: profileIop) {
            return rule.profile
        }
        return nil
    }

    private static func level(levelIdc: UInt8, profileIop: UInt8) -> Level? {
        // level_idc 11 means 1b when constraint_set3 is raised, else 1.1.
        if levelIdc == 11 {
            return (profileIop & constraintSet3Flag) != 0 ? .level1b : .level1_1
        }
        // level_idc 0 is not a level (1b is never encoded as 0 on the wire).
        guard levelIdc != 0 else {
            return nil
        }
        return Level(rawValue: Int(levelIdc))
    }

    /// Splits exactly six ASCII hex digits into three bytes.
    private static func hexTriplet(_ string: String) -> (UInt8, UInt8, UInt8)? {
        let utf8 = Array(string.utf8)
        guard utf8.count == 6 else {
            return nil
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(3)

        var index = 0
        while index < 6 {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }

        return (bytes[0], bytes[1], bytes[2])
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"):
            return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"):
            return character - UInt8(ascii: "A") + 10
        default:
            return nil
        }
    }

    private static func twoHexDigits(_ value: Int) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return digits.count < 2 ? "0" + digits : digits
    }

    /// nil and "" both mean the parameter was not given (mediasoup treats a
    /// falsy value as absent).
    private static func isAbsent(_ value: String?) -> Bool {
        return value?.isEmpty ?? true
    }

    private static func effectiveValue(_ value: String?) -> String {
        guard let value, !value.isEmpty else {
            return defaultProfileLevelId
        }
        return value
    }
}

/// Errors raised while negotiating an H.264 profile-level-id.
public enum H264ProfileLevelIdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The given profile-level-id could not be parsed.
    case invalidProfileLevelId(String)
    /// Local and remote profile-level-id values denote different profiles.
    /// An absent value is reported as the default "42e01f".
    case profileMismatch(local: String, remote: String)

    public var description: String {
        switch self {
        case .invalidProfileLevelId(let value):
            return "invalid H264 profile-level-id \"\(value)\""
        case .profileMismatch(let local, let remote):
            return "H264 profile mismatch (local profile-level-id \"\(local)\", remote \"\(remote)\")"
        }
    }
}
