import Synchronization

/// Counts a server's open connections, in total and per remote address, and
/// admits a new one only under both limits: a flood of connections that never
/// authenticate costs the server at most ``maxConnections`` sockets, and one
/// address cannot take them all.
public final class RopeConnectionGate: Sendable {
    /// What the gate has seen, for operators and the abuse suite.
    public struct Counts: Sendable, Equatable {
        /// Connections open now (authenticated or not).
        public var open: Int
        /// Connections closed at once because a limit was reached.
        public var refused: Int
        /// Connections closed because they did not finish TLS and the upgrade in time.
        public var timedOut: Int
        /// Clients disconnected because they let too many bytes pile up unread.
        public var slowReaders: Int
    }

    public let maxConnections: Int
    public let maxConnectionsPerAddress: Int

    private struct State {
        var perAddress: [String: Int] = [:]
        var counts = Counts(open: 0, refused: 0, timedOut: 0, slowReaders: 0)
    }
    private let state = Mutex(State())

    public init(maxConnections: Int, maxConnectionsPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    public var counts: Counts { state.withLock { $0.counts } }

    /// Takes a place for a connection from `address`; false (counted as
    /// refused) when a limit is reached.
    func admit(_ address: String) -> Bool {
        state.withLock { state in
            let fromAddress = state.perAddress[address, default: 0]
            guard state.counts.open < maxConnections, fromAddress < maxConnectionsPerAddress else {
                state.counts.refused += 1
                return false
            }
            state.counts.open += 1
            state.perAddress[address] = fromAddress + 1
            return true
        }
    }

    /// Gives back the place of a connection from `address` that closed.
    func release(_ address: String) {
        state.withLock { state in
            state.counts.open -= 1
            let left = state.perAddress[address, default: 1] - 1
            state.perAddress[address] = left > 0 ? left : nil
        }
    }

    func countTimedOut() { state.withLock { $0.counts.timedOut += 1 } }
    func countSlowReader() { state.withLock { $0.counts.slowReaders += 1 } }
}
