import Mediasoup
import MediasoupChannel
import Synchronization

/// A PlainTransport of the local engine: plain RTP/RTCP (optionally SRTP) over
/// UDP sockets the worker binds. Its tuples and SRTP parameters come from the
/// worker (creation, `connect`, `tuple`/`rtcptuple` notifications).
final class LocalPlainTransport: LocalTransport, PlainTransport {
    let core: TransportCore

    struct State {
        var tuple: TransportTuple
        var rtcpTuple: TransportTuple?
        var sctpParameters: SctpParameters?
        var sctpState: SctpState?
        var srtpParameters: SrtpParameters?
    }
    private let state: Mutex<State>

    /// - Throws: ``MediasoupError`` when the worker's dump lacks the tuple.
    init(core: TransportCore, dump: TransportDump) throws {
        guard let tuple = dump.tuple else { throw MediasoupError("PlainTransport dump without tuple") }
        self.core = core
        self.state = Mutex(
            State(
                tuple: tuple, rtcpTuple: dump.rtcpTuple, sctpParameters: dump.sctpParameters,
                sctpState: dump.sctpState, srtpParameters: dump.srtpParameters))
    }

    var tuple: TransportTuple { state.withLock { $0.tuple } }
    var rtcpTuple: TransportTuple? { state.withLock { $0.rtcpTuple } }
    var sctpParameters: SctpParameters? { state.withLock { $0.sctpParameters } }
    var sctpState: SctpState? { state.withLock { $0.sctpState } }
    var srtpParameters: SrtpParameters? { state.withLock { $0.srtpParameters } }

    func kindWillClose() {
        state.withLock { state in
            if state.sctpState != nil { state.sctpState = .closed }
        }
    }

    func connect(_ parameters: PlainTransportConnectParameters) async throws {
        let response = try await core.request(.plainTransportConnect, data: parameters.channelData())
            .decoded(PlainTransportConnectResponse.self)
        state.withLock { state in
            if let tuple = response.tuple { state.tuple = tuple }
            if let rtcpTuple = response.rtcpTuple { state.rtcpTuple = rtcpTuple }
            if let srtpParameters = response.srtpParameters { state.srtpParameters = srtpParameters }
        }
    }

    /// Worker notifications: tuples learned (comedia), SCTP state, trace.
    func handle(_ notification: ChannelNotification) {
        switch notification.event {
        case PlainPipeTransportNotification.tuple:
            guard let tuple = try? notification.data.decoded(TransportTuple.self) else { return }
            state.withLock { $0.tuple = tuple }
            events.emit(.tuple(tuple))
            observer.emit(.tuple(tuple))
        case PlainPipeTransportNotification.rtcpTuple:
            guard let tuple = try? notification.data.decoded(TransportTuple.self) else { return }
            state.withLock { $0.rtcpTuple = tuple }
            events.emit(.rtcpTuple(tuple))
            observer.emit(.rtcpTuple(tuple))
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
}

extension LocalRouter {
    func createPlainTransport(_ options: PlainTransportOptions) async throws -> any PlainTransport {
        let listenInfo = try Self.singleListenInfo(options.listenInfo, options.listenIp, port: options.port)
        var rtcpMux = options.rtcpMux ?? true
        // A separate RTCP socket means no multiplexing (mediasoup logs a warning).
        if rtcpMux, options.rtcpListenInfo != nil { rtcpMux = false }
        let enableSctp = options.enableSctp ?? false
        let core = try makeTransportCore(
            appData: options.appData, maxMessageSize: options.maxSctpMessageSize ?? 262_144)
        let payload = CreatePlainTransportPayload(
            base: TransportBaseOptions(
                transportId: core.id, maxMessageSize: core.maxMessageSize,
                sctp: enableSctp
                    ? .init(
                        numSctpStreams: options.numSctpStreams ?? .default,
                        sendBufferSize: options.sctpSendBufferSize ?? 262_144, isDataChannel: false)
                    : nil),
            listenInfo: listenInfo, rtcpListenInfo: options.rtcpListenInfo, rtcpMux: rtcpMux,
            comedia: options.comedia ?? false, enableSrtp: options.enableSrtp ?? false,
            srtpCryptoSuite: options.srtpCryptoSuite ?? .aesCm128HmacSha1_80)
        let inbox = channel.subscribe(core.id)
        let transport: LocalPlainTransport
        do {
            let dump = try await channel.request(
                .routerCreatePlainTransport, handlerId: id, data: payload.channelData()
            ).decoded(TransportDump.self)
            transport = try LocalPlainTransport(core: core, dump: dump)
        } catch {
            channel.unsubscribe(core.id)
            throw error
        }
        inbox.attach { [weak transport] notification in transport?.handle(notification) }
        addTransport(transport)
        return transport
    }

    /// The one listen info of a plain or pipe transport: exactly one of
    /// `listenInfo` and the deprecated `listenIp` (+ `port`), which becomes UDP.
    /// - Throws: ``TypeError`` when neither or both are given.
    static func singleListenInfo(
        _ listenInfo: TransportListenInfo?, _ listenIp: TransportListenIp?, port: UInt16?
    ) throws -> TransportListenInfo {
        switch (listenInfo, listenIp) {
        case (nil, nil):
            throw TypeError("missing listenInfo and listenIp (one of them is mandatory)")
        case (.some, .some):
            throw TypeError("only one of listenInfo and listenIp must be given")
        case (.some(let listenInfo), nil):
            return listenInfo
        case (nil, .some(let listenIp)):
            return TransportListenInfo(
                protocol: .udp, ip: listenIp.ip, announcedAddress: listenIp.announcedIp, port: port)
        }
    }
}
