import Mediasoup
import Prometheus
import RemoteMediasoupProtocol
import RemoteMediasoupServer

/// The `/metrics` page in Prometheus's text format, made anew for each scrape
/// from what the server holds, its traffic and its processes' figures.
enum MetricsPage {
    /// The content type of Prometheus's text format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(activity: RemoteMediasoupServerActivity, traffic: Traffic, stats: MediasoupStats?) -> String {
        let metrics = Metrics()
        metrics.gauge("sessions", help: "Clients connected now.").set(Double(activity.sessions))
        for remoteClass in countedClasses {
            metrics.gauge(remoteClass.metricName, help: "Live \(remoteClass.rawValue) objects.")
                .set(Double(activity.objects[remoteClass] ?? 0))
        }
        for (method, count) in activity.requests {
            metrics.counter("requests", help: "Requests answered, by method.", labels: [("method", method)])
                .increment(by: Int64(count))
        }
        for (method, count) in activity.errors {
            metrics.counter(
                "request_errors", help: "Requests answered with an error, by method.", labels: [("method", method)]
            ).increment(by: Int64(count))
        }
        let sumNote = "summed over the live ones, so it falls when they close"
        metrics.gauge("transport_received", unit: "bytes", help: "Bytes received by transports, \(sumNote).")
            .set(Double(traffic.transportBytesReceived))
        metrics.gauge("transport_sent", unit: "bytes", help: "Bytes sent by transports, \(sumNote).")
            .set(Double(traffic.transportBytesSent))
        metrics.gauge("producer_received", unit: "packets", help: "RTP packets received by producers, \(sumNote).")
            .set(Double(traffic.producerPacketsReceived))
        metrics.gauge("consumer_sent", unit: "packets", help: "RTP packets sent by consumers, \(sumNote).")
            .set(Double(traffic.consumerPacketsSent))
        if let stats { addProcessFigures(stats, to: metrics) }
        return metrics.registry.emitToString()
    }

    /// The classes counted, each as a gauge of its own.
    private static let countedClasses: [RemoteClass] = RemoteClass.allCases.filter {
        $0 != .manager && $0 != .mediasoup
    }

    private static func addProcessFigures(_ stats: MediasoupStats, to metrics: Metrics) {
        for (pid, usage) in stats.pidusages ?? [:] {
            let labels = [("pid", pid)]
            metrics.counter("worker_cpu_seconds", help: "CPU time of each worker process.", labels: labels)
                .increment(by: usage.ctime / 1000)
            metrics.gauge(
                "worker_cpu", unit: "ratio", help: "Cores each worker process used over the last sample (1 is one core).",
                labels: labels
            ).set(usage.cpu / 100)
            metrics.gauge("worker_resident", unit: "bytes", help: "Resident memory of each worker process.", labels: labels)
                .set(Double(usage.memory))
        }
        let cpu = stats.process.cpuUsage
        for (mode, microseconds) in [("user", cpu.user), ("system", cpu.system)] {
            metrics.counter(
                "process_cpu_seconds", help: "CPU time of the serving process itself.", labels: [("mode", mode)]
            ).increment(by: microseconds / 1_000_000)
        }
        if let rss = stats.process.memoryUsage["rss"] {
            metrics.gauge("process_resident", unit: "bytes", help: "Resident memory of the serving process itself.")
                .set(Double(rss))
        }
    }

    /// A registry whose metrics are all named `mafalda_…`.
    private struct Metrics {
        let registry = PrometheusCollectorRegistry()

        func gauge(_ name: String, unit: String = "", help: String, labels: [(String, String)] = []) -> Gauge {
            registry.makeGauge(descriptor: descriptor(name, unit: unit, help: help), labels: labels)
        }

        /// A counter: its name ends in `_total`.
        func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
            registry.makeCounter(descriptor: descriptor(name, unit: "total", help: help), labels: labels)
        }

        private func descriptor(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "mafalda", metricName: name, unitName: unit, helpText: help)
        }
    }
}

extension RemoteClass {
    /// The class in a metric's name: `Router` as `routers`, `WebRtcServer` as `webrtc_servers`.
    var metricName: String {
        switch self {
        case .manager: "managers"
        case .mediasoup: "mediasoups"
        case .worker: "workers"
        case .webRtcServer: "webrtc_servers"
        case .router: "routers"
        case .transport: "transports"
        case .producer: "producers"
        case .consumer: "consumers"
        case .dataProducer: "data_producers"
        case .dataConsumer: "data_consumers"
        case .rtpObserver: "rtp_observers"
        }
    }
}
