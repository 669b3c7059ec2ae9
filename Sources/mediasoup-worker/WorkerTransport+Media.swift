import Mediasoup
import MediasoupChannel

// Producers and consumers on a transport.

extension WorkerTransport {
    /// Handles producer and consumer requests addressed to the transport; nil when not one of them.
    func handleMedia(_ request: ChannelRequest) throws -> JSONValue? {
        nil
    }

    /// Adds the media parts of the transport dump (SSRC maps, RTP listener, header extensions).
    func fillMediaDump(_ dump: inout TransportDump) {}

    /// Closes the transport's producers and consumers.
    func closeMedia() {
        for producer in producers.removeAll() { runtime.unregister(producer.id) }
        for consumer in consumers.removeAll() { runtime.unregister(consumer.id) }
    }
}

/// A producer inside the worker.
final class WorkerProducer {
    let id: String
    init(id: String) { self.id = id }
}

/// A consumer inside the worker.
final class WorkerConsumer {
    let id: String
    init(id: String) { self.id = id }
}
