import RemoteMediasoupProtocol

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// The most objects of each class a ``RemoteMediasoupServer`` serves at
/// once; a procedure that would create one more fails with a
/// ``Mediasoup/MediasoupError`` naming the limit, and nothing is created.
public struct RemoteMediasoupServerQuotas: Sendable, Hashable {
    /// Worker processes (closing ones count until they exit). Default: the
    /// host's CPUs, as Mafalda's cap: more workers than cores only contend.
    public var workers: Int
    public var webRtcServers: Int
    public var routers: Int
    public var transports: Int
    public var producers: Int
    public var consumers: Int
    public var dataProducers: Int
    public var dataConsumers: Int
    public var rtpObservers: Int

    public init(
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, webRtcServers: Int = 100,
        routers: Int = 1_000, transports: Int = 10_000, producers: Int = 10_000, consumers: Int = 100_000,
        dataProducers: Int = 10_000, dataConsumers: Int = 100_000, rtpObservers: Int = 1_000
    ) {
        self.workers = workers
        self.webRtcServers = webRtcServers
        self.routers = routers
        self.transports = transports
        self.producers = producers
        self.consumers = consumers
        self.dataProducers = dataProducers
        self.dataConsumers = dataConsumers
        self.rtpObservers = rtpObservers
    }

    /// The limit for objects of `remoteClass`; nil for classes that are not created by a procedure.
    func limit(of remoteClass: RemoteClass) -> Int? {
        switch remoteClass {
        case .worker: workers
        case .webRtcServer: webRtcServers
        case .router: routers
        case .transport: transports
        case .producer: producers
        case .consumer: consumers
        case .dataProducer: dataProducers
        case .dataConsumer: dataConsumers
        case .rtpObserver: rtpObservers
        case .manager, .mediasoup: nil
        }
    }

    /// The name of each class's quota, as in a token's `quotas` claim.
    static let names: [String: RemoteClass] = [
        "workers": .worker, "webRtcServers": .webRtcServer, "routers": .router, "transports": .transport,
        "producers": .producer, "consumers": .consumer, "dataProducers": .dataProducer,
        "dataConsumers": .dataConsumer, "rtpObservers": .rtpObserver,
    ]

    /// The class of the object `procedure` creates, if it creates one.
    static func createdClass(by procedure: RemoteProcedure) -> RemoteClass? {
        switch procedure.name {
        case RemoteProcedure.createWorker.name where procedure.class == .mediasoup: .worker
        case RemoteProcedure.createWebRtcServer: .webRtcServer
        case RemoteProcedure.createRouter: .router
        case RemoteProcedure.createWebRtcTransport, RemoteProcedure.createPlainTransport,
            RemoteProcedure.createPipeTransport, RemoteProcedure.createDirectTransport:
            .transport
        case RemoteProcedure.produce: .producer
        case RemoteProcedure.consume, RemoteProcedure.consumePipe: .consumer
        case RemoteProcedure.produceData: .dataProducer
        case RemoteProcedure.consumeData: .dataConsumer
        case RemoteProcedure.createActiveSpeakerObserver, RemoteProcedure.createAudioLevelObserver: .rtpObserver
        default: nil
        }
    }
}
