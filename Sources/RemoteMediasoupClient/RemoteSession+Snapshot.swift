import Mediasoup
import RemoteMediasoupProtocol

// The server's snapshot, sent first on every connection: the first one
// builds the graph; after a reconnection it is reconciled with the graph.

extension RemoteSession {
    /// Applies a snapshot. Objects the graph has and the snapshot lacks close
    /// as their parent's closing closes them; objects it has that the graph
    /// lacks appear, announced with their parent's `new…` observer event when
    /// `announcing`; the others take their properties and appData from it.
    func apply(_ snapshot: ServerSnapshot, announcing: Bool) {
        setServerInfo(version: snapshot.version, workerBin: snapshot.workerBin)
        let objects = snapshot.objects.filter { !$0.closed }
        let byKey = Dictionary(objects.map { (ProxyKey($0), $0) }, uniquingKeysWith: { first, _ in first })

        for worker in workers { reconcile(worker, with: byKey) }
        // Workers closed here and still waiting for their process to exit
        // will not hear of it from this server.
        for case let worker as RemoteWorker in registry.live(ofClass: .worker) where worker.core.finished {
            if byKey[worker.core.key] == nil { worker.endSubprocess() }
        }

        for object in objects where registry.live(ProxyKey(object)) == nil {
            do {
                let proxy = try proxy(for: object)
                linkToWebRtcServer(proxy)
                if announcing { announce(proxy) }
            } catch {
                log.warn("ignoring \(object.class.rawValue) \(object.id) of the remote snapshot", error)
            }
        }
    }

    /// Closes `proxy` when the snapshot lacks it, else updates it and its children.
    private func reconcile(_ proxy: any RemoteProxy, with byKey: [ProxyKey: ObjectSnapshot]) {
        guard let snapshot = byKey[proxy.core.key] else {
            proxy.closeWithParent()
            return
        }
        proxy.update(from: snapshot)
        proxy.core.takeAppData(snapshot.appData)
        if proxy.core.highRateSubscribed {
            // Not from here: an in-process server delivers the snapshot under its own lock.
            Task { proxy.core.renewHighRateSubscription() }
        }
        for child in proxy.childProxies { reconcile(child, with: byKey) }
    }

    /// A WebRtcTransport that appears with the snapshot listens through its
    /// server already: no `webrtctransporthandled` follows.
    private func linkToWebRtcServer(_ proxy: any RemoteProxy) {
        guard let transport = proxy as? RemoteWebRtcTransport else { return }
        transport.webRtcServer?.handle(transport)
    }

    /// The `new…` observer event of the parent of an object that appeared.
    private func announce(_ proxy: any RemoteProxy) {
        if let parent = proxy.core.parent {
            parent.announce(proxy)
        } else if let worker = proxy as? RemoteWorker {
            mediasoupObserver.emit(.newWorker(worker))
        }
    }
}
