import RemoteMediasoupProtocol
import Synchronization

/// What names one remote object: its class, id and parent. The id alone is
/// not enough: `pipeToRouter()`'s pipe producer keeps the original's id in
/// another router.
struct ProxyKey: Hashable, Sendable {
    var remoteClass: RemoteClass
    var id: String
    var parent: String?

    init(_ remoteClass: RemoteClass, id: String, parent: String?) {
        self.remoteClass = remoteClass
        self.id = id
        self.parent = parent
    }

    init(_ snapshot: ObjectSnapshot) {
        self.init(snapshot.class, id: snapshot.id, parent: snapshot.parent)
    }
}

/// The live proxies of a session by key, so that one object always maps to
/// one proxy. Proxies leave when they are done (observer `close` emitted);
/// the registry remembers them weakly afterwards, so a late answer naming a
/// closed object still finds its proxy instead of making a second one.
final class ProxyRegistry: Sendable {
    private struct ClassAndId: Hashable {
        var remoteClass: RemoteClass
        var id: String
    }

    private struct Departed {
        weak var proxy: (any RemoteProxy)?
    }

    private struct State {
        var live: [ProxyKey: any RemoteProxy] = [:]
        /// The latest live proxy of each class and id (ids of workers,
        /// servers, routers and transports are unique).
        var latest: [ClassAndId: any RemoteProxy] = [:]
        var departed: [ProxyKey: Departed] = [:]
    }

    private let state = Mutex(State())

    func register(_ proxy: any RemoteProxy) {
        let key = proxy.core.key
        state.withLock { state in
            state.live[key] = proxy
            state.latest[ClassAndId(remoteClass: key.remoteClass, id: key.id)] = proxy
            state.departed.removeValue(forKey: key)
        }
    }

    /// Removes `proxy` (and nothing registered later under its key).
    func unregister(_ proxy: any RemoteProxy) {
        let key = proxy.core.key
        let classAndId = ClassAndId(remoteClass: key.remoteClass, id: key.id)
        state.withLock { state in
            guard let registered = state.live[key], registered === proxy else { return }
            state.live.removeValue(forKey: key)
            if let latest = state.latest[classAndId], latest === proxy {
                state.latest.removeValue(forKey: classAndId)
            }
            if state.departed.count >= 512 { state.departed = state.departed.filter { $0.value.proxy != nil } }
            state.departed[key] = Departed(proxy: proxy)
        }
    }

    /// The live proxy with this key.
    func live(_ key: ProxyKey) -> (any RemoteProxy)? {
        state.withLock { $0.live[key] }
    }

    /// The live proxy with this key, or the departed one still in use.
    func known(_ key: ProxyKey) -> (any RemoteProxy)? {
        state.withLock { $0.live[key] ?? $0.departed[key]?.proxy }
    }

    /// The live proxy of this class and id (the latest registered).
    func live(_ remoteClass: RemoteClass, id: String) -> (any RemoteProxy)? {
        state.withLock { $0.latest[ClassAndId(remoteClass: remoteClass, id: id)] }
    }

    /// Every live proxy of a class.
    func live(ofClass remoteClass: RemoteClass) -> [any RemoteProxy] {
        state.withLock { state in state.live.values.filter { $0.core.remoteClass == remoteClass } }
    }
}
