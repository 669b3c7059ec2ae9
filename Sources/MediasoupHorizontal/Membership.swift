import Mediasoup
import Synchronization

/// The servers of a cluster, shared by the manager and its mediasoup object.
final class Membership: Sendable {
    private let state = Mutex<(nextOrdinal: Int, members: [Member])>((1, []))

    var members: [Member] { state.withLock { $0.members } }

    /// - Throws: ``TypeError`` for a name already in the cluster.
    func add(_ server: HorizontalServer) throws -> Member {
        try state.withLock { state in
            guard !state.members.contains(where: { $0.name == server.name }) else {
                throw TypeError("a server named \(server.name) is already in the cluster")
            }
            let member = Member(server: server, ordinal: state.nextOrdinal)
            state.nextOrdinal += 1
            state.members.append(member)
            return member
        }
    }

    func remove(_ name: String) -> Member? {
        state.withLock { state in
            guard let index = state.members.firstIndex(where: { $0.name == name }) else { return nil }
            return state.members.remove(at: index)
        }
    }

    func removeAll() -> [Member] {
        state.withLock { state in
            defer { state.members = [] }
            return state.members
        }
    }

    func contains(_ member: Member) -> Bool {
        state.withLock { $0.members.contains { $0 === member } }
    }
}
