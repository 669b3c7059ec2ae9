import Foundation
import Mediasoup
import RemoteMediasoupServer
import Synchronization

/// What the status port shows: `/metrics` for Prometheus and `/health` for
/// an orchestrator's probes (200 while the server serves, 503 once it stops
/// or while its engine is unavailable, such as a proxy whose upstream is away).
final class StatusPages: Sendable {
    /// A page's answer.
    struct Page: Sendable, Equatable {
        var status: Int
        var contentType: String
        var body: String
    }

    private let service: RemoteMediasoupServer
    private let manager: any MediasoupManager
    private let stopping = Atomic<Bool>(false)

    init(service: RemoteMediasoupServer, manager: any MediasoupManager) {
        self.service = service
        self.manager = manager
    }

    /// From now on `/health` says the server is stopping.
    func beginStopping() {
        stopping.store(true, ordering: .relaxed)
    }

    /// The page at `path` (its query ignored); 404 for any other.
    func page(at path: String) async -> Page {
        switch path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path {
        case "/metrics": await metrics()
        case "/health": health()
        default: Page(status: 404, contentType: "text/plain; charset=utf-8", body: "not found: try /metrics or /health\n")
        }
    }

    private func metrics() async -> Page {
        let activity = service.activity()
        let traffic = await Traffic.measure(service.mediaObjects())
        let stats = try? await manager.getStats()
        return Page(
            status: 200, contentType: MetricsPage.contentType,
            body: MetricsPage.render(activity: activity, traffic: traffic, stats: stats))
    }

    private func health() -> Page {
        let activity = service.activity()
        let status =
            if stopping.load(ordering: .relaxed) || service.closed { "stopping" }
            else if manager.mediasoup == nil { "unavailable" }
            else { "ok" }
        let body = """
            {"status":"\(status)","workers":\(activity.objects[.worker] ?? 0),"sessions":\(activity.sessions)}

            """
        return Page(status: status == "ok" ? 200 : 503, contentType: "application/json", body: body)
    }
}
