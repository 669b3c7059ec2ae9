import Foundation
import Synchronization
import Mediasoup
import MediasoupGetStats
import MediasoupHorizontal
import MediasoupLocal
import Testing

@testable import AcceptanceSuite

/// A cluster of two servers, here two local engines of this process (the
/// acceptance target `horizontal` runs the suite over two server processes):
/// workers spread over the servers with pids of their own, a producer on one
/// server reaches consumers on the other through a pipe the cluster makes,
/// and servers join and leave.
@Suite(.serialized) struct HorizontalClusterTests {
    static let codecs = [RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)]

    static func server(_ name: String) -> HorizontalServer {
        HorizontalServer(name: name, manager: PlainMediasoupManager(mediasoup: LocalMediasoup()))
    }

    static func cluster(_ names: String...) throws -> (MediasoupHorizontal, any MediasoupAPI) {
        let cluster = try MediasoupHorizontal(servers: names.map(server))
        return (cluster, try #require(cluster.mediasoup))
    }

    @Test func workersSpreadOverTheServersWithPidsThatSayWhichServer() async throws {
        let (cluster, mediasoup) = try Self.cluster("a", "b")
        defer { try? cluster.destroy() }
        var created: [any Worker] = []
        for _ in 0..<4 { created.append(try await mediasoup.createWorker()) }
        let servers = created.map { $0.pid >> 22 }
        #expect(servers == [1, 2, 1, 2], "each new worker goes to the server with the fewest")
        #expect(Set(created.map(\.pid)).count == 4)
        for worker in created {
            #expect(try await worker.dump().pid == worker.pid)
        }
        // Closing the workers of server 2 sends the next one there again.
        created[1].close()
        created[3].close()
        #expect(try await mediasoup.createWorker().pid >> 22 == 2)
    }

    @Test func aProducerOnOneServerReachesConsumersOnTheOtherThroughOnePipePair() async throws {
        let (cluster, mediasoup) = try Self.cluster("a", "b")
        defer { try? cluster.destroy() }
        let capture = try FixtureCapture.named("opus.pcap")
        let routerA = try await mediasoup.createWorker().createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let routerB = try await mediasoup.createWorker().createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await routerA.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        var otherParameters = capture.producerRtpParameters
        otherParameters.encodings = [RtpEncodingParameters(ssrc: 0x1234_5678)]
        otherParameters.mid = "other"
        let other = try await sendTransport.produce(ProducerOptions(kind: capture.kind, rtpParameters: otherParameters))

        // Two producers piped at once: one PipeTransport pair between the routers.
        async let first = routerA.pipeToRouter(PipeToRouterOptions(producerId: producer.id, router: routerB))
        async let second = routerA.pipeToRouter(PipeToRouterOptions(producerId: other.id, router: routerB))
        let (piped, _) = try await (first, second)
        #expect(piped.pipeProducer?.id == producer.id)
        #expect(routerA.transportsForTesting.count { $0 is any PipeTransport } == 1)
        #expect(routerB.transportsForTesting.count { $0 is any PipeTransport } == 1)

        let peer = try UdpPeer()
        let receiveTransport = try await routerB.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await receiveTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: peer.port))
        let consumer = try await receiveTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: routerB.rtpCapabilities))
        let sent = try capture.datagrams()
        try await ReplayCases.send(sent, from: try UdpPeer(), to: sendTransport.tuple.localPort)
        let received = peer.receiveRTP(upTo: sent.count, quietMilliseconds: 2000)
        try ReplayCases.checkForwarded(received, sent: sent, capture: capture, consumer: consumer)

        // Closing the original closes its pipe producer on the other server, and so the consumer.
        producer.close()
        for _ in 0..<200 where !consumer.closed { try await Task.sleep(for: .milliseconds(50)) }
        #expect(consumer.closed && piped.pipeProducer?.closed == true)
    }

    @Test func aDataProducerOnOneServerReachesADataConsumerOnTheOther() async throws {
        let (cluster, mediasoup) = try Self.cluster("a", "b")
        defer { try? cluster.destroy() }
        let workers = try await [mediasoup.createWorker(), mediasoup.createWorker()]
        #expect(cluster.serverName(of: workers[0]) != cluster.serverName(of: workers[1]), "one worker on each server")
        let routerA = try await workers[0].createRouter(RouterOptions(mediaCodecs: Self.codecs))
        let routerB = try await workers[1].createRouter(RouterOptions(mediaCodecs: Self.codecs))
        let dataProducer = try await routerA.createDirectTransport().produceData(DataProducerOptions(label: "chat"))
        let piped = try await routerA.pipeToRouter(
            PipeToRouterOptions(dataProducerId: dataProducer.id, router: routerB))
        #expect(piped.pipeDataProducer?.id == dataProducer.id && piped.pipeDataProducer?.label == "chat")
        let dataConsumer = try await routerB.createDirectTransport().consumeData(
            DataConsumerOptions(dataProducerId: dataProducer.id))
        let received = Mutex<[String]>([])
        dataConsumer.events.on { event in
            if case .message(let bytes, let ppid) = event, ppid == 51 {
                received.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
        // The pipe's SCTP association comes up on its own: send until the first message crosses.
        for index in 0..<100 where received.withLock({ $0.isEmpty }) {
            try dataProducer.send(.string("hello \(index)"))
            try await Task.sleep(for: .milliseconds(50))
        }
        try dataProducer.send(.string("last"))
        for _ in 0..<100 where received.withLock({ $0.last != "last" }) { try await Task.sleep(for: .milliseconds(20)) }
        let messages = received.withLock { $0 }
        #expect(messages.last == "last", "messages crossed the servers: \(messages)")
        #expect(messages.allSatisfy { $0 == "last" || $0.hasPrefix("hello ") })

        // Closing the original closes its pipe data producer on the other server, and so the data consumer.
        dataProducer.close()
        for _ in 0..<200 where !dataConsumer.closed { try await Task.sleep(for: .milliseconds(50)) }
        #expect(dataConsumer.closed && piped.pipeDataProducer?.closed == true)
    }

    @Test func pipeToRouterRefusesAsMediasoupDoes() async throws {
        let (cluster, mediasoup) = try Self.cluster("a", "b")
        defer { try? cluster.destroy() }
        let routerA = try await mediasoup.createWorker().createRouter(RouterOptions(mediaCodecs: Self.codecs))
        let routerB = try await mediasoup.createWorker().createRouter(RouterOptions(mediaCodecs: Self.codecs))
        await #expect(throws: TypeError("Producer not found")) {
            try await routerA.pipeToRouter(PipeToRouterOptions(producerId: "nope", router: routerB))
        }
        await #expect(throws: TypeError("cannot use this Router as destination")) {
            try await routerA.pipeToRouter(PipeToRouterOptions(producerId: "nope", router: routerA))
        }
        await #expect(throws: TypeError("missing producerId or dataProducerId")) {
            try await routerA.pipeToRouter(PipeToRouterOptions(router: routerB))
        }
        #expect(routerA.transportsForTesting.isEmpty && routerB.transportsForTesting.isEmpty, "nothing half-made")
    }

    @Test func aServerLeavingClosesItsWorkersAndNewWorkersGoToTheOthers() async throws {
        let (cluster, mediasoup) = try Self.cluster("a", "b")
        defer { try? cluster.destroy() }
        let onA = try await mediasoup.createWorker()
        let onB = try await mediasoup.createWorker()
        let router = try await onB.createRouter(RouterOptions(mediaCodecs: Self.codecs))
        #expect(cluster.remove("b"))
        #expect(onB.closed && router.closed && !onA.closed)
        #expect(cluster.serverNames == ["a"])
        #expect(try await mediasoup.createWorker().pid >> 22 == 1)
        try cluster.add(Self.server("c"))
        #expect(try await mediasoup.createWorker().pid >> 22 == 3, "a new server gets the next worker")
        #expect(!cluster.remove("b"))
    }

    @Test func aServerLostMakesItsWorkersDieAsAWorkerWhoseProcessExited() async throws {
        let (cluster, mediasoup) = try Self.cluster("a", "b")
        defer { try? cluster.destroy() }
        _ = try await mediasoup.createWorker()
        let worker = try await mediasoup.createWorker()
        #expect(cluster.serverName(of: worker) == "b")
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: Self.codecs))
        let order = Mutex<[String]>([])
        router.events.on { if case .workerClose = $0 { order.withLock { $0.append("router workerclose") } } }
        worker.events.on { if case .died(let error) = $0 { order.withLock { $0.append("died: \(error)") } } }
        worker.observer.on { if case .close = $0 { order.withLock { $0.append("worker close") } } }
        #expect(cluster.remove("b", lost: MediasoupError("server b is gone")))
        #expect(order.withLock { $0 } == ["router workerclose", "died: Error: server b is gone", "worker close"])
        #expect(worker.died && worker.closed && router.closed)
    }

    @Test func aDuplicateNameOrAnotherMediasoupVersionIsRefused() async throws {
        let (cluster, mediasoup) = try Self.cluster("a")
        defer { try? cluster.destroy() }
        #expect(throws: TypeError("a server named a is already in the cluster")) { try cluster.add(Self.server("a")) }
        #expect(throws: UnsupportedError.self) {
            try cluster.add(HorizontalServer(name: "old", manager: PlainMediasoupManager(mediasoup: OtherVersion())))
        }
        #expect(cluster.serverNames == ["a"])
        _ = try await mediasoup.createWorker()
    }

    @Test func withNoServerCreateWorkerFailsClearly() async throws {
        let (cluster, mediasoup) = try Self.cluster()
        await #expect(throws: InvalidStateError("no server of the cluster is available to create a worker")) {
            try await mediasoup.createWorker()
        }
        try cluster.destroy()
        #expect(cluster.mediasoup == nil)
    }
}

/// A server of another mediasoup version: refused before it is used.
private final class OtherVersion: MediasoupAPI {
    let version = "2.0.0"
    let observer = EventEmitter<MediasoupObserverEvent>()
    let workerBin = ""
    func createWorker(_ settings: WorkerSettings) async throws -> any Worker {
        throw UnsupportedError("a mediasoup 2 server creates no worker for this cluster")
    }
    func setLogEventListeners(_ listeners: LogEventListeners?) {}
}
