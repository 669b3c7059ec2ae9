import Mediasoup
import MediasoupChannel

// Producing and consuming media on a transport of the local engine.

extension LocalTransport {
    func produce(_ options: ProducerOptions) async throws -> any Producer {
        throw MediasoupError("produce() is not implemented yet in the local engine")
    }

    func consume(_ options: ConsumerOptions) async throws -> any Consumer {
        throw MediasoupError("consume() is not implemented yet in the local engine")
    }
}
