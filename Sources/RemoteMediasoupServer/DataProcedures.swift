import Mediasoup
import RemoteMediasoupProtocol

/// `DataProducer.*`.
enum DataProducerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.dataProducer().dump()) }
        case RemoteProcedure.getStats:
            return { call in wireJSON(try await call.dataProducer().getStats()) }
        case RemoteProcedure.pause:
            return { call in
                try await call.dataProducer().pause()
                return noValue
            }
        case RemoteProcedure.resume:
            return { call in
                try await call.dataProducer().resume()
                return noValue
            }
        case RemoteProcedure.send:
            return { call in
                try call.dataProducer().send(
                    try call.params.dataMessage(RemoteParam.message),
                    ppid: try call.params.optional(RemoteParam.ppid),
                    subchannels: try call.params.optional(RemoteParam.subchannels),
                    requiredSubchannel: try call.params.optional(RemoteParam.requiredSubchannel))
                return noValue
            }
        default:
            return nil
        }
    }
}

/// `DataConsumer.*`.
enum DataConsumerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.dataConsumer().dump()) }
        case RemoteProcedure.getStats:
            return { call in wireJSON(try await call.dataConsumer().getStats()) }
        case RemoteProcedure.pause:
            return { call in
                try await call.dataConsumer().pause()
                return noValue
            }
        case RemoteProcedure.resume:
            return { call in
                try await call.dataConsumer().resume()
                return noValue
            }
        case RemoteProcedure.setBufferedAmountLowThreshold:
            return { call in
                try await call.dataConsumer().setBufferedAmountLowThreshold(
                    try call.params.required(RemoteParam.threshold))
                return noValue
            }
        case RemoteProcedure.send:
            return { call in
                try await call.dataConsumer().send(
                    try call.params.dataMessage(RemoteParam.message), ppid: try call.params.optional(RemoteParam.ppid))
                return noValue
            }
        case RemoteProcedure.getBufferedAmount:
            return { call in .number(Double(try await call.dataConsumer().getBufferedAmount())) }
        case RemoteProcedure.setSubchannels:
            return { call in
                try await call.dataConsumer().setSubchannels(try call.params.required(RemoteParam.subchannels))
                return noValue
            }
        case RemoteProcedure.addSubchannel:
            return { call in
                try await call.dataConsumer().addSubchannel(try call.params.required(RemoteParam.subchannel))
                return noValue
            }
        case RemoteProcedure.removeSubchannel:
            return { call in
                try await call.dataConsumer().removeSubchannel(try call.params.required(RemoteParam.subchannel))
                return noValue
            }
        default:
            return nil
        }
    }
}

/// `RtpObserver.*`.
enum RtpObserverProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.pause:
            return { call in
                try await call.rtpObserver().pause()
                return noValue
            }
        case RemoteProcedure.resume:
            return { call in
                try await call.rtpObserver().resume()
                return noValue
            }
        case RemoteProcedure.addProducer:
            return { call in
                try await call.rtpObserver().addProducer(producerId: try call.params.required(RemoteParam.producerId))
                return noValue
            }
        case RemoteProcedure.removeProducer:
            return { call in
                try await call.rtpObserver().removeProducer(
                    producerId: try call.params.required(RemoteParam.producerId))
                return noValue
            }
        default:
            return nil
        }
    }
}
