import Mediasoup
import Synchronization

/// mediasoup's `pipeToRouter()` links what it creates: the two PipeTransports
/// of a pair close together, and so do a pipe consumer and its pipe producer
/// (or their data counterparts). The server links the real objects; the
/// client links their proxies the same way, so that closing one end here
/// closes the other at once, as it does in the local engine. The linked end
/// closes here only: the server closes its own.
final class PipeLinks: Sendable {
    /// The pairs of PipeTransports already linked, by their ids.
    private let linkedPairs = Mutex<Set<[String]>>([])

    /// Links what one `pipeToRouter()` call created.
    func link(_ result: PipeToRouterResult) {
        if let consumer = result.pipeConsumer as? RemoteConsumer, let producer = result.pipeProducer as? RemoteProducer
        {
            consumer.observer.on { [weak producer] event in
                if case .close = event { producer?.close(notifyingServer: false) }
            }
            producer.observer.on { [weak consumer] event in
                if case .close = event { consumer?.close(notifyingServer: false) }
            }
            linkTransports(consumer.core.parent, producer.core.parent)
        }
        if let dataConsumer = result.pipeDataConsumer as? RemoteDataConsumer,
            let dataProducer = result.pipeDataProducer as? RemoteDataProducer
        {
            dataConsumer.observer.on { [weak dataProducer] event in
                if case .close = event { dataProducer?.close(notifyingServer: false) }
            }
            dataProducer.observer.on { [weak dataConsumer] event in
                if case .close = event { dataConsumer?.close(notifyingServer: false) }
            }
            linkTransports(dataConsumer.core.parent, dataProducer.core.parent)
        }
    }

    private func linkTransports(_ first: (any RemoteProxy)?, _ second: (any RemoteProxy)?) {
        guard let local = first as? RemotePipeTransport, let remote = second as? RemotePipeTransport else { return }
        let pair = [local.id, remote.id].sorted()
        let isNew = linkedPairs.withLock { $0.insert(pair).inserted }
        guard isNew else { return }
        local.observer.on { [weak self, weak remote] event in
            guard case .close = event else { return }
            _ = self?.linkedPairs.withLock { $0.remove(pair) }
            remote?.close(notifyingServer: false)
        }
        remote.observer.on { [weak self, weak local] event in
            guard case .close = event else { return }
            _ = self?.linkedPairs.withLock { $0.remove(pair) }
            local?.close(notifyingServer: false)
        }
    }
}
