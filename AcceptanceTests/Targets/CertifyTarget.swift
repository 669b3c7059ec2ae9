import AcceptanceSuite
import Foundation
import Mediasoup
import RemoteMediasoupClient

extension TargetRegistry {
    /// Certify mode: any server that speaks the remote protocol, at `url`
    /// (ours, or another team's over mediasoup or their own engine). Every
    /// case connects a new client with `token`.
    ///
    /// The server is one this run did not start (``ImplementationTarget/Trait/foreignServer``:
    /// its worker processes and test hooks are not the run's), and when its
    /// host is not this one (`onThisHost`, by default whether the URL's host is
    /// a loopback address) the cases whose peers send media to its 127.0.0.1
    /// transports are not applicable (``ImplementationTarget/Trait/otherHost``).
    public static func certify(url: String, token: String, onThisHost: Bool? = nil) -> ImplementationTarget {
        var traits: Set<ImplementationTarget.Trait> = [.foreignServer]
        if !(onThisHost ?? isLoopback(url: url)) { traits.insert(.otherHost) }
        return ImplementationTarget(name: url, traits: traits) {
            let client = try await RemoteMediasoupClient.connected(to: url, token: token)
            guard let mediasoup = client.mediasoup else {
                throw MediasoupError("the remote client closed before it connected")
            }
            return (mediasoup: mediasoup, teardown: { try? client.destroy() })
        }
    }

    /// Whether the host of `url` is a loopback address or `localhost`.
    static func isLoopback(url: String) -> Bool {
        guard let host = URL(string: url)?.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) else {
            return false
        }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
