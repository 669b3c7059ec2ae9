import Mediasoup

/// What every virtual transport holds: its real transport (same id, same
/// events: the application sees the real producers and consumers it makes),
/// the real router that transport lives on, and the virtual router it belongs
/// to, which finds the producers it consumes wherever they live.
final class TransportLink: Sendable {
    let real: any Transport
    let realRouter: any Router
    let router: VerticalRouter

    init(real: any Transport, realRouter: any Router, router: VerticalRouter) {
        self.real = real
        self.realRouter = realRouter
        self.router = router
    }

    /// The virtual router closed: the real transport closes, and emits
    /// `routerclose` as mediasoup's does (the real router lives on).
    func closeForRouter() {
        guard !real.closed else { return }
        real.close()
        real.events.emit(.routerClose)
    }
}

/// A transport of a virtual router; the four kinds below add their own
/// members to what this extension forwards.
protocol VerticalTransport: Transport {
    var link: TransportLink { get }
}

extension VerticalTransport {
    var id: String { link.real.id }
    var closed: Bool { link.real.closed }
    var appData: AppData {
        get { link.real.appData }
        set { link.real.appData = newValue }
    }
    var events: EventEmitter<TransportEvent> { link.real.events }
    var observer: EventEmitter<TransportObserverEvent> { link.real.observer }

    func close() { link.real.close() }
    func dump() async throws -> TransportDump { try await link.real.dump() }
    func getStats() async throws -> [TransportStats] { try await link.real.getStats() }
    func setMaxIncomingBitrate(_ bitrate: Int) async throws { try await link.real.setMaxIncomingBitrate(bitrate) }
    func setMaxOutgoingBitrate(_ bitrate: Int) async throws { try await link.real.setMaxOutgoingBitrate(bitrate) }
    func setMinOutgoingBitrate(_ bitrate: Int) async throws { try await link.real.setMinOutgoingBitrate(bitrate) }
    func enableTraceEvent(_ types: [TransportTraceEventType]) async throws {
        try await link.real.enableTraceEvent(types)
    }

    func produce(_ options: ProducerOptions) async throws -> any Producer {
        try await link.router.produce(options, on: link)
    }

    func consume(_ options: ConsumerOptions) async throws -> any Consumer {
        try await link.router.consume(producerId: options.producerId, on: link) {
            try await self.link.real.consume(options)
        }
    }

    func produceData(_ options: DataProducerOptions) async throws -> any DataProducer {
        try await link.router.produceData(options, on: link)
    }

    func consumeData(_ options: DataConsumerOptions) async throws -> any DataConsumer {
        try await link.router.consumeData(options, on: link)
    }
}

final class VerticalWebRtcTransport: VerticalTransport, WebRtcTransport {
    let link: TransportLink
    private let typed: any WebRtcTransport

    init(_ typed: any WebRtcTransport, on realRouter: any Router, of router: VerticalRouter) {
        self.typed = typed
        link = TransportLink(real: typed, realRouter: realRouter, router: router)
    }

    var iceRole: IceRole { typed.iceRole }
    var iceParameters: IceParameters { typed.iceParameters }
    var iceCandidates: [IceCandidate] { typed.iceCandidates }
    var iceState: IceState { typed.iceState }
    var iceSelectedTuple: TransportTuple? { typed.iceSelectedTuple }
    var dtlsParameters: DtlsParameters { typed.dtlsParameters }
    var dtlsState: DtlsState { typed.dtlsState }
    var dtlsRemoteCert: String? { typed.dtlsRemoteCert }
    var sctpParameters: SctpParameters? { typed.sctpParameters }
    var sctpState: SctpState? { typed.sctpState }

    func connect(dtlsParameters: DtlsParameters) async throws { try await typed.connect(dtlsParameters: dtlsParameters) }
    func restartIce() async throws -> IceParameters { try await typed.restartIce() }
}

final class VerticalPlainTransport: VerticalTransport, PlainTransport {
    let link: TransportLink
    private let typed: any PlainTransport

    init(_ typed: any PlainTransport, on realRouter: any Router, of router: VerticalRouter) {
        self.typed = typed
        link = TransportLink(real: typed, realRouter: realRouter, router: router)
    }

    var tuple: TransportTuple { typed.tuple }
    var rtcpTuple: TransportTuple? { typed.rtcpTuple }
    var sctpParameters: SctpParameters? { typed.sctpParameters }
    var sctpState: SctpState? { typed.sctpState }
    var srtpParameters: SrtpParameters? { typed.srtpParameters }

    func connect(_ parameters: PlainTransportConnectParameters) async throws { try await typed.connect(parameters) }
}

final class VerticalPipeTransport: VerticalTransport, PipeTransport {
    let link: TransportLink
    private let typed: any PipeTransport

    init(_ typed: any PipeTransport, on realRouter: any Router, of router: VerticalRouter) {
        self.typed = typed
        link = TransportLink(real: typed, realRouter: realRouter, router: router)
    }

    var tuple: TransportTuple { typed.tuple }
    var sctpParameters: SctpParameters? { typed.sctpParameters }
    var sctpState: SctpState? { typed.sctpState }
    var srtpParameters: SrtpParameters? { typed.srtpParameters }

    func connect(_ parameters: PipeTransportConnectParameters) async throws { try await typed.connect(parameters) }

    func consume(_ options: PipeConsumerOptions) async throws -> any Consumer {
        try await link.router.consume(producerId: options.producerId, on: link) {
            try await self.typed.consume(options)
        }
    }
}

final class VerticalDirectTransport: VerticalTransport, DirectTransport {
    let link: TransportLink
    private let typed: any DirectTransport

    init(_ typed: any DirectTransport, on realRouter: any Router, of router: VerticalRouter) {
        self.typed = typed
        link = TransportLink(real: typed, realRouter: realRouter, router: router)
    }

    func connect() async throws { try await typed.connect() }
    func sendRtcp(_ packet: [UInt8]) throws { try typed.sendRtcp(packet) }
}

extension VerticalWebRtcTransport: EngineNotificationInjecting {
    /// Hands the notification to the real transport (the test hook of mediasoup's suite).
    ///
    /// - Throws: ``TypeError`` when the real transport's engine takes no injected notifications.
    func injectNotificationForTesting(_ notification: EngineNotification) async throws {
        guard let real = link.real as? any EngineNotificationInjecting else {
            throw TypeError("the real transport's engine takes no injected notifications")
        }
        try await real.injectNotificationForTesting(notification)
    }
}
