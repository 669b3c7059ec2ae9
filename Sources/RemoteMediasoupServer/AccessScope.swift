import Mediasoup
import ROPE
import RemoteMediasoupProtocol

/// What one client may see and do, from the claims of its token:
///
/// - `scope`: `"control"` (create, change and close objects, and see their
///   secrets) or `"read"` (dumps, stats and events, secrets withheld). The
///   operator (the static token) has control; a JWT without `scope` reads.
/// - `routers`: when present, the ids of the only routers the client sees
///   and touches, with everything on them and the workers that host them;
///   it may not create workers or routers, nor act on a worker.
///
/// - `quotas`: the most objects of each class this token's subject may have
///   at once (`{"transports": 20, "consumers": 200, …}`, names as
///   ``RemoteMediasoupServerQuotas``), counted over all its connections, on
///   top of the server's own quotas.
struct AccessScope: Sendable, Equatable {
    let control: Bool
    /// Nil: every router.
    let routers: Set<String>?
    /// Whose objects count against ``quotas``: the token's subject; nil for the operator.
    let subject: String?
    let quotas: [RemoteClass: Int]

    static let full = AccessScope(control: true, routers: nil, subject: nil, quotas: [:])

    init(control: Bool, routers: Set<String>?, subject: String?, quotas: [RemoteClass: Int]) {
        self.control = control
        self.routers = routers
        self.subject = subject
        self.quotas = quotas
    }

    init(_ principal: RopePrincipal) {
        guard !principal.isOperator else {
            self = .full
            return
        }
        control = principal.claims["scope"]?.stringValue == "control"
        routers = principal.claims["routers"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        subject = principal.subject
        var quotas: [RemoteClass: Int] = [:]
        for (name, value) in principal.claims["quotas"]?.objectValue ?? [:] {
            if let remoteClass = RemoteMediasoupServerQuotas.names[name], let limit = value.intValue {
                quotas[remoteClass] = limit
            }
        }
        self.quotas = quotas
    }

    /// Whether it sees secrets (ICE passwords, SRTP keys): only with control.
    var seesSecrets: Bool { control }

    /// Procedures that change nothing, which a read scope may call.
    static let readOnlyProcedures: Set<String> = [
        RemoteProcedure.dump, RemoteProcedure.getStats, RemoteProcedure.getResourceUsage,
        RemoteProcedure.getBufferedAmount, RemoteProcedure.subscribe, RemoteProcedure.unsubscribe,
    ]

    /// Refuses `procedure` on an object under router `routerId` (nil for the
    /// manager, the mediasoup object, workers and WebRtcServers).
    ///
    /// - Throws: ``RopeErrorObject`` with code −32003.
    func authorize(_ procedure: RemoteProcedure, routerId: String?) throws(RopeErrorObject) {
        if !control, !Self.readOnlyProcedures.contains(procedure.name) {
            throw .forbidden("\(procedure.method) needs a token with scope \"control\"")
        }
        guard let routers else { return }
        guard let routerId, routers.contains(routerId) else {
            throw .forbidden("\(procedure.method) is outside the routers of this token")
        }
    }

    /// Whether an object under router `routerId` (nil: not under a router) is visible.
    func sees(routerId: String?) -> Bool {
        guard let routers else { return true }
        guard let routerId else { return false }
        return routers.contains(routerId)
    }
}

extension RopeErrorObject {
    /// The client's token does not allow the procedure.
    static func forbidden(_ message: String) -> RopeErrorObject {
        RopeErrorObject(code: .forbidden, kind: .error, message: "forbidden: \(message)")
    }
}

extension JSONValue {
    /// This value with every secret a read scope may not see blanked: the
    /// `password` of each `iceParameters` and the `keyBase64` of each `srtpParameters`.
    func withoutSecrets() -> JSONValue {
        switch self {
        case .array(let items):
            return .array(items.map { $0.withoutSecrets() })
        case .object(var members):
            for (key, value) in members {
                switch key {
                case "iceParameters" where value.objectValue?["password"] != nil:
                    members[key] = value.setting("password", "")
                case "srtpParameters" where value.objectValue?["keyBase64"] != nil:
                    members[key] = value.setting("keyBase64", "")
                default:
                    members[key] = value.withoutSecrets()
                }
            }
            return .object(members)
        default:
            return self
        }
    }
}
