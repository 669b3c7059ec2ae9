#if canImport(Glibc)
import Glibc
#endif
import DTLS
import Mediasoup
import MediasoupChannel
import NIOCore

/// The worker: its routers and WebRTC servers, the registry of every entity,
/// and the dispatch of channel messages. Lives on the worker's one event loop.
final class WorkerRuntime {
    let eventLoop: any EventLoop
    let settings: WorkerCommandLine.Settings
    let certificate: DtlsIdentity
    /// The packet buffers and send batching of every socket (MediaPlane/MediaPlane.swift).
    let media = MediaPlane()
    /// usrsctp's timers, while some transport's SCTP association runs.
    private(set) lazy var sctpTicker = SctpTicker(eventLoop: eventLoop)
    private(set) var handlers = HandlerRegistry()
    private var notificationHandlers: [String: any NotificationHandler] = [:]
    private var routers: [String: WorkerRouter] = [:]
    private var routerOrder: [String] = []
    private var webRtcServers: [String: WorkerWebRtcServer] = [:]
    private var webRtcServerOrder: [String] = []
    private var logLevel: WorkerLogLevel
    private var logTags: [WorkerLogTag]

    /// Where outgoing messages go (the channel pipe); nil once it closed.
    var output: ((ChannelMessage) -> Void)?

    init(eventLoop: any EventLoop, settings: WorkerCommandLine.Settings) throws {
        self.eventLoop = eventLoop
        self.settings = settings
        self.logLevel = settings.logLevel
        self.logTags = settings.logTags
        self.certificate = try DtlsIdentity.worker(settings)
    }

    // MARK: Channel

    /// Handles one received frame.
    func receive(_ payload: [UInt8]) {
        let message: ChannelMessage
        do {
            message = try ChannelMessage(payload: payload)
        } catch {
            log(.warn, "dropping malformed channel message: \(error)")
            return
        }
        switch message {
        case .request(let request):
            output?(.response(respond(to: request)))
        case .notification(let notification):
            do {
                try notificationHandlers[notification.targetId]?.handle(notification)
            } catch {
                log(.warn, "notification \(notification.event) for \(notification.targetId) failed: \(error)")
            }
        case .response:
            log(.warn, "dropping unexpected response on the worker channel")
        }
    }

    /// Sends a notification to the library.
    func notify(targetId: String, event: String, data: JSONValue? = nil) {
        output?(.notification(ChannelNotification(targetId: targetId, event: event, data: data)))
    }

    private func respond(to request: ChannelRequest) -> ChannelResponse {
        do {
            let data: JSONValue?
            if let handlerId = request.handlerId {
                guard let handler = handlers.handler(for: handlerId) else {
                    throw MediasoupError("Channel request handler with ID \(handlerId) not found")
                }
                data = try handler.handle(request)
            } else {
                data = try handle(request)
            }
            return .accepted(request.id, data: data)
        } catch let error as any MediasoupContractError {
            return .rejected(request.id, error: error.kind, reason: "\(error.message) [method:\(request.method)]")
        } catch {
            return .rejected(request.id, error: .error, reason: "\(error) [method:\(request.method)]")
        }
    }

    // MARK: Registry

    func register(_ id: String, _ handler: any RequestHandler) throws {
        try handlers.register(id, handler)
        if let notificationHandler = handler as? any NotificationHandler {
            notificationHandlers[id] = notificationHandler
        }
    }

    func unregister(_ id: String) {
        handlers.unregister(id)
        notificationHandlers.removeValue(forKey: id)
    }

    // MARK: Worker requests

    private func handle(_ request: ChannelRequest) throws -> JSONValue? {
        switch request.method {
        case .workerDump:
            return try WorkerDump(
                pid: Int(getpid()),
                webRtcServerIds: webRtcServerOrder,
                routerIds: routerOrder,
                channelMessageHandlers: .init(channelRequestHandlers: handlers.ids, channelNotificationHandlers: [])
            ).channelData()

        case .workerGetResourceUsage:
            return try resourceUsage().channelData()

        case .workerUpdateSettings:
            let update = try request.payload(WorkerUpdateableSettings.self)
            if let level = update.logLevel { logLevel = level }
            if let tags = update.logTags { logTags = tags }
            return nil

        case .workerCreateRouter:
            let payload = try request.payload(RouterIdPayload.self)
            let router = WorkerRouter(id: payload.routerId, runtime: self)
            try register(payload.routerId, router)
            routers[payload.routerId] = router
            routerOrder.append(payload.routerId)
            return nil

        case .workerCloseRouter:
            let payload = try request.payload(RouterIdPayload.self)
            guard let router = routers.removeValue(forKey: payload.routerId) else {
                throw MediasoupError("Router not found [id:\(payload.routerId)]")
            }
            routerOrder.removeAll { $0 == payload.routerId }
            router.close()
            unregister(payload.routerId)
            return nil

        case .workerCreateWebRtcServer:
            let payload = try request.payload(CreateWebRtcServerPayload.self)
            let server = try WorkerWebRtcServer(id: payload.webRtcServerId, listenInfos: payload.listenInfos, runtime: self)
            do {
                try register(payload.webRtcServerId, server)
            } catch {
                server.close()
                throw error
            }
            webRtcServers[payload.webRtcServerId] = server
            webRtcServerOrder.append(payload.webRtcServerId)
            return nil

        case .workerCloseWebRtcServer:
            let payload = try request.payload(WebRtcServerIdPayload.self)
            guard let server = webRtcServers.removeValue(forKey: payload.webRtcServerId) else {
                throw MediasoupError("WebRtcServer not found [id:\(payload.webRtcServerId)]")
            }
            webRtcServerOrder.removeAll { $0 == payload.webRtcServerId }
            server.close()
            unregister(payload.webRtcServerId)
            return nil

        case .workerClose:
            for id in routerOrder { routers[id]?.close() }
            for id in webRtcServerOrder { webRtcServers[id]?.close() }
            return nil

        default:
            throw MediasoupError("unknown method '\(request.method)'")
        }
    }

    /// The WebRTC server with this id, for transports that listen through it.
    func webRtcServer(_ id: String) -> WorkerWebRtcServer? { webRtcServers[id] }

    // MARK: Logging

    func log(_ level: WorkerLogLevel, _ line: @autoclosure () -> String) {
        let rank: [WorkerLogLevel: Int] = [.debug: 0, .warn: 1, .error: 2, .none: 3]
        guard let wanted = rank[logLevel], let given = rank[level], given >= wanted, level != .none else { return }
        WorkerLog.write("mediasoup-worker[\(getpid())] \(level.rawValue): \(line())")
    }

    private func resourceUsage() -> WorkerResourceUsage {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
        return WorkerResourceUsage(
            ru_utime: milliseconds(usage.ru_utime), ru_stime: milliseconds(usage.ru_stime),
            ru_maxrss: Int(usage.ru_maxrss), ru_ixrss: Int(usage.ru_ixrss), ru_idrss: Int(usage.ru_idrss),
            ru_isrss: Int(usage.ru_isrss), ru_minflt: Int(usage.ru_minflt), ru_majflt: Int(usage.ru_majflt),
            ru_nswap: Int(usage.ru_nswap), ru_inblock: Int(usage.ru_inblock), ru_oublock: Int(usage.ru_oublock),
            ru_msgsnd: Int(usage.ru_msgsnd), ru_msgrcv: Int(usage.ru_msgrcv), ru_nsignals: Int(usage.ru_nsignals),
            ru_nvcsw: Int(usage.ru_nvcsw), ru_nivcsw: Int(usage.ru_nivcsw))
    }
}
