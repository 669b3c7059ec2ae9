import Foundation
import JWTKit
import MafaldaFoundation
import NIOHTTP1

/// Checks the bearer token of an upgrade request: the server's static token
/// (the operator), or a JWT signed with the server's HS256 secret whose `exp`
/// has not passed (its claims say what the client may do).
struct RopeAuthorization: Sendable {
    let token: String?
    private let jwtKeys: JWTKeyCollection?

    init(token: String?, jwtSecret: String?) async {
        self.token = token
        if let jwtSecret {
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: jwtSecret), digestAlgorithm: .sha256)
            self.jwtKeys = keys
        } else {
            self.jwtKeys = nil
        }
    }

    /// Whether clients must present a token at all.
    var required: Bool { token != nil || jwtKeys != nil }

    /// The principal `headers` authenticate, or nil when they do not.
    func principal(for headers: HTTPHeaders) async -> RopePrincipal? {
        guard required else { return .operator }
        guard let bearer = Self.bearer(in: headers) else { return nil }
        if let token, Self.constantTimeEqual(Array(bearer.utf8), Array(token.utf8)) { return .operator }
        guard let jwtKeys, let payload = try? await jwtKeys.verify(bearer, as: RopeTokenPayload.self) else {
            return nil
        }
        return RopePrincipal(subject: payload.sub.value, claims: payload.claims, isOperator: false)
    }

    private static func bearer(in headers: HTTPHeaders) -> String? {
        for value in headers[canonicalForm: "authorization"] {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return nil
    }

    /// Compares without leaking where the first difference is.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

/// A ROPE JWT's payload: `sub` and `exp` are required (an expired token is
/// refused); every claim is kept for the service (`scope`, `routers`, …).
struct RopeTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var claims: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ClaimKey.self)
        sub = try container.decode(SubjectClaim.self, forKey: ClaimKey("sub"))
        exp = try container.decode(ExpirationClaim.self, forKey: ClaimKey("exp"))
        claims = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(claims)
    }

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }

    private struct ClaimKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
