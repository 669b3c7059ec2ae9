import Mediasoup
import ROPE

extension RemoteMediasoupClient {
    /// A client over WebSocket to `url`, open and connected (its snapshot applied).
    ///
    /// - Throws: when it does not connect within 10 s.
    public static func connected(
        to url: String, token: String, options: RemoteMediasoupClientOptions = .init(),
        connectionOptions: RopeClientOptions? = nil
    ) async throws -> RemoteMediasoupClient {
        var ropeOptions = connectionOptions ?? RopeClientOptions()
        ropeOptions.token = token
        let client = RemoteMediasoupClient(
            connection: RopeWebSocketConnection(url: url, options: ropeOptions), options: options)
        let events = client.clientEvents.stream()  // before opening: no event is missed
        let errors = client.events.stream()
        try client.open()
        let connected = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await case .connected in events { return true }
                return false
            }
            group.addTask {
                // A server the client refuses for good (another protocol version) fails at once.
                for await case .error(let error) in errors where error is UnsupportedError { throw error }
                return false
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard connected || client.mediasoup != nil else {
            try? client.destroy()
            throw MediasoupError("remote client did not connect to \(url) within 10 s")
        }
        return client
    }
}
