import Mediasoup
import RemoteMediasoupProtocol

/// `Worker.*` and `WebRtcServer.*`.
enum WorkerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.worker().worker.dump()) }
        case RemoteProcedure.getResourceUsage:
            return { call in wireJSON(try await call.worker().worker.getResourceUsage()) }
        case RemoteProcedure.updateSettings:
            return { call in
                let settings = try call.params.required(RemoteParam.settings, as: WorkerUpdateableSettings.self)
                try await call.worker().worker.updateSettings(settings)
                return noValue
            }
        case RemoteProcedure.createWebRtcServer:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: WebRtcServerOptions.self)
                return try call.created(.webRtcServer(try await call.worker().worker.createWebRtcServer(options)))
            }
        case RemoteProcedure.createRouter:
            return { call in
                let options = try call.params.optional(RemoteParam.options, as: RouterOptions.self)
                return try call.created(.router(try await call.worker().worker.createRouter(options ?? RouterOptions())))
            }
        default:
            return nil
        }
    }
}

enum WebRtcServerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.webRtcServer().dump()) }
        default:
            return nil
        }
    }
}
