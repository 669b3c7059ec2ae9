import Mediasoup

// Requests the worker itself handles, and their payloads.

extension ChannelMethod {
    package static let workerClose: Self = "worker.close"
    package static let workerDump: Self = "worker.dump"
    package static let workerGetResourceUsage: Self = "worker.getResourceUsage"
    package static let workerUpdateSettings: Self = "worker.updateSettings"
    package static let workerCreateWebRtcServer: Self = "worker.createWebRtcServer"
    package static let workerCloseWebRtcServer: Self = "worker.closeWebRtcServer"
    package static let workerCreateRouter: Self = "worker.createRouter"
    package static let workerCloseRouter: Self = "worker.closeRouter"
}

/// Notification the worker sends once, when it is ready for requests.
package enum WorkerNotification {
    package static let targetId = "worker"
    package static let running = "running"
}

/// `worker.createRouter`, `worker.closeRouter`.
package struct RouterIdPayload: Sendable, Codable {
    package var routerId: String
    package init(routerId: String) { self.routerId = routerId }
}

/// `worker.createWebRtcServer`.
package struct CreateWebRtcServerPayload: Sendable, Codable {
    package var webRtcServerId: String
    package var listenInfos: [TransportListenInfo]
    package init(webRtcServerId: String, listenInfos: [TransportListenInfo]) {
        self.webRtcServerId = webRtcServerId
        self.listenInfos = listenInfos
    }
}

/// `worker.closeWebRtcServer`.
package struct WebRtcServerIdPayload: Sendable, Codable {
    package var webRtcServerId: String
    package init(webRtcServerId: String) { self.webRtcServerId = webRtcServerId }
}

extension ChannelMethod {
    package static let routerDump: Self = "router.dump"
    package static let webRtcServerDump: Self = "webRtcServer.dump"
}
