#if canImport(Glibc)
import Glibc
#endif
import Mediasoup
import NIOCore
import MediaEngine
import RTP

// RTCP through a transport: what comes in goes to the producer or consumer
// whose stream it is about; what goes out are the periodic reports (SR and
// SDES for consumers, RR for producers) and the producers' feedback.

extension WorkerTransport {
    /// Takes an incoming RTCP compound packet: sender reports go to the
    /// producer of their stream; report blocks, NACKs and keyframe requests
    /// (PLI, FIR) about a consumer's stream to that consumer. A malformed
    /// packet ends the walk (what came before it counts).
    func receiveRTCP(_ bytes: [UInt8]) {
        let now = monotonicMilliseconds()
        received.add(bytes: bytes.count, at: now)
        bytes.withUnsafeBytes { raw in
            var iterator = RTCPCompoundIterator(raw)
            while let packet = try? iterator.next() {
                receive(packet, at: now)
            }
        }
    }

    private func receive(_ packet: RTCPPacketView, at now: UInt64) {
        switch packet.header.packetType {
        case RTCPPacketType.senderReport:
            guard let report = try? RTCPSenderReport(parsing: packet.bytes) else { return }
            producer(ofStream: report.ssrc)?.receiveSenderReport(report, at: now)
            for block in report.reportBlocks { consumer(ofStream: block.ssrc)?.receiveReportBlock(block, at: now) }
        case RTCPPacketType.receiverReport:
            guard let report = try? RTCPReceiverReport(parsing: packet.bytes) else { return }
            for block in report.reportBlocks { consumer(ofStream: block.ssrc)?.receiveReportBlock(block, at: now) }
        case RTCPPacketType.transportFeedback where packet.header.count == RTCPGenericNack.format:
            guard let nack = try? RTCPGenericNack(parsing: packet.bytes) else { return }
            consumer(ofStream: nack.mediaSSRC)?.receiveNack(nack, at: now)
        case RTCPPacketType.transportFeedback where packet.header.count == RTCPTransportFeedback.format:
            guard let feedback = try? RTCPTransportFeedback(parsing: packet.bytes) else { return }
            transportFeedbackReceived(feedback)
        case RTCPPacketType.payloadFeedback:
            switch packet.header.count {
            case RTCPPictureLossIndication.format:
                guard let pli = try? RTCPPictureLossIndication(parsing: packet.bytes) else { return }
                consumer(ofStream: pli.mediaSSRC)?.receiveKeyFrameRequest(ssrc: pli.mediaSSRC, fullIntra: false)
            case RTCPReceiverEstimatedMaxBitrate.format:
                guard let remb = try? RTCPReceiverEstimatedMaxBitrate(parsing: packet.bytes) else { return }
                rembReceived(remb)
            case RTCPFullIntraRequest.format:
                guard let fir = try? RTCPFullIntraRequest(parsing: packet.bytes) else { return }
                for entry in fir.entries {
                    consumer(ofStream: entry.ssrc)?.receiveKeyFrameRequest(ssrc: entry.ssrc, fullIntra: true)
                }
            default:
                return
            }
        default:
            return
        }
    }

    private func consumer(ofStream ssrc: UInt32) -> WorkerConsumer? {
        consumers.values.first { $0.mediaSsrcs.contains(ssrc) }
    }

    private func producer(ofStream ssrc: UInt32) -> WorkerProducer? {
        producers.values.first { producer in producer.receiveStreams.contains { $0?.ssrc == ssrc } }
    }

    // MARK: Reports out

    /// A producer or consumer of `kind` was added: the reports start, or,
    /// for video, come at video's interval from now on.
    func mediaAdded(kind: MediaKind) {
        guard rtcpTimer == nil || kind == .video else { return }
        rtcpTimer?.cancel()
        scheduleRtcpReports()
    }

    /// Starts the periodic reports: about every second while the transport
    /// has video, every five seconds otherwise (mediasoup's maximum RTCP
    /// intervals), each interval drawn between 0.5 and 1.5 times that (RFC
    /// 3550 §6.3.1) so that transports do not report in step.
    private func scheduleRtcpReports() {
        let hasVideo = producers.values.contains { $0.kind == .video } || consumers.values.contains { $0.kind == .video }
        let base = hasVideo ? 1000.0 : 5000.0
        let delay = TimeAmount.milliseconds(Int64(base * Double.random(in: 0.5...1.5)))
        // A strong reference, released when the timer fires or is cancelled
        // (close() cancels it): a weak one would give the transport a side
        // table and make every retain of it on the packet path slow.
        let fire = NIOLoopBound({ [self] in sendRtcpReports() }, eventLoop: runtime.eventLoop)
        rtcpTimer = runtime.eventLoop.scheduleTask(in: delay) { fire.value() }
    }

    /// One round of reports: each consumer stream's SR and SDES, then RRs with
    /// a block per producer stream (31 blocks at most per RR).
    private func sendRtcpReports() {
        let now = monotonicMilliseconds()
        let ntp = NTPTimestamp.timestamp(unixMilliseconds: wallClockMilliseconds())
        for consumer in consumers.values {
            for report in consumer.makeSenderReports(ntpTimestamp: ntp, at: now) { sendRTCP(report) }
        }
        let blocks = producers.values.flatMap { $0.makeReportBlocks(at: now) }
        var start = 0
        while start < blocks.count {
            let end = min(start + 31, blocks.count)
            sendRTCP(RTCPReceiverReport(ssrc: 0, reportBlocks: Array(blocks[start..<end])).bytes)
            start = end
        }
        scheduleRtcpReports()
    }

    /// Stops the periodic reports (the transport is closing).
    func stopRtcpReports() {
        rtcpTimer?.cancel()
        rtcpTimer = nil
    }
}
