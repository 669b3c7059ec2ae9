import Mediasoup
import RemoteMediasoupProtocol

/// `Router.*`.
enum RouterProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.dump:
            return { call in wireJSON(try await call.router().dump()) }
        case RemoteProcedure.createWebRtcTransport:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: RemoteWebRtcTransportOptions.self)
                let webRtcServer = try options.webRtcServerId.map { id in
                    try call.server.webRtcServer(id, field: "params.options.webRtcServerId")
                }
                let transport = try await call.router().createWebRtcTransport(
                    options.contractOptions(webRtcServer: webRtcServer))
                return try call.created(.transport(transport))
            }
        case RemoteProcedure.createPlainTransport:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: PlainTransportOptions.self)
                return try call.created(.transport(try await call.router().createPlainTransport(options)))
            }
        case RemoteProcedure.createPipeTransport:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: PipeTransportOptions.self)
                return try call.created(.transport(try await call.router().createPipeTransport(options)))
            }
        case RemoteProcedure.createDirectTransport:
            return { call in
                let options = try call.params.optional(RemoteParam.options, as: DirectTransportOptions.self)
                let transport = try await call.router().createDirectTransport(options ?? DirectTransportOptions())
                return try call.created(.transport(transport))
            }
        case RemoteProcedure.createActiveSpeakerObserver:
            return { call in
                let options = try call.params.optional(RemoteParam.options, as: ActiveSpeakerObserverOptions.self)
                let observer = try await call.router().createActiveSpeakerObserver(
                    options ?? ActiveSpeakerObserverOptions())
                return try call.created(.rtpObserver(observer))
            }
        case RemoteProcedure.createAudioLevelObserver:
            return { call in
                let options = try call.params.optional(RemoteParam.options, as: AudioLevelObserverOptions.self)
                let observer = try await call.router().createAudioLevelObserver(options ?? AudioLevelObserverOptions())
                return try call.created(.rtpObserver(observer))
            }
        case RemoteProcedure.pipeToRouter:
            return { call in
                let options = try call.params.required(RemoteParam.options, as: RemotePipeToRouterOptions.self)
                try call.scope.authorize(call.procedure, routerId: options.routerId ?? call.router().id)
                let destination = try options.routerId.map { id in
                    try call.server.router(id, field: "params.options.routerId")
                }
                let result = try await call.router().pipeToRouter(options.contractOptions(router: destination))
                return call.server.snapshots(of: result)
            }
        case RemoteProcedure.updateMediaCodecs:
            return { call in
                let mediaCodecs = try call.params.required(RemoteParam.mediaCodecs, as: [RtpCodecCapability].self)
                try call.router().updateMediaCodecs(mediaCodecs)
                return noValue
            }
        default:
            return nil
        }
    }
}
