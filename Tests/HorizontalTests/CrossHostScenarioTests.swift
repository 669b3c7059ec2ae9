import AcceptanceTargets
import ClusterMembership
import Foundation
import Mediasoup
import MediasoupHorizontal
import RemoteMediasoupClient
import Synchronization
import Testing

@testable import AcceptanceSuite

/// Three media servers on three test hosts (network namespaces on a bridge,
/// see ``TestNetwork``), registered in etcd, one cluster following them:
/// a producer on host 0 is consumed on hosts 1 and 2 through pipes that cross
/// hosts; host 2 joins while the room runs and takes the next worker; host 1
/// killed with SIGKILL is forgotten when its lease ends, its worker dies and
/// its consumer's transport closes, while hosts 0 and 2 keep forwarding;
/// host 1 started again rejoins.
@Suite(.serialized, .enabled(if: TestNetwork.isAvailable), .timeLimit(.minutes(3)))
struct CrossHostScenarioTests {
    /// The network, etcd, servers and cluster of the scenario; torn down whatever happens.
    final class Scene: Sendable {
        let network: TestNetwork
        let etcd: EtcdProcess
        let token = UUID().uuidString
        let prefix = "/mafalda-scenario/"
        let servers = Mutex<[Int: RemoteServerProcess]>([:])
        let cluster: MediasoupHorizontal
        let follower: ClusterFollower

        init() async throws {
            network = try TestNetwork(hosts: 3)
            do {
                etcd = try EtcdProcess(host: network.localAddress)
                try await etcd.start()
            } catch {
                network.remove()
                throw error
            }
            cluster = try MediasoupHorizontal()
            let token = token
            follower = ClusterFollower(
                etcd: EtcdClient(endpoint: etcd.endpoint), prefix: prefix, cluster: cluster,
                connect: { record in try await RemoteMediasoupClient.connected(to: record.url, token: token) })
            follower.start()
        }

        /// Starts the server of host `index` in its namespace, registered as `host-<index>`.
        func startServer(_ index: Int) async throws {
            let address = network.address(ofHost: index)
            let server = try await RemoteServerProcess.start(
                host: address, token: token, namespace: network.hosts[index],
                extraArguments: [
                    "--insecure-plain-text-token", "--etcd", etcd.endpoint.absoluteString, "--etcd-prefix", prefix,
                    "--name", "host-\(index)", "--pipe-address", address, "--registration-ttl", "2",
                ])
            servers.withLock { $0[index] = server }
        }

        func kill(_ index: Int) async {
            guard let server = servers.withLock({ $0.removeValue(forKey: index) }) else { return }
            await server.stop(kill: true)
        }

        /// Waits (15 s at most) until the cluster's servers are `names`.
        func servers(become names: [String]) async -> Bool {
            for _ in 0..<300 {
                if cluster.serverNames.sorted() == names { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        func tearDown() async {
            try? cluster.destroy()
            follower.close()
            for server in servers.withLock({ $0.values }) { await server.stop() }
            await etcd.remove()
            network.remove()
        }
    }

    struct Subscriber {
        let peer: UdpPeer
        let transport: any PlainTransport
        let consumer: any Consumer
    }

    @Test func aRoomAcrossThreeHostsSurvivesAServerKilledAndTakesItBack() async throws {
        let scene = try await Scene()
        do {
            try await run(scene)
        } catch {
            await scene.tearDown()
            throw error
        }
        await scene.tearDown()
    }

    private func run(_ scene: Scene) async throws {
        let network = scene.network
        let capture = try FixtureCapture.named("opus.pcap")
        let mediasoup = try #require(scene.cluster.mediasoup)
        try await scene.startServer(0)
        try await scene.startServer(1)
        #expect(await scene.servers(become: ["host-0", "host-1"]))

        let workerA = try await mediasoup.createWorker()
        let workerB = try await mediasoup.createWorker()
        #expect(scene.cluster.serverName(of: workerA) == "host-0" && scene.cluster.serverName(of: workerB) == "host-1")
        let options = RouterOptions(mediaCodecs: [capture.routerCodec])
        let routerA = try await workerA.createRouter(options)
        let routerB = try await workerB.createRouter(options)
        let sendTransport = try await routerA.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: network.address(ofHost: 0)), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))

        // A pipe from host 0 to host 1: each end on its own host's address.
        _ = try await routerA.pipeToRouter(PipeToRouterOptions(producerId: producer.id, router: routerB))
        let pipeEnds = [routerA, routerB].compactMap { $0.transportsForTesting.first { $0 is any PipeTransport } as? any PipeTransport }
        #expect(pipeEnds.map(\.tuple.localAddress) == [network.address(ofHost: 0), network.address(ofHost: 1)])
        let onB = try await subscribe(routerB, host: 1, to: producer, in: network)
        // One sender for the whole room: a comedia transport keeps the first address it hears from.
        let sender = try UdpPeer(host: network.localAddress)
        var sequenceOffset: UInt16 = 0
        try await replay(capture, offset: &sequenceOffset, into: sendTransport, from: sender, of: network, reaching: [onB])

        // Host 2 joins while the room runs and takes the next worker (it has the fewest).
        try await scene.startServer(2)
        #expect(await scene.servers(become: ["host-0", "host-1", "host-2"]))
        let workerC = try await mediasoup.createWorker()
        #expect(scene.cluster.serverName(of: workerC) == "host-2")
        let routerC = try await workerC.createRouter(options)
        _ = try await routerA.pipeToRouter(PipeToRouterOptions(producerId: producer.id, router: routerC))
        let onC = try await subscribe(routerC, host: 2, to: producer, in: network)
        try await replay(capture, offset: &sequenceOffset, into: sendTransport, from: sender, of: network, reaching: [onB, onC])

        // Host 1 killed: forgotten when its lease ends; its worker dies and its consumer's transport closes.
        let transportClosed = Mutex(false)
        onB.transport.observer.on { event in if case .close = event { transportClosed.withLock { $0 = true } } }
        let died = Mutex<String?>(nil)
        workerB.events.on { event in if case .died(let error) = event { died.withLock { $0 = "\(error)" } } }
        await scene.kill(1)
        #expect(await scene.servers(become: ["host-0", "host-2"]), "the cluster forgets host 1")
        #expect(workerB.died && onB.transport.closed && transportClosed.withLock { $0 })
        #expect(died.withLock { $0 }?.contains("host-1") == true)
        #expect(!routerA.closed && !routerC.closed && !producer.closed)
        try await replay(capture, offset: &sequenceOffset, into: sendTransport, from: sender, of: network, reaching: [onC])

        // Host 1 comes back and rejoins; new work can go there again.
        try await scene.startServer(1)
        #expect(await scene.servers(become: ["host-0", "host-1", "host-2"]))
        #expect(scene.cluster.serverName(of: try await mediasoup.createWorker()) == "host-1")
    }

    private func subscribe(_ router: any Router, host: Int, to producer: any Producer, in network: TestNetwork)
        async throws -> Subscriber
    {
        let peer = try UdpPeer(host: network.localAddress)
        let transport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: network.address(ofHost: host))))
        try await transport.connect(PlainTransportConnectParameters(ip: network.localAddress, port: peer.port))
        let consumer = try await transport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        return Subscriber(peer: peer, transport: transport, consumer: consumer)
    }

    /// Sends the capture into host 0's transport, its sequence numbers and
    /// timestamps moved past the previous replay's (a sender going on, not
    /// starting over), and checks every subscriber gets every packet.
    private func replay(
        _ capture: FixtureCapture, offset: inout UInt16, into transport: any PlainTransport, from sender: UdpPeer,
        of network: TestNetwork, reaching subscribers: [Subscriber]
    ) async throws {
        let sent = try capture.datagrams().map { datagram in
            var moved = datagram
            let sequence = (UInt16(moved[2]) << 8 | UInt16(moved[3])) &+ offset
            moved[2] = UInt8(sequence >> 8)
            moved[3] = UInt8(sequence & 0xFF)
            // Timestamps move forward too, 20 ms (960 ticks at 48 kHz) a packet.
            let timestamp = moved[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } &+ UInt32(offset) &* 960
            for index in 0..<4 { moved[4 + index] = UInt8(truncatingIfNeeded: timestamp >> (24 - 8 * index)) }
            return moved
        }
        offset &+= UInt16(sent.count)
        try await ReplayCases.send(
            sent, from: sender, to: transport.tuple.localPort,
            host: network.address(ofHost: 0))
        for subscriber in subscribers {
            let received = subscriber.peer.receiveRTP(upTo: sent.count, quietMilliseconds: 2000)
            try ReplayCases.checkForwarded(received, sent: sent, capture: capture, consumer: subscriber.consumer)
        }
    }
}
