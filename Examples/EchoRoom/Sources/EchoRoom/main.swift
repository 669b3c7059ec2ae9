// EchoRoom: one producer, one consumer, one real capture through the SFU.
//
// It starts a worker, makes a router with VP8, a PlainTransport that learns its
// sender (comedia) and one that sends to a UDP socket of ours, sends the RTP of
// a pcap capture to the first, and prints what the second delivered.
//
//   swift run EchoRoom [path/to/capture.pcap]     (default: the SFU's Fixtures/vp8.pcap)
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Mediasoup
import MediasoupLocal
import Pcap

let capturePath = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../../Fixtures/vp8.pcap").standardized.path

// The capture's RTP packets (UDP payloads), and the SSRC and payload type they carry.
let sent = try PcapReader(path: capturePath).map(\.payload).filter { $0.count >= 12 && $0[0] >> 6 == 2 }
guard let first = sent.first else { fatalError("no RTP packet in \(capturePath)") }
let producerSsrc = UInt32(first[8]) << 24 | UInt32(first[9]) << 16 | UInt32(first[10]) << 8 | UInt32(first[11])
let payloadType = first[1] & 0x7f

let mediasoup = LocalMediasoup()
let worker = try await mediasoup.createWorker(WorkerSettings(logLevel: WorkerLogLevel.warn))
print("worker started [pid:\(worker.pid)] from \(mediasoup.workerBin)")
let router = try await worker.createRouter(RouterOptions(mediaCodecs: [
    RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
]))

let sendTransport = try await router.createPlainTransport(
    PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
let producer = try await sendTransport.produce(ProducerOptions(kind: .video, rtpParameters: RtpParameters(
    codecs: [RtpCodecParameters(mimeType: "video/VP8", payloadType: payloadType, clockRate: 90000)],
    encodings: [RtpEncodingParameters(ssrc: producerSsrc)],
    rtcp: RtcpParameters(cname: "echo-room"))))

let receiver = try UDPSocket()
let recvTransport = try await router.createPlainTransport(
    PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1")))
try await recvTransport.connect(PlainTransportConnectParameters(ip: "127.0.0.1", port: receiver.port))
let consumer = try await recvTransport.consume(
    ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
print("producer \(producer.id) on 127.0.0.1:\(sendTransport.tuple.localPort), consumer \(consumer.id) to 127.0.0.1:\(receiver.port)")

// Receive on a thread of its own while the capture is sent, about a packet a millisecond.
let receiving = Task.detached { receiver.receiveRTP(upTo: sent.count, quietMilliseconds: 2000) }
let sender = try UDPSocket()
for datagram in sent {
    sender.send(datagram, toPort: sendTransport.tuple.localPort)
    try await Task.sleep(for: .milliseconds(1))
}
let received = await receiving.value

let consumerSsrcs = Set(received.map { UInt32($0[8]) << 24 | UInt32($0[9]) << 16 | UInt32($0[10]) << 8 | UInt32($0[11]) })
let payloadTypes = Set(received.map { $0[1] & 0x7f })
print("sent \(sent.count) RTP packets (\(sent.reduce(0) { $0 + $1.count }) bytes) of \(capturePath), SSRC \(producerSsrc), payload type \(payloadType)")
print("received \(received.count) RTP packets (\(received.reduce(0) { $0 + $1.count }) bytes), SSRC \(consumerSsrcs.sorted()), payload type \(payloadTypes.sorted())")
let stats = try await consumer.getStats()
print("consumer stats: \(stats.map { "\($0.type) packetCount \($0.packetCount) byteCount \($0.byteCount)" }.joined(separator: "; "))")

worker.close()
if received.count < sent.count {
    print("EchoRoom: \(sent.count - received.count) packets did not arrive")
    exit(1)
}
print("EchoRoom: every packet arrived")

/// A UDP socket on 127.0.0.1 with an ephemeral port.
final class UDPSocket: Sendable {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw MediasoupError("cannot bind a UDP socket on 127.0.0.1")
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8], toPort port: UInt16) {
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

    /// RTP datagrams (RTCP skipped) until `count` arrived or none came for `quietMilliseconds`.
    func receiveRTP(upTo count: Int, quietMilliseconds: Int32) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while datagrams.count < count, poll(&poller, 1, quietMilliseconds) > 0 {
            let length = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard length >= 12 else { continue }
            let datagram = Array(buffer.prefix(length))
            let isRTCP = (192...223).contains(datagram[1])
            if datagram[0] >> 6 == 2 && !isRTCP { datagrams.append(datagram) }
        }
        return datagrams
    }
}
