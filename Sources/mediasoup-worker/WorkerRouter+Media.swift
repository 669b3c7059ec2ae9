import Mediasoup
import MediasoupChannel

// Router-wide views of producers and consumers, from its transports: the
// producer → consumers wiring media follows and the router dump shows.

extension WorkerRouter {
    /// The producer with this id, in any transport of the router.
    func producer(_ id: String) -> WorkerProducer? {
        for transport in transports.values {
            if let producer = transport.producers[id] { return producer }
        }
        return nil
    }

    /// Every producer of the router, transport by transport, in creation order.
    var allProducers: [WorkerProducer] { transports.values.flatMap(\.producers.values) }

    /// Every consumer of the router, transport by transport, in creation order.
    var allConsumers: [WorkerConsumer] { transports.values.flatMap(\.consumers.values) }

    /// The consumers following a producer, in any transport of the router.
    func consumers(ofProducer producerId: String) -> [WorkerConsumer] {
        allConsumers.filter { $0.producerId == producerId }
    }
}
