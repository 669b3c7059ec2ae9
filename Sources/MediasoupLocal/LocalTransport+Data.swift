import Mediasoup
import MediasoupChannel

// Producing and consuming data on a transport of the local engine.

extension LocalTransport {
    func produceData(_ options: DataProducerOptions) async throws -> any DataProducer {
        throw MediasoupError("produceData() is not implemented yet in the local engine")
    }

    func consumeData(_ options: DataConsumerOptions) async throws -> any DataConsumer {
        throw MediasoupError("consumeData() is not implemented yet in the local engine")
    }
}
