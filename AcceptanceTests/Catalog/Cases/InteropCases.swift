import Foundation
import Mediasoup
import RTP

/// Interop with a tool nobody here wrote: Debian's ffmpeg sends a live stream
/// into a PlainTransport producer, and decodes what a PlainTransport consumer
/// sends it. Not a mediasoup test file. ffmpeg runs on loopback, bounded in
/// time; the cases are pending where /usr/bin/ffmpeg is not installed.
enum InteropCases {
    static let suite = "interop"

    static let all: [AcceptanceCase] =
        [LiveSource.vp8, .opus].map { source in
            AcceptanceCase(suite, "ffmpeg sends live \(source.name) into a PlainTransport producer",
                timeLimit: .seconds(40)) { context in
                try await ffmpegSends(source, context: context)
            }
        }
        + ["vp8.pcap", "opus.pcap", "h264.pcap"].map { file in
            AcceptanceCase(suite, "ffmpeg decodes \(file) from a PlainTransport consumer without errors",
                timeLimit: .seconds(40)) { context in
                try await ffmpegDecodes(file, context: context)
            }
        }

    static let ffmpegPath = "/usr/bin/ffmpeg"

    /// What ffmpeg encodes live from a lavfi test source, and how it is signalled.
    struct LiveSource: Sendable {
        let name: String
        let codec: RtpCodecParameters
        let kind: MediaKind
        let ssrc: UInt32
        let ffmpegArguments: [String]

        static let vp8 = LiveSource(
            name: "VP8", codec: RtpCodecParameters(mimeType: "video/VP8", payloadType: 96, clockRate: 90000),
            kind: .video, ssrc: 12_345_678,
            ffmpegArguments: [
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "3",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-g", "30",
            ])
        static let opus = LiveSource(
            name: "Opus",
            codec: RtpCodecParameters(mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2),
            kind: .audio, ssrc: 87_654_321,
            ffmpegArguments: [
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "3",
                "-c:a", "libopus", "-b:a", "32k",
            ])
    }

    /// ffmpeg (`-re`, 3 s) sends RTP to a comedia PlainTransport with separate
    /// RTCP (mediasoup's recipe for ffmpeg: `rtcpMux: false` and `?rtcpport=`,
    /// because ffmpeg sends its first RTCP sender report, before any RTP, from
    /// another port, which a comedia transport with RTCP-mux would take for the
    /// remote). The producer counts inbound packets; a consumer on a
    /// DirectTransport gets each of them as an `rtp` event.
    private static func ffmpegSends(_ source: LiveSource, context: AcceptanceContext) async throws {
        guard let ffmpeg = ToolProcess.installed(ffmpegPath) else {
            try context.pendingOnThisTarget("ffmpeg not installed")
        }
        let worker = try await context.createWorker()
        let routerCodec = RtpCodecCapability(
            kind: source.kind, mimeType: source.codec.mimeType, clockRate: source.codec.clockRate,
            channels: source.codec.channels)
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(
                listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), rtcpMux: false, comedia: true))
        let rtcpPort = try expectNotNil(sendTransport.rtcpTuple?.localPort, "the transport's RTCP port")
        let producer = try await sendTransport.produce(
            ProducerOptions(
                kind: source.kind,
                rtpParameters: RtpParameters(
                    codecs: [source.codec], encodings: [RtpEncodingParameters(ssrc: source.ssrc)],
                    rtcp: RtcpParameters(cname: "ffmpeg"))))
        let recvTransport = try await router.createDirectTransport()
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        let packets = CallRecorder<[UInt8]>()
        consumer.events.on { event in
            if case .rtp(let bytes) = event { packets.record(bytes) }
        }

        let directory = try ToolProcess.scratchDirectory("ffmpeg", context: context)
        let url = "rtp://127.0.0.1:\(sendTransport.tuple.localPort)?rtcpport=\(rtcpPort)&pkt_size=1200"
        let sender = try ToolProcess(
            ffmpeg,
            ["-hide_banner", "-nostdin", "-loglevel", "info", "-re"] + source.ffmpegArguments + [
                "-payload_type", "\(source.codec.payloadType)", "-ssrc", "\(source.ssrc)", "-f", "rtp", url,
            ], name: "send", directory: directory, context: context)
        let status = await sender.waitForExit(timeout: .seconds(25))
        try expectEqual(status, 0, "ffmpeg exit status (nil: did not end in time); its log ends:\n\(sender.logTail())")

        let stats = try expectNotNil(try await producer.getStats().first, "producer stats")
        try expect(stats.packetCount > 0, "producer inbound packetCount is \(stats.packetCount)")
        try expect(stats.byteCount > 0, "producer inbound byteCount is \(stats.byteCount)")
        try expectEqual(stats.ssrc, source.ssrc, "producer inbound SSRC")
        for _ in 0..<80 where packets.count < stats.packetCount {
            try await Task.sleep(for: .milliseconds(25))
        }
        let received = packets.values
        try expectEqual(received.count, stats.packetCount, "rtp events on the DirectTransport consumer")

        let ssrc = try expectNotNil(consumer.rtpParameters.encodings?.first?.ssrc, "consumer SSRC")
        let payloadType = try expectNotNil(consumer.rtpParameters.codecs.first?.payloadType, "consumer payload type")
        var previous: UInt16?
        for (index, bytes) in received.enumerated() {
            let packet = try RTPPacket(parsing: bytes)
            try expectEqual(packet.ssrc, ssrc, "SSRC of packet \(index)")
            try expectEqual(packet.payloadType, payloadType, "payload type of packet \(index)")
            try expect(!packet.payload.isEmpty, "packet \(index) has no payload")
            if let previous {
                try expectEqual(packet.sequenceNumber, previous &+ 1, "sequence number of packet \(index)")
            }
            previous = packet.sequenceNumber
        }
        if source.kind == .video {
            let first = try RTPPacket(parsing: try expectNotNil(received.first, "a forwarded packet"))
            let info = try CodecPayload.inspect(first.payload, mimeType: source.codec.mimeType)
            try expect(info.isKeyFrame, "ffmpeg's first VP8 packet, as forwarded, does not start a keyframe")
        }
    }

    /// A PlainTransport consumer sends a capture (replayed into a producer) to
    /// ffmpeg, which reads an SDP describing the consumer's stream and decodes
    /// it to framecrc: it must exit 0, log no decoding problem, and output one
    /// frame per frame of the capture, each with the size and CRC of the frame
    /// ffmpeg decodes from the capture sent to it directly.
    private static func ffmpegDecodes(_ file: String, context: AcceptanceContext) async throws {
        guard let ffmpeg = ToolProcess.installed(ffmpegPath) else {
            try context.pendingOnThisTarget("ffmpeg not installed")
        }
        let capture = try FixtureCapture.named(file)
        let timed = try capture.timedDatagrams()
        let frames = Set(try timed.map { try RTPPacket(parsing: $0.bytes).timestamp }).count
        let worker = try await context.createWorker()
        let router = try await worker.createRouter(RouterOptions(mediaCodecs: [capture.routerCodec]))
        let sendTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), comedia: true))
        let producer = try await sendTransport.produce(
            ProducerOptions(kind: capture.kind, rtpParameters: capture.producerRtpParameters))
        let recvTransport = try await router.createPlainTransport(
            PlainTransportOptions(listenInfo: TransportListenInfo(protocol: .udp, ip: "127.0.0.1"), rtcpMux: false))
        let consumer = try await recvTransport.consume(
            ConsumerOptions(producerId: producer.id, rtpCapabilities: router.rtpCapabilities))
        let codec = try expectNotNil(consumer.rtpParameters.codecs.first, "consumer codec")

        let port = try LoopbackPorts.freePair()
        try await recvTransport.connect(
            PlainTransportConnectParameters(ip: "127.0.0.1", port: port, rtcpPort: port + 1))
        var consumerStats: [RtpStreamStats] = []
        let throughWorker = try await decode(
            codec, kind: capture.kind, frames: frames, port: port, ffmpeg: ffmpeg, context: context
        ) {
            try await FixtureCapture.sendPaced(timed, from: try UdpPeer(), to: sendTransport.tuple.localPort)
            // The stream ends: once the consumer's transport closes, its RTCP
            // sender reports stop too, and ffmpeg sees the end of its input.
            try await Task.sleep(for: .milliseconds(300))
            consumerStats = try await consumer.getStats()
            recvTransport.close()
        }
        try expectEqual(throughWorker.count, frames, "frames ffmpeg decoded from the consumer (framecrc lines)")
        try expectEqual(consumerStats.first?.packetCount, timed.count, "consumer outbound packetCount")

        let sourceCodec = try expectNotNil(capture.producerRtpParameters.codecs.first, "capture codec")
        let directPort = try LoopbackPorts.freePair()
        let direct = try await decode(
            sourceCodec, kind: capture.kind, frames: frames, port: directPort, ffmpeg: ffmpeg, context: context
        ) {
            try await FixtureCapture.sendPaced(timed, from: try UdpPeer(), to: directPort)
        }
        try expectEqual(direct.count, frames, "frames ffmpeg decoded from the capture sent to it directly")
        for (index, (relayed, original)) in zip(throughWorker, direct).enumerated() where relayed != original {
            try expect(false, "frame \(index) decoded from the consumer differs (size, CRC): \(relayed) vs \(original)")
        }
    }

    /// Runs ffmpeg on an SDP for `codec` at 127.0.0.1:`port` (RTCP `port` + 1)
    /// decoding to framecrc, runs `feed` once it listens, and returns each
    /// decoded frame's size and CRC, after checking that it exits 0 and logs
    /// no decoding problem. ffmpeg stops after `frames` frames (decoding on
    /// one thread, so no frame waits in a frame-threading queue for the end of
    /// input), or when no packet (RTP or RTCP) came for 5 s; `feed` must end
    /// the stream for the last frames, which ffmpeg gives out at the end of
    /// its input.
    private static func decode(
        _ codec: RtpCodecParameters, kind: MediaKind, frames: Int, port: UInt16, ffmpeg: String,
        context: AcceptanceContext,
        feed: () async throws -> Void
    ) async throws -> [String] {
        let directory = try ToolProcess.scratchDirectory("ffmpeg", context: context)
        try sdp(for: codec, kind: kind, port: port).write(
            toFile: "\(directory)/stream.sdp", atomically: true, encoding: .utf8)
        let receiver = try ToolProcess(
            ffmpeg,
            [
                "-hide_banner", "-nostdin", "-loglevel", "info", "-protocol_whitelist", "file,udp,rtp",
                "-localaddr", "127.0.0.1", "-listen_timeout", "5", "-buffer_size", "1048576",
                "-threads", "1", "-i", "stream.sdp", "-frames", "\(frames)", "-f", "framecrc", "frames.crc",
            ], name: "receive", directory: directory, context: context)
        try await LoopbackPorts.awaitBound([port, port + 1], by: receiver, timeout: .seconds(15))
        try await feed()
        let status = await receiver.waitForExit(timeout: .seconds(20))
        try expectEqual(
            status, 0, "ffmpeg exit status (nil: did not end in time); its log ends:\n\(receiver.logTail())")
        let problems = receiver.log.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).filter { line in
            let lower = line.lowercased()
            return decodingProblems.contains { lower.contains($0) }
        }
        try expect(problems.isEmpty, "ffmpeg reported:\n\(problems.joined(separator: "\n"))")
        // framecrc: "stream, dts, pts, duration, size, 0xcrc" per frame, "#" comments.
        let crc = (try? String(contentsOfFile: "\(directory)/frames.crc", encoding: .utf8)) ?? ""
        return crc.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            line.split(separator: ",").suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }

    /// What ffmpeg logs (lower-cased) when a stream does not decode cleanly:
    /// decoder errors and concealment, lost or reordered RTP.
    static let decodingProblems = [
        "error", "corrupt", "concealing", "missing reference", "max delay reached", "missed", "invalid",
        "non-existing pps", "no frame!",
    ]

    /// A receive-only SDP (RFC 4566) for one RTP stream to 127.0.0.1:`port`,
    /// RTCP on `port` + 1, as ffmpeg's sdp demuxer reads it.
    static func sdp(for codec: RtpCodecParameters, kind: MediaKind, port: UInt16) -> String {
        let subtype = codec.mimeType.split(separator: "/").last.map(String.init) ?? codec.mimeType
        var rtpmap = "\(codec.payloadType) \(subtype)/\(codec.clockRate)"
        if let channels = codec.channels, channels > 1 { rtpmap += "/\(channels)" }
        var lines = [
            "v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=Mafalda interop", "c=IN IP4 127.0.0.1", "t=0 0",
            "m=\(kind == .audio ? "audio" : "video") \(port) RTP/AVP \(codec.payloadType)",
            "a=rtpmap:\(rtpmap)",
        ]
        let format = (codec.parameters ?? [:]).sorted { $0.key < $1.key }.compactMap { key, value in
            fmtpValue(value).map { "\(key)=\($0)" }
        }
        if !format.isEmpty { lines.append("a=fmtp:\(codec.payloadType) \(format.joined(separator: ";"))") }
        lines += ["a=rtcp:\(port + 1)", "a=recvonly"]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func fmtpValue(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): Int(exactly: number).map(String.init) ?? String(number)
        case .bool(let flag): flag ? "1" : "0"
        case .null, .array, .object: nil
        }
    }
}
