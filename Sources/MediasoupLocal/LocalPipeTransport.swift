import Mediasoup
import MediasoupChannel
import Synchronization

/// A PipeTransport of the local engine: RTP (optionally SRTP with
/// AEAD_AES_256_GCM) and SCTP between two routers over one UDP socket.
final class LocalPipeTransport: LocalTransport, PipeTransport {
    let core: TransportCore
    /// Whether RTX flows over the pipe (pipe consumers keep their RTX codecs and SSRCs).
    let rtx: Bool

    struct State {
        var tuple: TransportTuple
        var sctpParameters: SctpParameters?
        var sctpState: SctpState?
        var srtpParameters: SrtpParameters?
    }
    private let state: Mutex<State>

    /// - Throws: ``MediasoupError`` when the worker's dump lacks the tuple.
    init(core: TransportCore, dump: TransportDump) throws {
        guard let tuple = dump.tuple else { throw MediasoupError("PipeTransport dump without tuple") }
        self.core = core
        self.rtx = dump.rtx ?? false
        self.state = Mutex(
            State(
                tuple: tuple, sctpParameters: dump.sctpParameters, sctpState: dump.sctpState,
                srtpParameters: dump.srtpParameters))
    }

    var tuple: TransportTuple { state.withLock { $0.tuple } }
    var sctpParameters: SctpParameters? { state.withLock { $0.sctpParameters } }
    var sctpState: SctpState? { state.withLock { $0.sctpState } }
    var srtpParameters: SrtpParameters? { state.withLock { $0.srtpParameters } }

    func kindWillClose() {
        state.withLock { state in
            if state.sctpState != nil { state.sctpState = .closed }
        }
    }

    func connect(_ parameters: PipeTransportConnectParameters) async throws {
        let response = try await core.request(.pipeTransportConnect, data: parameters.channelData())
            .decoded(PipeTransportConnectResponse.self)
        state.withLock { $0.tuple = response.tuple }
    }

    /// Worker notifications: SCTP state, trace.
    func handle(_ notification: ChannelNotification) {
        switch notification.event {
        case TransportNotification.sctpStateChange:
            guard let sctpState = try? notification.data.decoded(TransportNotification.SctpStateChange.self).sctpState
            else { return }
            state.withLock { $0.sctpState = sctpState }
            events.emit(.sctpStateChange(sctpState))
            observer.emit(.sctpStateChange(sctpState))
        case TransportNotification.trace:
            guard let trace = try? notification.data.decoded(TransportTraceEventData.self) else { return }
            events.emit(.trace(trace))
            observer.emit(.trace(trace))
        default:
            break
        }
    }

    /// Consumes a producer of the router whole (every encoding) to pipe it:
    /// parameters from ``ORTC/getPipeConsumerRtpParameters(consumableRtpParameters:enableRtx:)``
    /// with this transport's RTX flag, type `pipe`, score `{10, 10, []}`.
    ///
    /// - Throws: ``TypeError`` for an empty producer id; ``MediasoupError``
    ///   when the producer is not in the router.
    func consume(_ options: PipeConsumerOptions) async throws -> any Consumer {
        guard !options.producerId.isEmpty else { throw TypeError("missing producerId") }
        guard let producer = core.router.producer(options.producerId) else {
            throw MediasoupError("Producer with id \"\(options.producerId)\" not found")
        }
        let rtpParameters = ORTC.getPipeConsumerRtpParameters(
            consumableRtpParameters: producer.consumableRtpParameters, enableRtx: rtx)
        return try await createConsumer(
            of: producer, rtpParameters: rtpParameters, type: .pipe, paused: false, preferredLayers: nil,
            ignoreDtx: false, appData: options.appData ?? [:],
            score: ConsumerScore(score: 10, producerScore: 10, producerScores: []))
    }

    /// mediasoup's PipeTransport overrides `consume()`: the pipe form, whatever
    /// capabilities are given (a pipe consumer takes every codec and encoding).
    func consume(_ options: ConsumerOptions) async throws -> any Consumer {
        try await consume(PipeConsumerOptions(producerId: options.producerId, appData: options.appData))
    }
}

extension LocalRouter {
    func createPipeTransport(_ options: PipeTransportOptions) async throws -> any PipeTransport {
        let listenInfo = try Self.singleListenInfo(options.listenInfo, options.listenIp, port: options.port)
        let enableSctp = options.enableSctp ?? false
        let core = try makeTransportCore(
            appData: options.appData, maxMessageSize: options.maxSctpMessageSize ?? 268_435_456)
        let payload = CreatePipeTransportPayload(
            base: TransportBaseOptions(
                transportId: core.id, maxMessageSize: core.maxMessageSize,
                sctp: enableSctp
                    ? .init(
                        numSctpStreams: options.numSctpStreams ?? .default,
                        sendBufferSize: options.sctpSendBufferSize ?? 268_435_456, isDataChannel: false)
                    : nil),
            listenInfo: listenInfo, enableRtx: options.enableRtx ?? false, enableSrtp: options.enableSrtp ?? false)
        let inbox = channel.subscribe(core.id)
        let transport: LocalPipeTransport
        do {
            let dump = try await channel.request(
                .routerCreatePipeTransport, handlerId: id, data: payload.channelData()
            ).decoded(TransportDump.self)
            transport = try LocalPipeTransport(core: core, dump: dump)
        } catch {
            channel.unsubscribe(core.id)
            throw error
        }
        inbox.attach { [weak transport] notification in transport?.handle(notification) }
        addTransport(transport)
        return transport
    }
}
