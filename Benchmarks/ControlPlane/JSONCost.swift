// The JSON figures of `mafalda-bench json`: what one conversion of a real
// dump costs on the control plane (every channel message and every ROPE
// frame goes through some of them), with the Foundation route the contract
// used before next to it, from one run.

import Foundation
import Mediasoup
import MediasoupLocal

/// The dump of a WebRtcTransport with 4 producers and 4 consumers (about
/// 3.5 KB of JSON), then p50 per conversion over `--iterations` runs.
func runJSONCostBenchmark(_ arguments: [String]) async throws {
    var iterations = 2000
    if let index = arguments.firstIndex(of: "--iterations"), index + 1 < arguments.count {
        iterations = Int(arguments[index + 1]) ?? iterations
    }
    let dump = try await sampleTransportDump(pairs: 2)
    let tree = try dump.jsonValue()
    let text = try dump.jsonBytes()
    let data = Data(text)
    let sorted = JSONEncoder()
    sorted.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

    print("sample: a WebRtcTransport dump with 4 producers and 4 consumers, \(text.count) bytes of JSON")
    print("CPU time per conversion (p50, \(iterations) runs): new (Mediasoup's JSON layer) / before (Foundation route)")
    let cases: [(String, () throws -> Void, () throws -> Void)] = [
        ("text → JSONValue (parse)",
            { _ = try JSONValue(json: text) },
            { _ = try JSONDecoder().decode(JSONValue.self, from: data) }),
        ("JSONValue → text (serialize, sorted)",
            { _ = try tree.jsonBytes() },
            { _ = try sorted.encode(tree) }),
        ("TransportDump → JSONValue (jsonValue())",
            { _ = try dump.jsonValue() },
            { _ = try JSONDecoder().decode(JSONValue.self, from: sorted.encode(dump)) }),
        ("JSONValue → TransportDump (init(jsonValue:))",
            { _ = try TransportDump(jsonValue: tree) },
            { _ = try JSONDecoder().decode(TransportDump.self, from: JSONEncoder().encode(tree)) }),
        ("text → TransportDump (init(json:))",
            { _ = try TransportDump(json: text) },
            { _ = try JSONDecoder().decode(TransportDump.self, from: data) }),
        ("TransportDump → text (jsonBytes())",
            { _ = try dump.jsonBytes() },
            { _ = try sorted.encode(dump) }),
    ]
    for (name, new, before) in cases {
        let newTime = try medianMicroseconds(iterations, new)
        let beforeTime = try medianMicroseconds(iterations, before)
        let ratio = String(format: "  (×%.1f)", beforeTime / newTime)
        row(name, format(newTime, "µs") + " / " + format(beforeTime, "µs") + ratio)
    }
}

/// A WebRtcTransport with `pairs` audio producers, as many simulcast video
/// producers (3 encodings with RTX) and a consumer of each; its dump.
private func sampleTransportDump(pairs: Int) async throws -> TransportDump {
    let worker = try await LocalMediasoup().createWorker(WorkerSettings(logLevel: WorkerLogLevel.none))
    defer { worker.close() }
    let router = try await worker.createRouter(RouterOptions(mediaCodecs: [
        RtpCodecCapability(kind: .audio, mimeType: "audio/opus", clockRate: 48000, channels: 2),
        RtpCodecCapability(kind: .video, mimeType: "video/VP8", clockRate: 90000),
    ]))
    let transport = try await router.createWebRtcTransport(
        WebRtcTransportOptions(listenInfos: [TransportListenInfo(protocol: .udp, ip: "127.0.0.1")]))
    for pair in 0..<pairs {
        let ssrc = UInt32(10_000_000 * (pair + 1))
        let audio = try await transport.produce(ProducerOptions(
            kind: .audio,
            rtpParameters: RtpParameters(
                mid: "a\(pair)",
                codecs: [RtpCodecParameters(mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2)],
                encodings: [RtpEncodingParameters(ssrc: ssrc)],
                rtcp: RtcpParameters(cname: "bench"))))
        let video = try await transport.produce(ProducerOptions(
            kind: .video,
            rtpParameters: RtpParameters(
                mid: "v\(pair)",
                codecs: [
                    RtpCodecParameters(mimeType: "video/VP8", payloadType: 96, clockRate: 90000),
                    RtpCodecParameters(
                        mimeType: "video/rtx", payloadType: 97, clockRate: 90000, parameters: ["apt": 96]),
                ],
                encodings: (1...3).map { layer in
                    RtpEncodingParameters(
                        ssrc: ssrc + UInt32(layer), rtx: RtxParameters(ssrc: ssrc + 100 + UInt32(layer)),
                        maxBitrate: 100_000 << layer)
                },
                rtcp: RtcpParameters(cname: "bench"))))
        for producer in [audio, video] {
            _ = try await transport.consume(
                ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        }
    }
    return try await transport.dump()
}
