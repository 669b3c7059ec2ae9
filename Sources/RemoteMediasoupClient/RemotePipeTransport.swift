import Mediasoup
import RemoteMediasoupProtocol
import Synchronization

/// A PipeTransport of a remote router.
final class RemotePipeTransport: RemoteTransport, PipeTransport {
    let transportCore: RemoteTransportCore

    private struct State {
        var tuple: TransportTuple
        var sctpParameters: SctpParameters?
        var sctpState: SctpState?
        var srtpParameters: SrtpParameters?

        init(_ snapshot: ObjectSnapshot) throws {
            tuple = try snapshot.property("tuple")
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
    var sctpParameters: SctpParameters? { state.withLock { $0.sctpParameters } }
    var sctpState: SctpState? { state.withLock { $0.sctpState } }
    var srtpParameters: SrtpParameters? { state.withLock { $0.srtpParameters } }

    /// Connects, then takes the tuple with its remote address from a dump.
    func connect(_ parameters: PipeTransportConnectParameters) async throws {
        _ = try await core.request(RemoteProcedure.connect, [RemoteParam.options: try RemoteSession.wire(parameters, what: "options")])
        await refreshFromDump { dump in
            guard let tuple = dump.tuple else { return }
            state.withLock { $0.tuple = tuple }
        }
    }

    /// Consumes a producer whole to pipe it (`consumePipe`).
    func consume(_ options: PipeConsumerOptions) async throws -> any Consumer {
        try await create(RemoteProcedure.consumePipe, options, as: RemoteConsumer.self)
    }

    func kindWillClose() {
        state.withLock { state in
            if state.sctpState != nil { state.sctpState = .closed }
        }
    }

    func updateKind(from snapshot: ObjectSnapshot) {
        guard let updated = try? State(snapshot) else {
            core.session.log.warn("ignoring an invalid PipeTransport snapshot [id:\(id)]")
            return
        }
        state.withLock { $0 = updated }
    }
}
