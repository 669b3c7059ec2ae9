/// Options of a ``RemoteMediasoupClient``.
public struct RemoteMediasoupClientOptions: Sendable, Hashable {
    /// Whether workers re-emit the server's `died` events. Set it to false
    /// when the client is wrapped by a layer that reports worker deaths
    /// itself (Mediasoup horizontal or vertical), so they are not reported twice.
    public var listenWorkerDied: Bool

    /// Creates options; by default workers re-emit the server's `died` events.
    public init(listenWorkerDied: Bool = true) {
        self.listenWorkerDied = listenWorkerDied
    }
}
