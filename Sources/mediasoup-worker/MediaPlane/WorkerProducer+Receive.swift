#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup
import MediaEngine
import RTP

// The receive side of a producer: which of its encodings a packet belongs to,
// the mapping onto the router's payload types and SSRCs, counters, and the
// hand-off to the producer's consumers.

extension WorkerProducer {
    /// Takes an RTP packet the transport found to be this producer's, borrowed
    /// for the call, and hands it to the consumers (each writes its own copy).
    /// An RTX packet is decoded in place first and goes on only when it
    /// repairs a gap this producer asked for.
    func receive(_ packet: UnsafeMutableRawBufferPointer, header: RTPHeaderFields, at now: UInt64) {
        let routing = self.routing
        guard let encodingIndex = encodingIndex(of: header, in: UnsafeRawBufferPointer(packet), routing: routing) else {
            transport.rtpPacketsDiscarded += 1
            return
        }
        var packet = UnsafeRawBufferPointer(packet)
        var header = header
        var isRecovered = false
        if let rtxSsrc = routing.rtxSsrcs[encodingIndex], rtxSsrc == header.ssrc,
            rtxSsrc != routing.ssrcs[encodingIndex]
        {
            guard let decoded = decodeRTX(UnsafeMutableRawBufferPointer(mutating: packet), header: header,
                encoding: encodingIndex, routing: routing)
            else {
                receiveStreams[encodingIndex]?.rtxPacketsDiscarded += 1
                transport.rtpPacketsDiscarded += 1
                return
            }
            (packet, header) = decoded
            isRecovered = true
        }
        guard let codecIndex = routing.codecIndex(payloadType: header.payloadType), !routing.isRtx[codecIndex],
            routing.mappedPayloadTypes[codecIndex] != nil, routing.mappedSsrcs[encodingIndex] != nil
        else {
            transport.rtpPacketsDiscarded += 1
            return
        }
        let payloadInfo = inspect(packet, header: header, codecIndex: codecIndex)
        let isKeyFrame = payloadInfo.isKeyFrame

        let stream: ProducerReceiveStream
        if let existing = receiveStreams[encodingIndex] {
            stream = existing
        } else {
            stream = ProducerReceiveStream(
                encodingIndex: encodingIndex, ssrc: header.ssrc, rid: routing.rids[encodingIndex],
                mimeType: routing.mimeTypes[codecIndex], clockRate: routing.clockRates[codecIndex],
                rtxSsrc: routing.rtxSsrcs[encodingIndex], usesNack: routing.usesNack[encodingIndex])
            receiveStreams[encodingIndex] = stream
            streamScoresChanged()
        }
        let wasInactive = stream.score.score == 0
        let accepted = stream.received(
            sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, bytes: packet.count,
            isKeyFrame: isKeyFrame, isRecovered: isRecovered, temporalLayer: payloadInfo.temporalLayer, at: now)
        if stream.usesNack { sendNack(encoding: encodingIndex, at: now) }
        guard accepted else {
            transport.rtpPacketsDiscarded += 1
            return
        }
        if wasInactive, stream.score.reset(to: 10) { streamScoresChanged() }
        if kind == .video { pollKeyFrameRequest(encoding: encodingIndex, at: now) }
        let sequence = stream.extendedSequence(of: header.sequenceNumber)
        if keepsHistory {
            if stream.history == nil { stream.history = PacketHistory() }
            stream.history?.store(packet, sequence: sequence)
        }

        guard !paused else { return }
        if kind == .audio, !router.rtpObservers.isEmpty, let id = routing.audioLevelExtensionId,
            let range = header.extensionValueRange(id: id, in: packet),
            let level = try? AudioLevelExtension(parsing: UnsafeRawBufferPointer(rebasing: packet[range]))
        {
            router.rtpObserversReceive(level, from: self, at: now)
        }
        guard !consumers.isEmpty else { return }

        guard
            let routed = routed(
                packet, header: header, codecIndex: codecIndex, encoding: encodingIndex, sequence: sequence,
                payloadInfo: payloadInfo, at: now)
        else { return }
        for consumer in consumers {
            consumer.send(routed, from: self)
        }
    }

    /// A packet its history kept, as the router forwards it again (a consumer
    /// resends it); nil when no longer held.
    func storedPacket(_ reference: UInt64, at now: UInt64) -> RoutedPacket? {
        let index = Int(reference >> 48)
        let sequence = Int64(reference & 0xFFFF_FFFF_FFFF)
        guard index < receiveStreams.count, let packet = receiveStreams[index]?.history?.packet(sequence),
            let header = try? RTPHeaderFields.parse(packet),
            let codecIndex = routing.codecIndex(payloadType: header.payloadType)
        else { return nil }
        return routed(
            packet, header: header, codecIndex: codecIndex, encoding: index, sequence: sequence,
            payloadInfo: inspect(packet, header: header, codecIndex: codecIndex), at: now)
    }

    /// What a video payload tells (keyframe, layers, picture IDs); nothing for
    /// audio or a payload its codec's parser refuses.
    private func inspect(_ packet: UnsafeRawBufferPointer, header: RTPHeaderFields, codecIndex: Int) -> PayloadInfo {
        guard kind == .video, let codec = routing.payloadCodecs[codecIndex] else { return PayloadInfo() }
        let payload = UnsafeRawBufferPointer(
            rebasing: packet[header.payloadOffset..<(header.payloadOffset + header.payloadLength)])
        return (try? CodecPayload.inspect(payload, codec: codec)) ?? PayloadInfo()
    }

    /// A packet of an encoding as the router hands it to consumers: the
    /// router's payload type and the encoding's mapped SSRC, its header
    /// extension values located (in the media plane's table, until the next
    /// packet); nil when the mapping has neither.
    private func routed(
        _ packet: UnsafeRawBufferPointer, header: RTPHeaderFields, codecIndex: Int, encoding index: Int,
        sequence: Int64, payloadInfo: PayloadInfo, at now: UInt64
    ) -> RoutedPacket? {
        let routing = self.routing
        guard let payloadType = routing.mappedPayloadTypes[codecIndex], let ssrc = routing.mappedSsrcs[index] else {
            return nil
        }
        let values = runtime.media.extensionValues
        routing.locateExtensions(in: packet, header: header, into: values)
        return RoutedPacket(
            bytes: packet, header: header, payloadType: payloadType, ssrc: ssrc, encodingIndex: index,
            sequence: sequence, payloadInfo: payloadInfo, codec: routing.payloadCodecs[codecIndex], arrival: now,
            extensionValues: UnsafePointer(values))
    }

    /// An RTX packet of an encoding back into the packet it repairs, in place
    /// (RFC 4588): nil when its stream has not started, its payload type is
    /// not an RTX one, or it carries no packet (padding).
    private func decodeRTX(
        _ packet: UnsafeMutableRawBufferPointer, header: RTPHeaderFields, encoding index: Int, routing: ProducerRouting
    ) -> (UnsafeRawBufferPointer, RTPHeaderFields)? {
        guard let mediaSsrc = receiveStreams[index]?.ssrc,
            let codecIndex = routing.codecIndex(payloadType: header.payloadType),
            let mediaPayloadType = routing.repairedPayloadTypes[codecIndex],
            let decoded = RTXDecoding.decode(
                packet, length: packet.count, mediaPayloadType: mediaPayloadType, mediaSSRC: mediaSsrc)
        else { return nil }
        let restored = UnsafeRawBufferPointer(rebasing: packet[0..<decoded.length])
        guard let header = try? RTPHeaderFields.parse(restored) else { return nil }
        return (restored, header)
    }

    /// The encoding a packet belongs to: by SSRC (media or RTX), else by the RID
    /// header extension, else the only encoding when it has neither (its SSRC
    /// is then learned from the first packet).
    private func encodingIndex(
        of header: RTPHeaderFields, in packet: UnsafeRawBufferPointer, routing: ProducerRouting
    ) -> Int? {
        let ssrc = header.ssrc
        for index in routing.ssrcs.indices where routing.ssrcs[index] == ssrc || routing.rtxSsrcs[index] == ssrc {
            return index
        }
        if let index = receiveStreams.firstIndex(where: { $0?.ssrc == ssrc }) {
            return index
        }
        if let ridId = routing.ridExtensionId, let range = header.extensionValueRange(id: ridId, in: packet),
            let index = routing.rids.firstIndex(where: { rid in rid.map { packet[range].elementsEqual($0.utf8) } ?? false }),
            receiveStreams[index] == nil
        {
            return index
        }
        if routing.ssrcs.count == 1, routing.ssrcs[0] == 0, receiveStreams[0] == nil {
            return 0
        }
        return nil
    }

    /// One `inbound-rtp` element per receive stream.
    func receiveStats() -> [RtpStreamStats] {
        let timestamp = Date().timeIntervalSince1970 * 1000
        let now = monotonicMilliseconds()
        return receiveStreams.compactMap { $0?.stats(kind: kind, timestamp: timestamp, now: now) }
    }
}
