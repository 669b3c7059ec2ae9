import AcceptanceSuite
import Mediasoup
import RemoteMediasoupClientMock

extension TargetRegistry {
    /// The remote client mock: the client's surface over the local engine in this process.
    public static let mock = ImplementationTarget(name: "mock") {
        let client = RemoteMediasoupClientMock()
        let events = client.clientEvents.stream()
        try client.open(url: "ws://mock.invalid")
        for await case .connected in events { break }
        guard let mediasoup = client.mediasoup else {
            try? client.destroy()
            throw MediasoupError("the remote client mock closed before it connected")
        }
        return (mediasoup: mediasoup, teardown: { try? client.destroy() })
    }
}
