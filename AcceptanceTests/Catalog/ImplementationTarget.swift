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

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
