import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// What every transport proxy has, whatever its kind: identity, events, the
/// router it lives in, and the producers, consumers and data entities on it.
/// Each kind is a final class holding one of these (see ``RemoteTransport``).
final class RemoteTransportCore: Sendable {
    let proxy: ProxyCore
    let router: RemoteRouter
    let events = EventEmitter<TransportEvent>()
    let observer = EventEmitter<TransportObserverEvent>()

    private struct Children {
        var producers: [RemoteProducer] = []
        var consumers: [RemoteConsumer] = []
        var dataProducers: [RemoteDataProducer] = []
        var dataConsumers: [RemoteDataConsumer] = []

        var all: [any RemoteProxy] {
            producers as [any RemoteProxy] + consumers + dataProducers + dataConsumers
        }
    }
    private let children = Mutex(Children())

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) {
        self.proxy = ProxyCore(snapshot: snapshot, parent: router, session: session)
        self.router = router
    }

    /// The open producer of this transport with this id.
    func producer(_ id: String) -> RemoteProducer? {
        children.withLock { $0.producers.first { $0.id == id } }
    }

    /// Producers first, then consumers, data producers and data consumers.
    var all: [any RemoteProxy] { children.withLock { $0.all } }

    /// Hands back every child to close, forgetting them.
    func takeAll() -> [any RemoteProxy] {
        children.withLock { children in
            defer { children = Children() }
            return children.all
        }
    }

    func adopt(_ child: any RemoteProxy) {
        children.withLock { children in
            guard !children.all.contains(where: { $0 === child }) else { return }
            switch child {
            case let producer as RemoteProducer: children.producers.append(producer)
            case let consumer as RemoteConsumer: children.consumers.append(consumer)
            case let dataProducer as RemoteDataProducer: children.dataProducers.append(dataProducer)
            case let dataConsumer as RemoteDataConsumer: children.dataConsumers.append(dataConsumer)
            default: break
            }
        }
    }

    func release(_ child: any RemoteProxy) {
        children.withLock { children in
            children.producers.removeAll { $0 === child }
            children.consumers.removeAll { $0 === child }
            children.dataProducers.removeAll { $0 === child }
            children.dataConsumers.removeAll { $0 === child }
        }
    }

    /// The transport's `new…` observer event for `child`.
    func announce(_ child: any RemoteProxy) {
        switch child {
        case let producer as RemoteProducer: observer.emit(.newProducer(producer))
        case let consumer as RemoteConsumer: observer.emit(.newConsumer(consumer))
        case let dataProducer as RemoteDataProducer: observer.emit(.newDataProducer(dataProducer))
        case let dataConsumer as RemoteDataConsumer: observer.emit(.newDataConsumer(dataConsumer))
        default: break
        }
    }
}
