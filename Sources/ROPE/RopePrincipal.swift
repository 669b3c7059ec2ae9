import MafaldaFoundation

/// Who a connection authenticated as: the operator (the server's static
/// token, or no token on loopback), or the subject of a signed token with
/// its claims. The service decides what each may see and do.
public struct RopePrincipal: Sendable, Hashable {
    /// `operator` for the static token; the token's `sub` otherwise.
    public var subject: String
    /// The signed token's claims (JWT payload); empty for the operator.
    public var claims: [String: JSONValue]
    /// Whether this is the operator, with every right.
    public var isOperator: Bool

    public init(subject: String, claims: [String: JSONValue], isOperator: Bool) {
        self.subject = subject
        self.claims = claims
        self.isOperator = isOperator
    }

    /// The server's operator: the static token's holder.
    public static let `operator` = RopePrincipal(subject: "operator", claims: [:], isOperator: true)
}
