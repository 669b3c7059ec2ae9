import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A PlainTransport of a remote router.
final class RemotePlainTransport: RemoteTransport, PlainTransport {
    let transportCore: RemoteTransportCore

    private struct State {
        var tuple: TransportTuple
        var rtcpTuple: TransportTuple?
        var sctpParameters: SctpParameters?
        var sctpState: SctpState?
        var srtpParameters: SrtpParameters?

        init(_ snapshot: ObjectSnapshot) throws {
            tuple = try snapshot.property("tuple")
            rtcpTuple = try snapshot.optionalProperty("rtcpTuple")
            sctpParameters = try snapshot.optionalProperty("sctpParameters")
            sctpState = try snapshot.optionalProperty("sctpState")
            srtpParameters = try snapshot.optionalProperty("srtpParameters")
        }
    }
    private let state: Mutex<State>

    init(snapshot: ObjectSnapshot, router: RemoteRouter, session: RemoteSession) throws {
        self.transportCore = RemoteTransportCore(snapshot: snapshot, router: router, session: session)
        self.state = Mutex(try State(snapshot))
    }

    var tuple: TransportTuple { state.withLock { $0.tuple } }
    var rtcpTuple: TransportTuple? { state.withLock { $0.rtcpTuple } }
    var sctpParameters: SctpParameters? { state.withLock { $0.sctpParameters } }
    var sctpState: SctpState? { state.withLock { $0.sctpState } }
    var srtpParameters: SrtpParameters? { state.withLock { $0.srtpParameters } }

    /// Connects, then takes the tuples and SRTP parameters the worker settled on from a dump.
    func connect(_ parameters: PlainTransportConnectParameters) async throws {
        _ = try await core.request(RemoteProcedure.connect, [RemoteParam.options: try RemoteSession.wire(parameters, what: "options")])
        await refreshFromDump { dump in
            state.withLock { state in
                if let tuple = dump.tuple { state.tuple = tuple }
                if let rtcpTuple = dump.rtcpTuple { state.rtcpTuple = rtcpTuple }
                if let srtpParameters = dump.srtpParameters { state.srtpParameters = srtpParameters }
            }
        }
    }

    func kindWillClose() {
        state.withLock { state in
            if state.sctpState != nil { state.sctpState = .closed }
        }
    }

    func updateKind(from snapshot: ObjectSnapshot) {
        guard let updated = try? State(snapshot) else {
            core.session.log.warn("ignoring an invalid PlainTransport snapshot [id:\(id)]")
            return
        }
        state.withLock { $0 = updated }
    }
}
