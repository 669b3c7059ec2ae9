/// How a ``RemoteMediasoupServer`` behaves.
public struct RemoteMediasoupServerOptions: Sendable, Hashable {
    /// Accept `<Class>.injectNotificationForTesting` (test hooks). Off by
    /// default: a production server refuses it with an `InvalidStateError`.
    public var allowTestHooks: Bool
    /// ``RemoteMediasoupServer/close()`` closes the workers created through the server.
    public var closeOwnWorkers: Bool
    /// The only directory whose files a client may name as a worker's DTLS
    /// certificate and key (`dtlsCertificateFile`, `dtlsPrivateKeyFile`). Nil
    /// refuses such paths: a client could otherwise learn which paths exist on
    /// the server and have it load any readable PEM file.
    public var certificateDirectory: String?
    /// The most objects of each class served at once.
    public var quotas: RemoteMediasoupServerQuotas

    public init(
        allowTestHooks: Bool = false, closeOwnWorkers: Bool = true, certificateDirectory: String? = nil,
        quotas: RemoteMediasoupServerQuotas = .init()
    ) {
        self.allowTestHooks = allowTestHooks
        self.closeOwnWorkers = closeOwnWorkers
        self.certificateDirectory = certificateDirectory
        self.quotas = quotas
    }
}
