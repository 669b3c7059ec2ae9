import NIOHTTP1

/// Checks the bearer token of an upgrade request.
struct RopeAuthorization: Sendable {
    let token: String?

    /// Whether `headers` carry the expected token (always true without one).
    func admits(_ headers: HTTPHeaders) -> Bool {
        guard let token else { return true }
        for value in headers[canonicalForm: "authorization"] {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer",
                Self.constantTimeEqual(Array(parts[1].utf8), Array(token.utf8))
            {
                return true
            }
        }
        return false
    }

    /// Compares without leaking where the first difference is.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
