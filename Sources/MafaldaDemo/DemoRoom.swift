import Mediasoup

/// The demo's one room: a router, and for each peer a WebRtcTransport per
/// direction, its producers and its consumers of the other peers' producers.
///
/// Peers are browser tabs (the page in `Resources/web`); ``DemoSignalling``
/// turns their JSON requests into these calls. A peer that sends nothing for
/// ``idlePeerTimeout`` (its tab closed without saying so) is removed by
/// ``removeIdlePeers(now:)``.
public actor DemoRoom {
    /// The codecs of the demo's router: Opus and VP8, what the page sends.
    public static let mediaCodecs = [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
    ]

    /// How long a peer may stay silent (no request at all) before it is removed.
    public static let idlePeerTimeout: Duration = .seconds(45)

    /// The most peers in the room at once; more are refused.
    public static let maxPeers = 32

    /// The room's router.
    public nonisolated let router: any Router
    private let listenInfo: TransportListenInfo
    private var peers: [String: DemoPeer] = [:]
    private var nextPeerNumber = 1
    /// Bumped when a producer is added or removed; long polls wait for it to change.
    private var version = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    /// A room on `router` whose WebRtcTransports listen with `listenInfo` (UDP, an IP, an announced address).
    public init(router: any Router, listenInfo: TransportListenInfo) {
        self.router = router
        self.listenInfo = listenInfo
    }

    /// Every producer in the room, for tests and operators.
    public var producers: [any Producer] {
        peers.values.flatMap { $0.producers.values }
    }

    /// The ids of the peers in the room.
    public var peerIds: [String] { peers.keys.sorted() }

    // MARK: Peer requests

    /// Adds a peer; returns its id.
    ///
    /// - Throws: ``DemoRequestError/roomFull`` with ``maxPeers`` peers in the room.
    func join(now: ContinuousClock.Instant) throws -> String {
        guard peers.count < Self.maxPeers else { throw DemoRequestError.roomFull(Self.maxPeers) }
        let id = "p\(nextPeerNumber)"
        nextPeerNumber += 1
        peers[id] = DemoPeer(id: id, lastSeen: now)
        return id
    }

    /// Makes a WebRtcTransport for the peer to send or receive on.
    func createTransport(
        peerId: String, direction: DemoTransportDirection, now: ContinuousClock.Instant
    ) async throws -> any WebRtcTransport {
        try touch(peerId, now: now)
        let transport = try await router.createWebRtcTransport(WebRtcTransportOptions(listenInfos: [listenInfo]))
        guard peers[peerId] != nil else {
            transport.close()
            throw DemoRequestError.unknownPeer(peerId)
        }
        peers[peerId]?.transports[transport.id] = transport
        if direction == .recv { peers[peerId]?.recvTransportId = transport.id }
        return transport
    }

    /// Gives the peer's DTLS parameters to its transport.
    func connectTransport(
        peerId: String, transportId: String, dtlsParameters: DtlsParameters, now: ContinuousClock.Instant
    ) async throws {
        try await transport(transportId, of: peerId, now: now).connect(dtlsParameters: dtlsParameters)
    }

    /// Makes a producer on the peer's transport; every other peer's long poll learns of it.
    func produce(
        peerId: String, transportId: String, kind: MediaKind, rtpParameters: RtpParameters,
        now: ContinuousClock.Instant
    ) async throws -> any Producer {
        let transport = try transport(transportId, of: peerId, now: now)
        let producer = try await transport.produce(ProducerOptions(kind: kind, rtpParameters: rtpParameters))
        guard peers[peerId] != nil else {
            producer.close()
            throw DemoRequestError.unknownPeer(peerId)
        }
        peers[peerId]?.producers[producer.id] = producer
        producer.observer.on { [weak self] event in
            guard case .close = event, let self else { return }
            Task { await self.forget(producerId: producer.id, of: peerId) }
        }
        changed()
        return producer
    }

    /// Makes a paused consumer of `producerId` on the peer's receiving transport (the page
    /// resumes it once its track is set up).
    func consume(
        peerId: String, producerId: String, rtpCapabilities: RtpCapabilities, now: ContinuousClock.Instant
    ) async throws -> any Consumer {
        let peer = try touch(peerId, now: now)
        guard let transport = peer.recvTransportId.flatMap({ peer.transports[$0] }) else {
            throw DemoRequestError.noReceivingTransport(peerId)
        }
        guard router.canConsume(producerId: producerId, rtpCapabilities: rtpCapabilities) else {
            throw DemoRequestError.cannotConsume(producerId)
        }
        let consumer = try await transport.consume(
            ConsumerOptions(producerId: producerId, rtpCapabilities: rtpCapabilities, paused: true))
        guard peers[peerId] != nil else {
            consumer.close()
            throw DemoRequestError.unknownPeer(peerId)
        }
        peers[peerId]?.consumers[consumer.id] = consumer
        consumer.observer.on { [weak self] event in
            guard case .close = event, let self else { return }
            Task { await self.forget(consumerId: consumer.id, of: peerId) }
        }
        return consumer
    }

    /// Resumes one of the peer's consumers.
    func resumeConsumer(peerId: String, consumerId: String, now: ContinuousClock.Instant) async throws {
        guard let consumer = try touch(peerId, now: now).consumers[consumerId] else {
            throw DemoRequestError.unknownConsumer(consumerId)
        }
        try await consumer.resume()
    }

    /// The other peers' producers, once the room's version differs from `knownVersion` or
    /// `timeout` has passed (a long poll).
    func producers(
        for peerId: String, knownVersion: Int, timeout: Duration, clock: ContinuousClock
    ) async throws -> (version: Int, producers: [DemoProducerInfo]) {
        try touch(peerId, now: clock.now)
        if version == knownVersion { await waitForChange(timeout: timeout) }
        try touch(peerId, now: clock.now)
        let others = peers.values.filter { $0.id != peerId }.flatMap { peer in
            peer.producers.values.map { DemoProducerInfo(id: $0.id, peerId: peer.id, kind: $0.kind) }
        }
        return (version, others.sorted { ($0.peerId, $0.id) < ($1.peerId, $1.id) })
    }

    /// Removes the peer: closes its transports (so its producers, and the other peers'
    /// consumers of them, close too).
    func leave(peerId: String) {
        guard let peer = peers.removeValue(forKey: peerId) else { return }
        for transport in peer.transports.values { transport.close() }
        if !peer.producers.isEmpty { changed() }
    }

    /// Removes the peers silent for longer than ``idlePeerTimeout``.
    public func removeIdlePeers(now: ContinuousClock.Instant) {
        for peer in peers.values where now - peer.lastSeen > Self.idlePeerTimeout {
            leave(peerId: peer.id)
        }
    }

    /// Removes every peer and ends the long polls.
    public func close() {
        for id in peers.keys { leave(peerId: id) }
        changed()
    }

    // MARK: Helpers

    @discardableResult
    private func touch(_ peerId: String, now: ContinuousClock.Instant) throws -> DemoPeer {
        guard var peer = peers[peerId] else { throw DemoRequestError.unknownPeer(peerId) }
        peer.lastSeen = now
        peers[peerId] = peer
        return peer
    }

    private func transport(
        _ transportId: String, of peerId: String, now: ContinuousClock.Instant
    ) throws -> any WebRtcTransport {
        guard let transport = try touch(peerId, now: now).transports[transportId] else {
            throw DemoRequestError.unknownTransport(transportId)
        }
        return transport
    }

    private func forget(producerId: String, of peerId: String) {
        guard peers[peerId]?.producers.removeValue(forKey: producerId) != nil else { return }
        changed()
    }

    private func forget(consumerId: String, of peerId: String) {
        peers[peerId]?.consumers.removeValue(forKey: consumerId)
    }

    /// A producer came or went: bump the version and answer every long poll.
    private func changed() {
        version += 1
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume() }
    }

    private func waitForChange(timeout: Duration) async {
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.wake(id)
        }
        await withCheckedContinuation { continuation in waiters[id] = continuation }
        timer.cancel()
    }

    private func wake(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}

/// A producer of another peer, as the page's long poll lists it.
public struct DemoProducerInfo: Sendable, Hashable {
    /// The producer's id.
    public var id: String
    /// The id of the peer that sends it.
    public var peerId: String
    /// `audio` or `video`.
    public var kind: MediaKind
}
