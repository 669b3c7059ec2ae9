import Foundation
import Mediasoup
import MediasoupChannel
import Synchronization

/// A router of the local engine. Keeps the router's transports, producers and
/// RTP observers so it can find producers for `consume`, `canConsume` and `pipeToRouter`.
final class LocalRouter: Router {
    let id: String
    let events = EventEmitter<RouterEvent>()
    let observer = EventEmitter<RouterObserverEvent>()
    let channel: WorkerChannel
    private let onClose: @Sendable (LocalRouter) -> Void

    struct State {
        var closed = false
        var appData: AppData
        var rtpCapabilities: RtpCapabilities
        var transports: [String: any RouterChild] = [:]
        var transportOrder: [String] = []
        var rtpObservers: [String: any RouterChild] = [:]
        var producers: [String: any Producer] = [:]
        var dataProducers: [String: any DataProducer] = [:]
    }
    let state: Mutex<State>

    init(
        id: String, rtpCapabilities: RtpCapabilities, channel: WorkerChannel, appData: AppData,
        onClose: @escaping @Sendable (LocalRouter) -> Void
    ) {
        self.id = id
        self.channel = channel
        self.onClose = onClose
        self.state = Mutex(State(appData: appData, rtpCapabilities: rtpCapabilities))
    }

    var closed: Bool { state.withLock { $0.closed } }
    var rtpCapabilities: RtpCapabilities { state.withLock { $0.rtpCapabilities } }
    var appData: AppData {
        get { state.withLock { $0.appData } }
        set { state.withLock { $0.appData = newValue } }
    }
    var transportsForTesting: [any Transport] {
        state.withLock { state in state.transportOrder.compactMap { state.transports[$0] as? any Transport } }
    }

    func close() {
        guard let children = markClosed() else { return }
        let id = self.id
        let channel = self.channel
        startImmediately { _ = try? await channel.request(.workerCloseRouter, data: RouterIdPayload(routerId: id).channelData()) }
        for child in children { child.routerClosed() }
        observer.emit(.close)
        onClose(self)
    }

    /// The worker closed: the router closes with `workerclose`.
    func workerClosed() {
        guard let children = markClosed() else { return }
        for child in children { child.routerClosed() }
        events.emit(.workerClose)
        observer.emit(.close)
    }

    func dump() async throws -> RouterDump {
        try await channel.request(.routerDump, handlerId: id).decoded(RouterDump.self)
    }

    func canConsume(producerId: String, rtpCapabilities: RtpCapabilities) -> Bool {
        guard let producer = producer(producerId) else { return false }
        return (try? ORTC.canConsume(producer.consumableRtpParameters, capabilities: rtpCapabilities)) ?? false
    }

    func updateMediaCodecs(_ mediaCodecs: [RtpCodecCapability]) throws {
        let capabilities = try ORTC.generateRouterRtpCapabilities(mediaCodecs: mediaCodecs)
        state.withLock { $0.rtpCapabilities = capabilities }
    }

    // MARK: Bookkeeping used by the router's children

    func producer(_ id: String) -> (any Producer)? { state.withLock { $0.producers[id] } }
    func dataProducer(_ id: String) -> (any DataProducer)? { state.withLock { $0.dataProducers[id] } }

    func addProducer(_ producer: any Producer) { state.withLock { $0.producers[producer.id] = producer } }
    func removeProducer(_ id: String) { _ = state.withLock { $0.producers.removeValue(forKey: id) } }
    func addDataProducer(_ producer: any DataProducer) { state.withLock { $0.dataProducers[producer.id] = producer } }
    func removeDataProducer(_ id: String) { _ = state.withLock { $0.dataProducers.removeValue(forKey: id) } }

    /// Registers a new transport and announces it (`observer.newtransport`).
    func addTransport(_ transport: any Transport & RouterChild) {
        state.withLock { state in
            state.transports[transport.id] = transport
            state.transportOrder.append(transport.id)
        }
        observer.emit(.newTransport(transport))
    }

    func removeTransport(_ id: String) {
        state.withLock { state in
            state.transports.removeValue(forKey: id)
            state.transportOrder.removeAll { $0 == id }
        }
    }

    /// Registers a new RTP observer and announces it (`observer.newrtpobserver`).
    func addRtpObserver(_ rtpObserver: any RtpObserver & RouterChild) {
        state.withLock { $0.rtpObservers[rtpObserver.id] = rtpObserver }
        observer.emit(.newRtpObserver(rtpObserver))
    }

    func removeRtpObserver(_ id: String) { _ = state.withLock { $0.rtpObservers.removeValue(forKey: id) } }

    /// Marks the router closed and hands back its children to close, transports first.
    private func markClosed() -> [any RouterChild]? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            let children = state.transportOrder.compactMap { state.transports[$0] } + Array(state.rtpObservers.values)
            state.transports = [:]
            state.transportOrder = []
            state.rtpObservers = [:]
            state.producers = [:]
            state.dataProducers = [:]
            return children
        }
    }

    /// The core of a new transport of this router, subscribed to its notifications.
    func makeTransportCore(appData: AppData?, maxMessageSize: Int) throws -> TransportCore {
        TransportCore(
            id: UUID().uuidString.lowercased(), channel: channel, router: self, appData: appData ?? [:],
            maxMessageSize: maxMessageSize)
    }
}

/// Something a router holds (a transport or an RTP observer) that closes with it.
protocol RouterChild: AnyObject, Sendable {
    var id: String { get }
    /// The router closed: close without a request to the worker, emit `routerclose`.
    func routerClosed()
}
