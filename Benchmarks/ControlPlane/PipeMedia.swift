// The media half of `mafalda-bench horizontal`: RTP through a pipe between
// two routers on two workers. A PlainTransport producer (comedia) on the
// first router, pipeToRouter to the second, a PlainTransport consumer there
// sending to a sink socket of this process:
//  - one-way latency, p50/p99, of 2,000 packets paced at one per millisecond
//    (each carries its send time; sender and sink share this host's clock);
//  - packets delivered per CPU-second of the two worker processes under a
//    flood of 30,000 packets (their utime + stime from /proc, before and after).

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import Synchronization

/// What one pipe path measured.
struct PipeMediaFigures {
    var latencyP50Milliseconds: Double
    var latencyP99Milliseconds: Double
    var delivered: Int
    var sent: Int
    var packetsPerCPUSecond: Double
}

enum PipeMedia {
    static let codec = RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2)
    static let ssrc: UInt32 = 0x5151_5151

    /// Measures RTP through `routerA.pipeToRouter(…, router: routerB)`; `workerPids` are the real process ids
    /// of the two routers' workers.
    static func measure(
        from routerA: any Router, to routerB: any Router, workerPids: [Int], paced: Int = 2000, flood: Int = 30_000
    ) async throws -> PipeMediaFigures {
        let sendTransport = try await routerA.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(
                kind: .audio,
                rtpParameters: RtpParameters(
                    mid: "0",
                    codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
                    encodings: [RtpEncodingParameters(ssrc: ssrc)])))
        _ = try await routerA.pipeToRouter(PipeToRouterOptions(producerId: producer.id, router: routerB))
        let sink = try BenchSocket()
        let sender = try BenchSocket()
        let receiveTransport = try await routerB.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
        try await receiveTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: sink.port))
        _ = try await receiveTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: routerB.rtpCapabilities))
        let target = sendTransport.tuple.localPort
        var sequence: UInt16 = 0
        func send() {
            sequence &+= 1
            sender.send(packet(sequence: sequence, sentAt: now()), to: target)
        }

        // Until the path carries packets (the pipe and the consumer settle).
        var warmed = false
        for _ in 0..<500 where !warmed {
            send()
            warmed = sink.receive(timeoutMilliseconds: 10) != nil
        }
        guard warmed else { throw MediasoupError("no packet crossed the pipe within 5 s") }
        while sink.receive(timeoutMilliseconds: 50) != nil {}

        // Latency: paced packets, each timed from its send to its arrival.
        let latencies = Mutex<[Double]>([])
        let receiving = Thread {
            while let (datagram, arrived) = sink.receive(timeoutMilliseconds: 500) {
                guard let sentAt = sentTime(in: datagram) else { continue }
                latencies.withLock { $0.append(Double(arrived - sentAt) / 1e6) }
            }
        }
        receiving.start()
        for _ in 0..<paced {
            send()
            usleep(1000)
        }
        while latencies.withLock({ $0.count }) < paced, !receiving.isFinished { usleep(10_000) }
        while !receiving.isFinished { usleep(10_000) }
        let sorted = latencies.withLock { $0 }.sorted()

        // Throughput: a flood, the workers' CPU time around it.
        let delivered = Mutex(0)
        let counting = Thread {
            while sink.receive(timeoutMilliseconds: 500) != nil { delivered.withLock { $0 += 1 } }
        }
        let cpuBefore = workerPids.map(cpuSeconds).reduce(0, +)
        counting.start()
        for index in 0..<flood {
            send()
            if index % 64 == 63 { usleep(200) }  // bursts the sockets' buffers can hold
        }
        while !counting.isFinished { usleep(10_000) }
        let cpuUsed = workerPids.map(cpuSeconds).reduce(0, +) - cpuBefore
        let count = delivered.withLock { $0 }
        sendTransport.close()
        receiveTransport.close()
        return PipeMediaFigures(
            latencyP50Milliseconds: percentile(sorted, 50), latencyP99Milliseconds: percentile(sorted, 99),
            delivered: count, sent: flood, packetsPerCPUSecond: cpuUsed > 0 ? Double(count) / cpuUsed : 0)
    }

    /// An Opus RTP packet of 200 bytes whose payload starts with `sentAt` (big-endian nanoseconds).
    static func packet(sequence: UInt16, sentAt: UInt64) -> [UInt8] {
        var bytes: [UInt8] = [0x80, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        let timestamp = UInt32(sequence) &* 960
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: timestamp >> $0) }
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: ssrc >> $0) }
        bytes += stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: sentAt >> UInt64($0)) }
        bytes += [UInt8](repeating: 0xAB, count: 200 - bytes.count)
        return bytes
    }

    /// The send time a packet of ``packet(sequence:sentAt:)`` carries, after the consumer's rewriting of
    /// its header (12 bytes, extensions possibly added).
    static func sentTime(in datagram: [UInt8]) -> UInt64? {
        guard datagram.count >= 12 else { return nil }
        var offset = 12 + Int(datagram[0] & 0x0F) * 4
        if datagram[0] & 0x10 != 0 {
            guard datagram.count >= offset + 4 else { return nil }
            offset += 4 + (Int(datagram[offset + 2]) << 8 | Int(datagram[offset + 3])) * 4
        }
        guard datagram.count >= offset + 8 else { return nil }
        return datagram[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// User plus system CPU seconds of process `pid` so far (0 when it cannot be read).
    static func cpuSeconds(_ pid: Int) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ")
        else { return 0 }
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// A UDP socket on 127.0.0.1 for the bench: sends, and receives with a timeout and the arrival time.
final class BenchSocket: @unchecked Sendable {
    // Safe: the descriptor is set once and closed in deinit.
    private let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw MediasoupError("socket() failed") }
        var size: Int32 = 8 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw MediasoupError("cannot bind a UDP socket on 127.0.0.1")
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8], to port: UInt16) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// The next datagram and when it arrived (``now()``), or nil after `timeoutMilliseconds` without one.
    func receive(timeoutMilliseconds: Int32) -> ([UInt8], UInt64)? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return (Array(buffer[0..<count]), now())
    }
}
