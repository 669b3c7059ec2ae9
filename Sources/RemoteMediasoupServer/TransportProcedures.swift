import Mediasoup
import ROPE
import RemoteMediasoupProtocol

/// `Transport.*`, the procedures of one kind of transport included.
enum TransportProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.transport().dump()) }
        case RemoteProcedure.getStats:
            return { call in wireJSON(try await call.transport().getStats()) }
        case RemoteProcedure.setMaxIncomingBitrate:
            return { call in
                try await call.transport().setMaxIncomingBitrate(try call.params.required(RemoteParam.bitrate))
                return noValue
            }
        case RemoteProcedure.setMaxOutgoingBitrate:
            return { call in
                try await call.transport().setMaxOutgoingBitrate(try call.params.required(RemoteParam.bitrate))
                return noValue
            }
        case RemoteProcedure.setMinOutgoingBitrate:
            return { call in
                try await call.transport().setMinOutgoingBitrate(try call.params.required(RemoteParam.bitrate))
                return noValue
            }
        case RemoteProcedure.enableTraceEvent:
            return { call in
                let types = try call.params.required(RemoteParam.types, as: [TransportTraceEventType].self)
                try await call.transport().enableTraceEvent(types)
                return noValue
            }
        case RemoteProcedure.produce:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: ProducerOptions.self)
                return try call.created(.producer(try await call.transport().produce(options)))
            }
        case RemoteProcedure.consume:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: ConsumerOptions.self)
                return try call.created(.consumer(try await call.transport().consume(options)))
            }
        case RemoteProcedure.produceData:
            return { call in
                let options = try call.params.optional(RemoteParam.options, as: DataProducerOptions.self)
                let dataProducer = try await call.transport().produceData(options ?? DataProducerOptions())
                return try call.created(.dataProducer(dataProducer))
            }
        case RemoteProcedure.consumeData:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: DataConsumerOptions.self)
                return try call.created(.dataConsumer(try await call.transport().consumeData(options)))
            }
        case RemoteProcedure.connect:
            return connect
        case RemoteProcedure.restartIce:
            return { call in wireJSON(try await call.transport((any WebRtcTransport).self).restartIce()) }
        case RemoteProcedure.consumePipe:
            return { call in
                let pipeTransport = try call.transport((any PipeTransport).self)
                let options = try call.params.required(RemoteParam.options, as: PipeConsumerOptions.self)
                return try call.created(.consumer(try await pipeTransport.consume(options)))
            }
        case RemoteProcedure.sendRtcp:
            return { call in
                let directTransport = try call.transport((any DirectTransport).self)
                try directTransport.sendRtcp(try call.params.bytes(RemoteParam.packet))
                return noValue
            }
        default:
            return nil
        }
    }

    /// `connect`, with the params of the transport's kind.
    private static let connect: ProcedureHandler = { call in
        switch try call.transport() {
        case let transport as any WebRtcTransport:
            let dtlsParameters = try call.params.required(RemoteParam.dtlsParameters, as: DtlsParameters.self)
            try await transport.connect(dtlsParameters: dtlsParameters)
        case let transport as any PlainTransport:
            try await transport.connect(
                try call.params.required(RemoteParam.options, as: PlainTransportConnectParameters.self))
        case let transport as any PipeTransport:
            try await transport.connect(
                try call.params.required(RemoteParam.options, as: PipeTransportConnectParameters.self))
        case let transport as any DirectTransport:
            try await transport.connect()
        case let transport:
            throw RopeErrorObject.notAProcedure(call.procedure, of: RemoteTransportType.of(transport))
        }
        return noValue
    }
}
