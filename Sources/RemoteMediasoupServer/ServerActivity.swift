import Mediasoup
import RemoteMediasoupProtocol

/// What a server holds now and has answered since it started: the figures
/// behind an operator's metrics.
public struct RemoteMediasoupServerActivity: Sendable {
    /// Clients connected now.
    public var sessions: Int
    /// Live objects by class; workers include those closed whose process has not exited yet.
    public var objects: [RemoteClass: Int]
    /// Requests answered, by method (`Router.createWebRtcTransport`); a
    /// method the server does not know counts under ``unknownMethod``.
    public var requests: [String: Int]
    /// Of ``requests``, those answered with an error, by method.
    public var errors: [String: Int]

    /// The method name that counts requests for methods the server does not know (so that a client
    /// cannot grow the counts without bound).
    public static let unknownMethod = "unknown"
}

/// The live media objects of a server, to ask for their traffic.
public struct RemoteMediasoupServerMediaObjects: Sendable {
    /// The live transports, to ask for their bytes.
    public var transports: [any Transport]
    /// The live producers, to ask for their packets.
    public var producers: [any Producer]
    /// The live consumers, to ask for their packets.
    public var consumers: [any Consumer]
}

/// Requests answered and failed, by method.
struct RequestTally {
    private(set) var requests: [String: Int] = [:]
    private(set) var errors: [String: Int] = [:]

    mutating func count(_ method: String, failed: Bool) {
        let key = RemoteProcedure(method: method) == nil ? RemoteMediasoupServerActivity.unknownMethod : method
        requests[key, default: 0] += 1
        if failed { errors[key, default: 0] += 1 }
    }
}

extension RemoteMediasoupServer {
    /// What the server holds now and has answered since it started (counts only: cheap enough for every probe).
    public func activity() -> RemoteMediasoupServerActivity {
        state.withLock { state in
            let registry = state.registry
            return RemoteMediasoupServerActivity(
                sessions: state.sessions.count,
                objects: Dictionary(uniqueKeysWithValues: RemoteClass.allCases.compactMap { remoteClass in
                    let count = registry.count(of: remoteClass)
                    return count > 0 ? (remoteClass, count) : nil
                }),
                requests: state.tally.requests, errors: state.tally.errors)
        }
    }

    /// The live transports, producers and consumers.
    public func mediaObjects() -> RemoteMediasoupServerMediaObjects {
        state.withLock { state in
            let registry = state.registry
            return RemoteMediasoupServerMediaObjects(
                transports: registry.objects(of: .transport).compactMap {
                    if case .transport(let transport) = $0 { transport } else { nil }
                },
                producers: registry.objects(of: .producer).compactMap {
                    if case .producer(let producer) = $0 { producer } else { nil }
                },
                consumers: registry.objects(of: .consumer).compactMap {
                    if case .consumer(let consumer) = $0 { consumer } else { nil }
                })
        }
    }
}
