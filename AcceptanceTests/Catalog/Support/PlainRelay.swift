import Mediasoup

/// The setup most replay cases share: a router for a capture's codec, a
/// comedia PlainTransport with a producer of the capture's stream (its sender
/// is whoever sends to `sendTransport`), and a consumer on a PlainTransport
/// connected to `receiver`, a UdpPeer standing for the consumer's endpoint.
struct PlainRelay {
    let router: any Router
    let sendTransport: any PlainTransport
    let producer: any Producer
    let receiver: UdpPeer
    let recvTransport: any PlainTransport
    let consumer: any Consumer

    /// - Parameters:
    ///   - rtpParameters: the producer's, when not the capture's own.
    ///   - preferredLayers: the consumer's, if any.
    static func make(
        _ capture: FixtureCapture, rtpParameters: RtpParameters? = nil, preferredLayers: ConsumerLayers? = nil,
        context: AcceptanceContext
    ) async throws -> PlainRelay {
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: rtpParameters ?? capture.producerRtpParameters))
        let receiver = try UdpPeer()
        let recvTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
        let consumer = try await recvTransport.consume(
            ConsumerOptions(
                producerId: producer.id, rtpCapabilities: router.rtpCapabilities, preferredLayers: preferredLayers))
        return PlainRelay(
            router: router, sendTransport: sendTransport, producer: producer, receiver: receiver,
            recvTransport: recvTransport, consumer: consumer)
    }
}
