import Mediasoup
import ROPE
import RemoteMediasoupProtocol

/// One request being served: the procedure, its target and its params.
struct ProcedureCall: Sendable {
    let server: RemoteMediasoupServer
    /// The client that called.
    let session: RopeSession
    /// What it may see and do.
    let scope: AccessScope
    let procedure: RemoteProcedure
    /// The object the procedure runs on; nil for `Manager` and `Mediasoup` procedures.
    let target: ServedObject?
    let params: ProcedureParams

    /// The target, which the server looked up by the procedure's class.
    func served() throws(RopeErrorObject) -> ServedObject {
        guard let target else { throw .invalidParams("missing params.\(RemoteParam.target)") }
        return target
    }

    private func mismatch() -> RopeErrorObject {
        .unknownTarget(procedure.class, id: target?.id ?? "")
    }

    func worker() throws(RopeErrorObject) -> (worker: any Worker, id: String) {
        guard case .worker(let worker, let id) = try served() else { throw mismatch() }
        return (worker, id)
    }

    func webRtcServer() throws(RopeErrorObject) -> any WebRtcServer {
        guard case .webRtcServer(let object) = try served() else { throw mismatch() }
        return object
    }

    func router() throws(RopeErrorObject) -> any Router {
        guard case .router(let object) = try served() else { throw mismatch() }
        return object
    }

    func transport() throws(RopeErrorObject) -> any Transport {
        guard case .transport(let object) = try served() else { throw mismatch() }
        return object
    }

    /// The target as one kind of transport.
    ///
    /// - Throws: method not found when the transport is of another kind.
    func transport<Kind>(_ kind: Kind.Type) throws(RopeErrorObject) -> Kind {
        let transport = try transport()
        guard let typed = transport as? Kind else {
            throw .notAProcedure(procedure, of: RemoteTransportType.of(transport))
        }
        return typed
    }

    func producer() throws(RopeErrorObject) -> any Producer {
        guard case .producer(let object) = try served() else { throw mismatch() }
        return object
    }

    func consumer() throws(RopeErrorObject) -> any Consumer {
        guard case .consumer(let object) = try served() else { throw mismatch() }
        return object
    }

    func dataProducer() throws(RopeErrorObject) -> any DataProducer {
        guard case .dataProducer(let object) = try served() else { throw mismatch() }
        return object
    }

    func dataConsumer() throws(RopeErrorObject) -> any DataConsumer {
        guard case .dataConsumer(let object) = try served() else { throw mismatch() }
        return object
    }

    func rtpObserver() throws(RopeErrorObject) -> any RtpObserver {
        guard case .rtpObserver(let object) = try served() else { throw mismatch() }
        return object
    }

    /// The snapshot of an object the procedure created under its target; the
    /// calling session receives its high-rate events.
    func created(_ object: ServedObject) throws(RopeErrorObject) -> JSONValue {
        server.created(object, parent: try served().id, by: session)
    }
}

/// Runs one procedure.
typealias ProcedureHandler = @Sendable (ProcedureCall) async throws -> JSONValue
