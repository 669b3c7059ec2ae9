import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A router of a remote worker. `canConsume()` and `updateMediaCodecs()`
/// are answered here with the contract's ORTC, from the proxies' state.
final class RemoteRouter: Router, RemoteProxy {
    let core: ProxyCore
    let worker: RemoteWorker
    let events = EventEmitter<RouterEvent>()
    let observer = EventEmitter<RouterObserverEvent>()

    private struct State {
        var rtpCapabilities: RtpCapabilities
        var transports: [any RemoteTransport] = []
        var rtpObservers: [any RemoteRtpObserver] = []
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, worker: RemoteWorker, session: RemoteSession) throws {
        self.core = ProxyCore(snapshot: snapshot, parent: worker, session: session)
        self.worker = worker
        self.state = Mutex(State(rtpCapabilities: try snapshot.property("rtpCapabilities")))
    }

    var rtpCapabilities: RtpCapabilities { state.withLock { $0.rtpCapabilities } }
    var transportsForTesting: [any Transport] { state.withLock { $0.transports } }

    // MARK: Closing

    func close() {
        guard core.markClosed() else { return }
        closeChildren()
        worker.release(self)
        observer.emit(.close)
        finish()
        core.send(RemoteProcedure.close)
    }

    /// The worker closed: `workerclose`.
    func closeWithParent() {
        guard core.markClosed() else { return }
        closeChildren()
        worker.release(self)
        events.emit(.workerClose)
        observer.emit(.close)
        finish()
    }

    /// Transports first, then RTP observers, each with `routerclose`.
    private func closeChildren() {
        let children = state.withLock { state -> [any RemoteProxy] in
            defer {
                state.transports = []
                state.rtpObservers = []
            }
            return state.transports as [any RemoteProxy] + state.rtpObservers
        }
        for child in children { child.closeWithParent() }
    }

    // MARK: Requests

    func dump() async throws -> RouterDump {
        try await core.request(RemoteProcedure.dump, as: RouterDump.self)
    }

    func createWebRtcTransport(_ options: WebRtcTransportOptions) async throws -> any WebRtcTransport {
        if let server = options.webRtcServer, !(server is RemoteWebRtcServer) {
            throw TypeError("webRtcServer is not a WebRtcServer of this remote client")
        }
        return try await create(
            RemoteProcedure.createWebRtcTransport, RemoteWebRtcTransportOptions(options), as: RemoteWebRtcTransport.self)
    }

    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport {
        try await create(RemoteProcedure.createPlainTransport, options, as: RemotePlainTransport.self)
    }

    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport {
        try await create(RemoteProcedure.createPipeTransport, options, as: RemotePipeTransport.self)
    }

    func createDirectTransport(_ options: DirectTransportOptions) async throws -> any DirectTransport {
        let transport = try await create(RemoteProcedure.createDirectTransport, options, as: RemoteDirectTransport.self)
        transport.created(with: options)
        return transport
    }

    func createActiveSpeakerObserver(_ options: ActiveSpeakerObserverOptions) async throws
        -> any ActiveSpeakerObserver
    {
        try await create(RemoteProcedure.createActiveSpeakerObserver, options, as: RemoteActiveSpeakerObserver.self)
    }

    func createAudioLevelObserver(_ options: AudioLevelObserverOptions) async throws
        -> any AudioLevelObserver
    {
        try await create(RemoteProcedure.createAudioLevelObserver, options, as: RemoteAudioLevelObserver.self)
    }

    func pipeToRouter(_ options: PipeToRouterOptions) async throws -> PipeToRouterResult {
        let answer = try await core.request(
            RemoteProcedure.pipeToRouter,
            [RemoteParam.options: try RemoteSession.wire(RemotePipeToRouterOptions(options), what: "options")],
            as: RemotePipeToRouterResult.self)
        let session = core.session
        let result = PipeToRouterResult(
            pipeConsumer: try answer.pipeConsumer.map { try session.proxy(for: $0) as? RemoteConsumer } ?? nil,
            pipeProducer: try answer.pipeProducer.map { try session.proxy(for: $0) as? RemoteProducer } ?? nil,
            pipeDataConsumer: try answer.pipeDataConsumer.map { try session.proxy(for: $0) as? RemoteDataConsumer }
                ?? nil,
            pipeDataProducer: try answer.pipeDataProducer.map { try session.proxy(for: $0) as? RemoteDataProducer }
                ?? nil)
        session.pipeLinks.link(result)
        return result
    }

    private func create<P>(_ procedure: String, _ options: some Encodable, as type: P.Type) async throws -> P {
        try await core.create(procedure, [RemoteParam.options: try RemoteSession.wire(options, what: "options")], as: P.self)
    }

    // MARK: Answered here

    func canConsume(producerId: String, rtpCapabilities: RtpCapabilities) -> Bool {
        guard let producer = producer(producerId) else { return false }
        return (try? ORTC.canConsume(producer.consumableRtpParameters, capabilities: rtpCapabilities)) ?? false
    }

    /// Replaces the codecs here at once and on the server (fire-and-forget).
    func updateMediaCodecs(_ mediaCodecs: [RtpCodecCapability]) throws {
        let capabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)
        let wire = try RemoteSession.wire(mediaCodecs, what: "mediaCodecs")
        state.withLock { $0.rtpCapabilities = capabilities }
        core.send(RemoteProcedure.updateMediaCodecs, [RemoteParam.mediaCodecs: wire])
    }

    /// The open producer of this router with this id.
    func producer(_ id: String) -> RemoteProducer? {
        let transports = state.withLock { $0.transports }
        for transport in transports {
            if let producer = transport.transportCore.producer(id) { return producer }
        }
        return nil
    }

    // MARK: The graph

    var childProxies: [any RemoteProxy] {
        state.withLock { state in state.transports as [any RemoteProxy] + state.rtpObservers }
    }

    func adopt(_ child: any RemoteProxy) {
        state.withLock { state in
            if let transport = child as? any RemoteTransport, !state.transports.contains(where: { $0 === transport }) {
                state.transports.append(transport)
            } else if let rtpObserver = child as? any RemoteRtpObserver,
                !state.rtpObservers.contains(where: { $0 === rtpObserver })
            {
                state.rtpObservers.append(rtpObserver)
            }
        }
    }

    func release(_ child: any RemoteProxy) {
        state.withLock { state in
            state.transports.removeAll { $0 === child }
            state.rtpObservers.removeAll { $0 === child }
        }
    }

    func announce(_ child: any RemoteProxy) {
        if let transport = child as? any RemoteTransport {
            observer.emit(.newTransport(transport))
        } else if let rtpObserver = child as? any RemoteRtpObserver {
            observer.emit(.newRtpObserver(rtpObserver))
        }
    }

    func update(from snapshot: ObjectSnapshot) {
        guard let capabilities: RtpCapabilities = try? snapshot.property("rtpCapabilities") else { return }
        state.withLock { $0.rtpCapabilities = capabilities }
    }

    func emit(_ notification: EventNotification) {
        if !notification.observer {
            switch eventName(notification, in: RouterEventName.self) {
            case .workerClose?: events.emit(.workerClose)
            case nil: break
            }
            return
        }
        switch eventName(notification, in: RouterObserverEventName.self) {
        case .close?:
            observer.emit(.close)
        case .newTransport?, .newRtpObserver?:
            if let child = child(notification.data, as: (any RemoteProxy).self) { announce(child) }
        case nil:
            break
        }
    }
}
