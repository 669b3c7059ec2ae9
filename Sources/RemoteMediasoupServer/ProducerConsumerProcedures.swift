import Mediasoup
import RemoteMediasoupProtocol

/// `Producer.*`.
enum ProducerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.producer().dump()) }
        case RemoteProcedure.getStats:
            return { call in wireJSON(try await call.producer().getStats()) }
        case RemoteProcedure.pause:
            return { call in
                try await call.producer().pause()
                return noValue
            }
        case RemoteProcedure.resume:
            return { call in
                try await call.producer().resume()
                return noValue
            }
        case RemoteProcedure.enableTraceEvent:
            return { call in
                let types = try call.params.required(RemoteParam.types, as: [ProducerTraceEventType].self)
                try await call.producer().enableTraceEvent(types)
                return noValue
            }
        case RemoteProcedure.send:
            return { call in
                try call.producer().send(try call.params.bytes(RemoteParam.packet))
                return noValue
            }
        default:
            return nil
        }
    }
}

/// `Consumer.*`.
enum ConsumerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.consumer().dump()) }
        case RemoteProcedure.getStats:
            return { call in wireJSON(try await call.consumer().getStats()) }
        case RemoteProcedure.pause:
            return { call in
                try await call.consumer().pause()
                return noValue
            }
        case RemoteProcedure.resume:
            return { call in
                try await call.consumer().resume()
                return noValue
            }
        case RemoteProcedure.setPreferredLayers:
            return { call in
                let layers = try call.params.required(RemoteParam.layers, as: ConsumerLayers.self)
                return try await call.consumer().setPreferredLayers(layers).map(wireJSON) ?? noValue
            }
        case RemoteProcedure.setPriority:
            return { call in
                try await call.consumer().setPriority(try call.params.required(RemoteParam.priority))
                return noValue
            }
        case RemoteProcedure.unsetPriority:
            return { call in
                try await call.consumer().unsetPriority()
                return noValue
            }
        case RemoteProcedure.requestKeyFrame:
            return { call in
                try await call.consumer().requestKeyFrame()
                return noValue
            }
        case RemoteProcedure.enableTraceEvent:
            return { call in
                let types = try call.params.required(RemoteParam.types, as: [ConsumerTraceEventType].self)
                try await call.consumer().enableTraceEvent(types)
                return noValue
            }
        default:
            return nil
        }
    }
}
