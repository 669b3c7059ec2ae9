// The control-plane figures of `mafalda-bench` (its default mode).

import Foundation
import Mediasoup
import MediasoupLocal

struct ControlPlaneOptions {
    var transports = 1000
    var roundTrips = 2000
    var workers = 10

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--transports": transports = iterator.next().flatMap(Int.init) ?? transports
            case "--round-trips": roundTrips = iterator.next().flatMap(Int.init) ?? roundTrips
            case "--workers": workers = iterator.next().flatMap(Int.init) ?? workers
            default: break
            }
        }
    }
}

/// createWorker time, request round trips, N WebRtcTransports with a producer
/// and a consumer each, and the worker's memory per transport, producer and consumer.
func runControlPlaneBenchmark(_ arguments: [String]) async throws {
    let options = ControlPlaneOptions(arguments)
    let mediasoup = LocalMediasoup()

    // createWorker
    var startTimes: [Double] = []
    for _ in 0..<options.workers {
        let start = now()
        let worker = try await mediasoup.createWorker()
        startTimes.append(Double(now() - start) / 1e6)
        worker.close()
    }
    startTimes.sort()
    row("createWorker p50 / p99", format(percentile(startTimes, 50), "ms") + " / " + format(percentile(startTimes, 99), "ms"))

    let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    let router = try await worker.createRouter(
        RouterOptions(mediaCodecs: [RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)]))

    // Request round trips
    for (name, request) in [
        ("worker.dump()", { _ = try await worker.dump() }),
        ("router.dump()", { _ = try await router.dump() }),
    ] as [(String, () async throws -> Void)] {
        var samples: [Double] = []
        samples.reserveCapacity(options.roundTrips)
        for _ in 0..<options.roundTrips {
            let start = now()
            try await request()
            samples.append(Double(now() - start) / 1e3)
        }
        samples.sort()
        row("\(name) round trip p50 / p99", format(percentile(samples, 50), "µs") + " / " + format(percentile(samples, 99), "µs"))
    }

    // N transports with a producer and a consumer each
    let rssStart = residentBytes(pid: worker.pid)
    var transports: [any WebRtcTransport] = []
    var start = now()
    for _ in 0..<options.transports {
        transports.append(try await router.createWebRtcTransport(
            WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")])))
    }
    let transportSeconds = Double(now() - start) / 1e9
    let rssTransports = residentBytes(pid: worker.pid)

    start = now()
    var producers: [any Producer] = []
    for (index, transport) in transports.enumerated() {
        producers.append(try await transport.produce(ProducerOptions(
            kind: .audio,
            rtpParameters: RtpParameters(
                mid: "0",
                codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
                encodings: [RtpEncodingParameters(ssrc: UInt32(10_000 + index))],
                rtcp: RtcpParameters(cname: "bench")))))
    }
    let producerSeconds = Double(now() - start) / 1e9
    let rssProducers = residentBytes(pid: worker.pid)

    start = now()
    for (index, transport) in transports.enumerated() {
        _ = try await transport.consume(ConsumerOptions(
            producerId: producers[(index + 1) % producers.count].id, rtpCapabilities: router.rtpCapabilities))
    }
    let consumerSeconds = Double(now() - start) / 1e9
    let rssConsumers = residentBytes(pid: worker.pid)

    start = now()
    for transport in transports { transport.close() }
    _ = try await worker.dump()  // the closes are fire-and-forget requests: wait until the worker has done them
    let closeSeconds = Double(now() - start) / 1e9

    let count = Double(options.transports)
    row("create \(options.transports) WebRtcTransports", format(transportSeconds * 1000, "ms") + String(format: " (%.0f/s)", count / transportSeconds))
    row("create \(options.transports) producers", format(producerSeconds * 1000, "ms") + String(format: " (%.0f/s)", count / producerSeconds))
    row("create \(options.transports) consumers", format(consumerSeconds * 1000, "ms") + String(format: " (%.0f/s)", count / consumerSeconds))
    row("close \(options.transports) transports (cascade)", format(closeSeconds * 1000, "ms") + String(format: " (%.0f/s)", count / closeSeconds))
    row("worker memory per transport", format(Double(rssTransports - rssStart) / count / 1024, "KiB"))
    row("worker memory per producer", format(Double(rssProducers - rssTransports) / count / 1024, "KiB"))
    row("worker memory per consumer", format(Double(rssConsumers - rssProducers) / count / 1024, "KiB"))
    row("worker resident set", format(Double(rssConsumers) / 1024 / 1024, "MiB"))
    worker.close()
}
