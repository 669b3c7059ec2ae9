/// How a ``RemoteMediasoupServer`` behaves.
public struct RemoteMediasoupServerOptions: Sendable, Hashable {
    /// Accept `<Class>.injectNotificationForTesting` (test hooks). Off by
    /// default: a production server refuses it with an `InvalidStateError`.
    public var allowTestHooks: Bool
    /// ``RemoteMediasoupServer/close()`` closes the workers created through the server.
    public var closeOwnWorkers: Bool

    public init(allowTestHooks: Bool = false, closeOwnWorkers: Bool = true) {
        self.allowTestHooks = allowTestHooks
        self.closeOwnWorkers = closeOwnWorkers
    }
}
