import Mediasoup
import ROPE
import RemoteMediasoupProtocol

extension RemoteProcedure {
    /// What runs this procedure; nil when the class has no such procedure.
    var handler: ProcedureHandler? {
        let own: ProcedureHandler? =
            switch self.class {
            case .manager: ManagerProcedures.handler(name)
            case .mediasoup: MediasoupProcedures.handler(name)
            case .worker: WorkerProcedures.handler(name)
            case .webRtcServer: WebRtcServerProcedures.handler(name)
            case .router: RouterProcedures.handler(name)
            case .transport: TransportProcedures.handler(name)
            case .producer: ProducerProcedures.handler(name)
            case .consumer: ConsumerProcedures.handler(name)
            case .dataProducer: DataProducerProcedures.handler(name)
            case .dataConsumer: DataConsumerProcedures.handler(name)
            case .rtpObserver: RtpObserverProcedures.handler(name)
            }
        if let own { return own }
        return self.class == .manager || self.class == .mediasoup ? nil : ObjectProcedures.handler(name)
    }
}

/// The answer of procedures without a value.
let noValue = JSONValue.null

/// `Manager.*`.
enum ManagerProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.getStats:
            return { call in
                guard let stats = try await call.server.statsSource?() else { return noValue }
                return wireJSON(stats)
            }
        default:
            return nil
        }
    }
}

/// `Mediasoup.*`.
enum MediasoupProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.createWorker.name:
            return { call in
                let settings = try call.params.optional(RemoteParam.settings, as: WorkerSettings.self)
                try CertificatePaths.check(settings, directory: call.server.options.certificateDirectory)
                let worker = try await call.server.mediasoup.createWorker(settings ?? WorkerSettings())
                return try call.server.ownWorkerCreated(worker, by: call.session)
            }
        default:
            return nil
        }
    }
}

/// The procedures of every class of object: `close`, `setAppData`, `injectNotificationForTesting`.
enum ObjectProcedures {
    static func handler(_ name: String) -> ProcedureHandler? {
        switch name {
        case RemoteProcedure.close:
            return { call in
                try call.served().close()
                return noValue
            }
        case RemoteProcedure.setAppData:
            return { call in
                let appData = try call.params.required(RemoteParam.appData, as: AppData.self)
                try call.served().appData = appData
                return noValue
            }
        case RemoteProcedure.subscribe, RemoteProcedure.unsubscribe:
            return { call in
                let subscribed = call.procedure.name == RemoteProcedure.subscribe
                call.server.setHighRateSubscription(subscribed, of: try call.served(), for: call.session)
                return noValue
            }
        case RemoteProcedure.injectNotificationForTesting:
            return { call in
                guard call.server.options.allowTestHooks else {
                    throw InvalidStateError(
                        "\(call.procedure.method) refused: this server was not started with test hooks")
                }
                let target = try call.served()
                let wire = try call.params.required(RemoteParam.notification, as: RemoteEngineNotification.self)
                let notification: EngineNotification
                do throws(TypeError) {
                    notification = try wire.engineNotification(for: target.remoteClass)
                } catch {
                    throw RopeErrorObject.invalidParams("invalid params.\(RemoteParam.notification): \(error.message)")
                }
                guard let injecting = target.object as? any EngineNotificationInjecting else {
                    throw TypeError("\(target.remoteClass.rawValue) \(target.id) does not take engine notifications")
                }
                try await injecting.injectNotificationForTesting(notification)
                return noValue
            }
        default:
            return nil
        }
    }
}
