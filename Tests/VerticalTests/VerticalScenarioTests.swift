import Foundation
import Mediasoup
import MediasoupGetStats
import MediasoupLocal
import MediasoupVertical
import Synchronization
import Testing

@testable import AcceptanceSuite

#if canImport(Glibc)
import Glibc
#endif

/// A vertical router on real worker processes, with placement forced to
/// spread (watermark 0) over a cap of 2 workers: media reaches consumers on
/// every real worker, unused workers are released, the host cap holds across
/// managers, a killed worker takes only what lived on it, and a failed
/// creation leaves nothing behind.
@Suite(.serialized) struct VerticalScenarioTests {
    /// A vertical engine over a local engine whose real workers the test can see.
    final class Rig: Sendable {
        let engine = LocalMediasoup()
        let vertical: MediasoupVertical
        let realWorkers = Mutex<[any Worker]>([])
        let manager: LoadOverridingManager

        init(hostWorkerSet: HostWorkerSet, watermark: Double = 0, maxWorkers: Int = 2) throws {
            manager = LoadOverridingManager(PlainMediasoupManager(mediasoup: engine))
            vertical = try MediasoupVertical(
                manager: manager,
                options: VerticalOptions(
                    maxWorkers: maxWorkers, watermarkWorker: watermark, hostWorkerSet: hostWorkerSet, loadRefresh: .zero))
            engine.observer.on { [weak self] event in
                if case .newWorker(let worker) = event { self?.realWorkers.withLock { $0.append(worker) } }
            }
        }

        var mediasoup: any MediasoupAPI {
            get throws { try #require(vertical.mediasoup) }
        }

        var liveRealWorkers: [any Worker] { realWorkers.withLock { $0.filter { !$0.closed } } }

        /// Waits (5 s at most) until `condition` holds on the census.
        func census(until condition: @escaping ((workers: Int, routers: Int, pipes: Int)) -> Bool) async
            -> (workers: Int, routers: Int, pipes: Int)?
        {
            for _ in 0..<100 {
                if let census = await vertical.census(), condition(census) { return census }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return await vertical.census()
        }

        func destroy() async {
            try? vertical.destroy()
            _ = await census { $0.workers == 0 }
            for worker in realWorkers.withLock({ $0 }) { worker.close() }
        }
    }

    /// A manager whose getStats reports the CPU loads the test sets (the
    /// machine's own would make placement depend on its noise).
    final class LoadOverridingManager: MediasoupManager {
        private let inner: PlainMediasoupManager
        private let loads = Mutex<[Int: Double]>([:])

        init(_ inner: PlainMediasoupManager) { self.inner = inner }

        func setLoad(_ cpu: Double, pid: Int) { loads.withLock { $0[pid] = cpu } }

        var mediasoup: (any MediasoupAPI)? { inner.mediasoup }
        var events: EventEmitter<ManagerEvent> { inner.events }
        var destroyed: Bool { inner.destroyed }
        func destroy() throws { try inner.destroy() }

        func getStats() async throws -> MediasoupStats? {
            guard var stats = try await inner.getStats() else { return nil }
            let loads = loads.withLock { $0 }
            for key in (stats.pidusages ?? [:]).keys {
                stats.pidusages?[key]?.cpu = Int(key).flatMap { loads[$0] } ?? 0
            }
            return stats
        }
    }

    /// A virtual worker and router for opus.pcap, and a producer of it on a comedia PlainTransport.
    static func opusProducer(on rig: Rig) async throws -> (any Router, any PlainTransport, any Producer) {
        let capture = try FixtureCapture.named("opus.pcap")
        let router = try await rig.mediasoup.createWorker().createRouter(
            RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: .audio, rtpParameters: capture.producerRtpParameters))
        return (router, sendTransport, producer)
    }

    static func freshWorkerSet() -> HostWorkerSet {
        HostWorkerSet(path: "\(NSTemporaryDirectory())mafalda-vertical-tests-\(UUID().uuidString)/workers")
    }

    struct Subscriber {
        let peer: UdpPeer
        let transport: any PlainTransport
        let consumer: any Consumer
    }

    static func subscribe(_ router: any Router, to producer: any Producer) async throws -> Subscriber {
        let peer = try UdpPeer()
        let transport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await transport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: peer.port))
        let consumer = try await transport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        return Subscriber(peer: peer, transport: transport, consumer: consumer)
    }

    /// Sends the capture to the producer and checks that every subscriber gets every packet, byte-identical.
    /// Each subscriber's socket holds what arrives meanwhile (a capture is far below its buffer); they
    /// are read after the sending, one by one, so no blocking read holds a thread of the cooperative pool
    /// while the sender needs one.
    static func replay(
        _ capture: FixtureCapture, into port: UInt16, reaching subscribers: [Subscriber]
    ) async throws {
        let sent = try capture.datagrams()
        try await ReplayCases.send(sent, from: try UdpPeer(), to: port)
        for subscriber in subscribers {
            let received = subscriber.peer.receiveRTP(upTo: sent.count, quietMilliseconds: 2000)
            try ReplayCases.checkForwarded(received, sent: sent, capture: capture, consumer: subscriber.consumer)
        }
    }

    @Test func aBusyWorkerSendsNewConsumersToASecondOneAndClosingThemReleasesIt() async throws {
        let rig = try Rig(hostWorkerSet: Self.freshWorkerSet(), watermark: 60)
        let capture = try FixtureCapture.named("opus.pcap")
        let worker = try await rig.mediasoup.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        var first: [Subscriber] = []
        for _ in 0..<20 { first.append(try await Self.subscribe(router, to: producer)) }
        let concentrated = try #require(await rig.vertical.census())
        #expect(concentrated.workers == 1 && concentrated.pipes == 0, "under the watermark, one real worker takes all")

        // The manager's getStats now says the first real worker is at 90 % of a core.
        let busy = try #require(rig.liveRealWorkers.first)
        rig.manager.setLoad(90, pid: busy.pid)
        var second: [Subscriber] = []
        for _ in 0..<20 { second.append(try await Self.subscribe(router, to: producer)) }
        let spread = try #require(await rig.vertical.census())
        #expect(spread.workers == 2, "above the watermark, a second real worker takes the new consumers")
        #expect(spread.pipes == 1, "the producer is piped once to the other real router, not once per consumer")

        try await Self.replay(capture, into: sendTransport.tuple.localPort, reaching: first + second)

        for subscriber in second { subscriber.transport.close() }
        let released = try #require(await rig.census { $0.workers == 1 && $0.pipes == 0 })
        #expect(released.workers == 1, "the extra real worker is closed once nothing uses it")
        #expect(released.pipes == 0)
        #expect(!router.closed && !producer.closed)
        await rig.destroy()
        #expect(rig.liveRealWorkers.isEmpty)
    }

    @Test func twoManagersOnOneHostNeverHoldMoreRealWorkersThanTheCap() async throws {
        let shared = Self.freshWorkerSet()
        let first = try Rig(hostWorkerSet: shared)
        let second = try Rig(hostWorkerSet: shared)
        let codecs = [RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)]
        let routerA = try await first.mediasoup.createWorker().createRouter(RouterOptions(mediaCodecs: codecs))
        let routerB = try await second.mediasoup.createWorker().createRouter(RouterOptions(mediaCodecs: codecs))
        // Both want to spread (watermark 0); the file keeps them at 2 real workers together.
        for _ in 0..<4 {
            _ = try await routerA.createDirectTransport()
            _ = try await routerB.createDirectTransport()
        }
        #expect(first.liveRealWorkers.count + second.liveRealWorkers.count == 2)
        #expect(try shared.entries().count == 2)
        // A third manager finds no slot and says so.
        let third = try Rig(hostWorkerSet: shared)
        await #expect(throws: MediasoupError.self) { _ = try await third.mediasoup.createWorker() }
        await first.destroy()
        await second.destroy()
        #expect(try shared.entries().isEmpty)
        await third.destroy()
    }

    @Test func killingARealWorkerLeavesTheRoomWorkingElsewhereAndNewConsumersLandOnLivingWorkers() async throws {
        let rig = try Rig(hostWorkerSet: Self.freshWorkerSet())
        let capture = try FixtureCapture.named("opus.pcap")
        let worker = try await rig.mediasoup.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        var subscribers: [Subscriber] = []
        for _ in 0..<6 { subscribers.append(try await Self.subscribe(router, to: producer)) }
        #expect(rig.liveRealWorkers.count == 2)

        // Kill the real worker that does not hold the producer's transport.
        let victim = try #require(
            rig.liveRealWorkers.first { real in
                !real.routersForTesting.contains { $0.transportsForTesting.contains { $0.id == sendTransport.id } }
            })
        let onVictim = subscribers.filter { subscriber in
            victim.routersForTesting.contains { $0.transportsForTesting.contains { $0.id == subscriber.transport.id } }
        }.count
        #expect(onVictim > 0 && onVictim < subscribers.count, "the consumers spread over both real workers")
        #expect(kill(pid_t(victim.pid), SIGKILL) == 0)
        _ = await rig.census { $0.workers == 1 }
        let survivors = subscribers.filter { !$0.transport.closed }
        #expect(survivors.count == subscribers.count - onVictim, "the consumers on the killed worker closed; the others live")
        #expect(!router.closed && !producer.closed && !worker.closed)

        // New consumers go to living (or new) real workers and receive the media.
        var late: [Subscriber] = []
        for _ in 0..<2 { late.append(try await Self.subscribe(router, to: producer)) }
        #expect(!rig.liveRealWorkers.contains { $0 === victim })
        try await Self.replay(capture, into: sendTransport.tuple.localPort, reaching: survivors + late)
        await rig.destroy()
    }

    @Test func aTransportThatFailsAfterPlacementLeavesNoRealRouterOrWorkerBehind() async throws {
        let rig = try Rig(hostWorkerSet: Self.freshWorkerSet())
        let router = try await rig.mediasoup.createWorker().createRouter()
        let before = try #require(await rig.vertical.census())
        #expect(before.workers == 1)
        // Placement (watermark 0) starts a second worker and a router on it; the
        // transport itself is refused there (an address that is not local).
        await #expect(throws: (any Error).self) {
            _ = try await router.createPlainTransport(
                PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "192.0.2.1")))
        }
        let after = try #require(await rig.census { $0.workers == before.workers && $0.routers == before.routers })
        #expect(after.workers == before.workers)
        #expect(after.routers == before.routers)
        // The router still works.
        _ = try await router.createDirectTransport()
        await rig.destroy()
    }

    @Test func aConsumerRefusedAfterItsPipeWasMadeLeavesNoPipeBehind() async throws {
        let rig = try Rig(hostWorkerSet: Self.freshWorkerSet())
        // Spreading (watermark 0): the producer's and the consumer's transports land on different real workers.
        let (router, _, producer) = try await Self.opusProducer(on: rig)
        let receiveTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        #expect(try #require(await rig.vertical.census()).workers == 2)
        // The producer is piped to the consumer's real router, then the real consume refuses
        // (capabilities without its codec): the failure reaches the caller and the pipe goes.
        await #expect(throws: (any Error).self) {
            _ = try await receiveTransport.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: RtpCapabilities(codecs: [])))
        }
        let unpiped = try #require(await rig.census { $0.pipes == 0 })
        #expect(unpiped.pipes == 0, "no pipe outlives the refused consumer")
        // A consumer with the router's capabilities is piped again and works.
        let consumer = try await receiveTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        #expect(try #require(await rig.vertical.census()).pipes == 1)
        consumer.close()
        #expect(try #require(await rig.census { $0.pipes == 0 }).pipes == 0)
        await rig.destroy()
    }

    @Test func anAudioLevelObserverHearsAProducerThatLivesOnAnotherRealWorker() async throws {
        let rig = try Rig(hostWorkerSet: Self.freshWorkerSet())
        let capture = try FixtureCapture.named("opus.pcap")
        // Spreading (watermark 0): the producer's transport starts a second real worker; the
        // observer lives on the router's home real router, on the first.
        let (router, sendTransport, producer) = try await Self.opusProducer(on: rig)
        let observer = try await router.createAudioLevelObserver(
            AudioLevelObserverOptions(maxEntries: 1, threshold: -70, interval: 250))
        try await observer.addProducer(producerId: producer.id)
        let census = try #require(await rig.vertical.census())
        #expect(census.workers == 2 && census.pipes == 1, "the producer is piped to the observer's real router")

        let loud = Mutex<[Double]>([])
        let foreign = Mutex(0)
        observer.events.on { event in
            guard case .volumes(let volumes) = event else { return }
            for volume in volumes {
                if (volume.producer as AnyObject) === (producer as AnyObject) {
                    loud.withLock { $0.append(volume.volume) }
                } else {
                    foreign.withLock { $0 += 1 }
                }
            }
        }
        try await FixtureCapture.sendPaced(try capture.timedDatagrams(), from: try UdpPeer(), to: sendTransport.tuple.localPort)
        try await Task.sleep(for: .milliseconds(600))
        let volumes = loud.withLock { $0 }
        #expect(volumes.contains { (-12.0 ... -6.0).contains($0) }, "about -9 dBov during the first tone (got \(volumes))")
        #expect(foreign.withLock { $0 } == 0, "volumes name the application's producer object")

        try await observer.removeProducer(producerId: producer.id)
        let unpiped = try #require(await rig.census { $0.pipes == 0 })
        #expect(unpiped.pipes == 0, "removing the producer closes its pipe")
        await rig.destroy()
    }
}
