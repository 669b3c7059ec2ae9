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
            linkClosing(
                consumer.observer, close: { [weak consumer] in consumer?.close(notifyingServer: false) },
                with: producer.observer, close: { [weak producer] in producer?.close(notifyingServer: false) })
            linkTransports(consumer.core.parent, producer.core.parent)
        }
        if let dataConsumer = result.pipeDataConsumer as? RemoteDataConsumer,
            let dataProducer = result.pipeDataProducer as? RemoteDataProducer
        {
            linkClosing(
                dataConsumer.observer, close: { [weak dataConsumer] in dataConsumer?.close(notifyingServer: false) },
                with: dataProducer.observer, close: { [weak dataProducer] in dataProducer?.close(notifyingServer: false) })
            linkTransports(dataConsumer.core.parent, dataProducer.core.parent)
        }
    }

    private func linkTransports(_ first: (any RemoteProxy)?, _ second: (any RemoteProxy)?) {
        guard let local = first as? RemotePipeTransport, let remote = second as? RemotePipeTransport else { return }
        let pair = [local.id, remote.id].sorted()
        let isNew = linkedPairs.withLock { $0.insert(pair).inserted }
        guard isNew else { return }
        linkClosing(
            local.observer, close: { [weak local] in local?.close(notifyingServer: false) },
            with: remote.observer, close: { [weak remote] in remote?.close(notifyingServer: false) },
            unlinked: { [weak self] in _ = self?.linkedPairs.withLock { $0.remove(pair) } })
    }
}
