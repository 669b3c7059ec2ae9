import Mediasoup
import MediasoupChannel

// Data producers and data consumers on a transport.

extension WorkerTransport {
    /// Handles data producer and data consumer requests addressed to the transport; nil when not one of them.
    func handleData(_ request: ChannelRequest) throws -> JSONValue? {
        nil
    }

    /// Adds the data parts of the transport dump (SCTP listener).
    func fillDataDump(_ dump: inout TransportDump) {}

    /// Closes the transport's data producers and data consumers.
    func closeData() {
        for dataProducer in dataProducers.removeAll() { runtime.unregister(dataProducer.id) }
        for dataConsumer in dataConsumers.removeAll() { runtime.unregister(dataConsumer.id) }
    }
}

/// A data producer inside the worker.
final class WorkerDataProducer {
    let id: String
    init(id: String) { self.id = id }
}

/// A data consumer inside the worker.
final class WorkerDataConsumer {
    let id: String
    init(id: String) { self.id = id }
}
