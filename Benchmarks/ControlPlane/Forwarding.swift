// The media-plane modes of `mafalda-bench`, driven by scripts/bench: a worker
// set up to forward what Benchmarks/CForwarder/generator.c sends, and the
// worker's memory per consumer.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import AcceptanceSuite
import Mediasoup
import MediasoupLocal
import Synchronization

struct ForwardOptions {
    var fanOut = 1
    var consumers = 100
    var listenIp = "127.0.0.1"
    var sinkIp = "127.0.0.1"
    var sinkBasePort: UInt16 = 47100
    /// SRTP on every transport; the producer's transport decrypts with `srtpKey`.
    var srtp: SrtpCryptoSuite?
    var srtpKey = ""
    /// WebRtcTransports instead of PlainTransports (WebRtcForwarding.swift):
    /// SRTP keyed by DTLS handshakes this program runs, the producer side's
    /// from `sourcePort`, the generator's.
    var webRtc = false
    var sourcePort: UInt16 = 47050
    /// A MediasoupVertical over the local engine, spreading over this many
    /// real workers (VerticalForwarding.swift), instead of the engine itself.
    var verticalWorkers: Int?
    /// Consumers negotiate transport-cc (the router offers it): their copies carry transport-wide numbers,
    /// remembered for the estimator; `--no-transport-cc` leaves out every bandwidth estimation (REMB too).
    var transportCc = true

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--fan-out": fanOut = iterator.next().flatMap(Int.init) ?? fanOut
            case "--no-transport-cc": transportCc = false
            case "--consumers": consumers = iterator.next().flatMap(Int.init) ?? consumers
            case "--listen-ip": listenIp = iterator.next() ?? listenIp
            case "--sink-ip": sinkIp = iterator.next() ?? sinkIp
            case "--sink-base-port": sinkBasePort = iterator.next().flatMap { UInt16($0) } ?? sinkBasePort
            case "--srtp":
                switch iterator.next() {
                case "aes-cm-80": srtp = .aesCm128HmacSha1_80
                case "gcm-128": srtp = .aeadAes128Gcm
                default: srtp = nil
                }
            case "--srtp-key": srtpKey = iterator.next() ?? srtpKey
            case "--webrtc": webRtc = true
            case "--source-port": sourcePort = iterator.next().flatMap { UInt16($0) } ?? sourcePort
            case "--vertical": verticalWorkers = verticalWorkers ?? 2
            case "--workers": verticalWorkers = iterator.next().flatMap(Int.init) ?? verticalWorkers
            default: break
            }
        }
    }

    /// SO_RCVBUF of the producer's socket, as the C loop's.
    static let receiveBufferSize = 4 << 20

    /// The sink port of consumer `index` (ports wrap below 65536).
    func sinkPort(_ index: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: (Int(sinkBasePort) + index - 1024) % (65536 - 1024) + 1024)
    }
}

/// What generator.c sends: H.264 (its packets carry an SPS, a keyframe start,
/// once in 32 packets), payload type 96, SSRC 0x11111111, 90 kHz.
enum GeneratorStream {
    static let payloadType: UInt8 = 96
    static let ssrc: UInt32 = 0x1111_1111
    static let parameters: [String: JSONValue] = [
        "packetization-mode": 1, "profile-level-id": "42e01f", "level-asymmetry-allowed": 1,
    ]
    static let routerCodec = RtpCodecCapability(
        kind: .video, mimeType: "video/H264", clockRate: 90000, parameters: parameters)
    static let producerOptions = ProducerOptions(
        kind: .video,
        rtpParameters: RtpParameters(
            codecs: [
                RtpCodecParameters(
                    mimeType: "video/H264", payloadType: payloadType, clockRate: 90000, parameters: parameters)
            ],
            encodings: [RtpEncodingParameters(ssrc: ssrc)],
            rtcp: RtcpParameters(cname: "bench")))
}

/// A worker with a router and a comedia PlainTransport producer of the generator's stream
/// (on the local engine, or on a vertical one over it).
struct ForwardingSetup {
    let worker: any Worker
    let router: any Router
    let producerTransport: any PlainTransport
    let producer: any Producer

    init(_ mediasoup: any MediasoupAPI, _ options: ForwardOptions) async throws {
        worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
        router = try await worker.createRouter(RouterOptions(mediaCodecs: [GeneratorStream.routerCodec]))
        // The C loop's receive buffer (4 MiB, as forwarder.c sets it): bursts
        // the generator sends while the worker is busy wait there, not dropped.
        producerTransport = try await router.createPlainTransport(
            PlainTransportOptions(
                listenInfo: TransportListenInfo(
                    protocol: .udp, ip: options.listenIp, recvBufferSize: ForwardOptions.receiveBufferSize),
                comedia: true,
                enableSrtp: options.srtp != nil, srtpCryptoSuite: options.srtp))
        if let suite = options.srtp {
            // comedia: the remote address comes from the first packet, the key from here.
            try await producerTransport.connect(
                PlainTransportConnectParameters(
                    srtpParameters: SrtpParameters(cryptoSuite: suite, keyBase64: options.srtpKey)))
        }
        producer = try await producerTransport.produce(GeneratorStream.producerOptions)
    }

    /// A PlainTransport sending to the sink port of `index`. With SRTP, the
    /// worker protects what it sends with the transport's own (random) key;
    /// the key given in connect() would decrypt what the sink sends (nothing).
    func consumerTransport(_ index: Int, _ options: ForwardOptions) async throws -> any PlainTransport {
        let transport = try await router.createPlainTransport(
            PlainTransportOptions(
                listenInfo: TransportListenInfo(protocol: .udp, ip: options.listenIp),
                enableSrtp: options.srtp != nil, srtpCryptoSuite: options.srtp))
        let remoteKey = options.srtp.map { SrtpParameters(cryptoSuite: $0, keyBase64: options.srtpKey) }
        try await transport.connect(
            PlainTransportConnectParameters(ip: options.sinkIp, port: options.sinkPort(index), srtpParameters: remoteKey))
        return transport
    }

    func consume(on transport: any PlainTransport, _ options: ForwardOptions) async throws -> any Consumer {
        try await transport.consume(
            ConsumerOptions(
                producerId: producer.id,
                rtpCapabilities: options.transportCc ? router.rtpCapabilities : router.rtpCapabilities.withoutBandwidthEstimation))
    }
}

/// `forward`: sets up the worker, prints `forward: port=… pid=…`, forwards until
/// stdin closes or a signal, then prints the worker's own counts.
func runForwardBenchmark(_ options: ForwardOptions) async throws {
    if options.webRtc {
        try await runWebRtcForwardBenchmark(options)
        return
    }
    if options.verticalWorkers != nil {
        try await runVerticalForwardBenchmark(options)
        return
    }
    let mediasoup = LocalMediasoup()
    let setup = try await ForwardingSetup(mediasoup, options)
    var consumers: [any Consumer] = []
    for index in 0..<max(options.fanOut, 1) {
        consumers.append(try await setup.consume(on: try await setup.consumerTransport(index, options), options))
    }
    try await forwardUntilEndOfInput(
        worker: setup.worker, port: setup.producerTransport.tuple.localPort, producer: setup.producer,
        consumers: consumers, options: options)
}

/// Prints `forward: port=… pid=…` (and `extra` fields), waits for the end of
/// input or a signal, prints the worker's own counts and closes the worker.
func forwardUntilEndOfInput(
    worker: any Worker, port: UInt16, producer: any Producer, consumers: [any Consumer], options: ForwardOptions,
    extra: String = ""
) async throws {
    print(
        "forward: port=\(port) pid=\(worker.pid) fanout=\(consumers.count)"
            + " srtp=\(options.srtp?.rawValue ?? "none")\(extra)")
    fflush(nil)  // all streams: stdout is a file or a pipe here

    await endOfInputOrSignal()

    // The producer's byte count tells whether SRTP was taken off (RTP bytes) or not.
    let inbound = try await producer.getStats().first
    var sent = 0
    for consumer in consumers {
        sent += try await consumer.getStats().first { $0.type == "outbound-rtp" }?.packetCount ?? 0
    }
    print(
        "forward-stats: producer_packets=\(inbound?.packetCount ?? 0) producer_bytes=\(inbound?.byteCount ?? 0)"
            + " consumer_packets=\(sent)")
    worker.close()
}

/// `forward-memory`: the worker's resident set before and after N
/// PlainTransports (each connected to a sink port), then N consumers on them.
func runForwardMemoryBenchmark(_ options: ForwardOptions) async throws {
    let mediasoup = LocalMediasoup()
    let setup = try await ForwardingSetup(mediasoup, options)
    let count = max(options.consumers, 1)
    _ = try await setup.worker.dump()
    let before = residentBytes(pid: setup.worker.pid)
    var transports: [any PlainTransport] = []
    for index in 0..<count { transports.append(try await setup.consumerTransport(index, options)) }
    _ = try await setup.worker.dump()
    let withTransports = residentBytes(pid: setup.worker.pid)
    for transport in transports { _ = try await setup.consume(on: transport, options) }
    _ = try await setup.worker.dump()
    let withConsumers = residentBytes(pid: setup.worker.pid)
    print(
        String(
            format: "forward-memory: consumers=%d rss_before_kib=%d per_transport_kib=%.1f per_consumer_kib=%.1f rss_after_kib=%d",
            count, before / 1024, Double(withTransports - before) / Double(count) / 1024,
            Double(withConsumers - withTransports) / Double(count) / 1024, withConsumers / 1024))
    setup.worker.close()
}

/// Returns when standard input reaches its end or on SIGINT/SIGTERM.
func endOfInputOrSignal() async {
    let ended = Once()
    var sources: [any DispatchSourceSignal] = []
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler { ended.fire() }
        source.resume()
        sources.append(source)
    }
    let reader = Thread {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ read(0, $0.baseAddress, $0.count) }) > 0 {}
        ended.fire()
    }
    reader.start()
    await ended.wait()
    for source in sources { source.cancel() }
}

/// A one-shot event: `wait` returns once `fire` was called (before or after).
final class Once: Sendable {
    private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let fired = state.withLock { state -> Bool in
                if !state.fired { state.waiter = continuation }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
