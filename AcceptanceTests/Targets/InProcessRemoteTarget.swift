import AcceptanceSuite
import Mediasoup
import MediasoupLocal
import ROPE
import RemoteMediasoupClient
import RemoteMediasoupServer

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

extension TargetRegistry {
    /// The remote client over an in-memory ROPE connection (real JSON-RPC
    /// frames, no socket) to a remote server in this process, over the local
    /// engine. Worker pids are real: the workers are children of this process.
    public static let remoteInMemory = ImplementationTarget(name: "remote-memory") {
        let server = RemoteMediasoupServer(
            mediasoup: LocalMediasoup(),
            options: RemoteMediasoupServerOptions(
                allowTestHooks: true, certificateDirectory: FileManager.default.temporaryDirectory.path,
                quotas: RemoteMediasoupServerQuotas(workers: 32)))
        let client = RemoteMediasoupClient(connection: RopeInMemoryConnection(service: server))
        let connected = client.clientEvents.stream()
        try client.open()
        if client.mediasoup == nil {
            for await case .connected in connected { break }
        }
        guard let mediasoup = client.mediasoup else {
            try? client.destroy()
            server.close()
            throw MediasoupError("the remote client closed before it connected")
        }
        return (
            mediasoup: mediasoup,
            teardown: {
                try? client.destroy()
                server.close()
            }
        )
    }
}
