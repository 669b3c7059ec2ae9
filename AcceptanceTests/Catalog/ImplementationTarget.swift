import Mediasoup

/// An implementation of the contract the suite can run against: a name and a
/// factory for its mediasoup object.
public struct ImplementationTarget: Sendable, Hashable {
    /// What a target cannot honour by nature.
    public enum Trait: String, Sendable, Hashable {
        /// Worker pids are virtual: they cannot be signalled from here (Mafalda's `HAS_VIRTUAL_PIDS`).
        case virtualPids
        /// `pipeToRouter()` between two routers that share a real router is
        /// virtual: no PipeTransport appears in their dumps (Mafalda's vertical
        /// routers, which share real routers).
        case virtualPipes
        /// A server this run did not start (certify mode): its worker
        /// processes are not this run's to signal, nor its test hooks.
        case foreignServer
        /// The server runs on another host: the transports' 127.0.0.1
        /// addresses are its loopback, not this host's.
        case otherHost
    }

    /// The target's name: `local`, `mock`, `remote`, `vertical`, `horizontal`, `vertical-on-horizontal`.
    public let name: String
    public let traits: Set<Trait>
    /// Makes the mediasoup object for one case, and what to do after the case.
    public let makeMediasoup: @Sendable () async throws -> (mediasoup: any MediasoupAPI, teardown: @Sendable () async -> Void)

    public init(
        name: String, traits: Set<Trait> = [],
        makeMediasoup: @escaping @Sendable () async throws -> (
            mediasoup: any MediasoupAPI, teardown: @Sendable () async -> Void
        )
    ) {
        self.name = name
        self.traits = traits
        self.makeMediasoup = makeMediasoup
    }

    /// Why `testCase` cannot run on this target at all, or nil when it can.
    public func notApplicable(_ testCase: AcceptanceCase) -> String? {
        if testCase.requirements.contains(.loopbackMedia) && traits.contains(.otherHost) {
            return "media from this host's peers to the server's 127.0.0.1 transports (the server runs elsewhere)"
        }
        return nil
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
