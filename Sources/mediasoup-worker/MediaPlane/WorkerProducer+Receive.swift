#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mediasoup
import RTP

// The receive side of a producer: which of its encodings a packet belongs to,
// the mapping onto the router's payload types and SSRCs, counters, and the
// hand-off to the producer's consumers.

extension WorkerProducer {
    /// Takes an RTP packet the transport found to be this producer's.
    func receive(_ packet: RTPPacket, at now: UInt64) {
        guard let encodingIndex = encodingIndex(of: packet) else {
            transport.rtpPacketsDiscarded += 1
            return
        }
        let encoding = rtpParameters.encodings[encodingIndex]
        // RTX repairs come with NACK support; until then they are counted and dropped.
        if let rtxSsrc = encoding.rtxSsrc, rtxSsrc == packet.ssrc, rtxSsrc != encoding.ssrc {
            transport.rtpPacketsDiscarded += 1
            return
        }
        guard let mapped = rtpMapping.codecs.first(where: { $0.payloadType == packet.payloadType }),
            let codecIndex = rtpParameters.codecs.firstIndex(where: { $0.payloadType == packet.payloadType }),
            !rtpParameters.mimeTypes[codecIndex].isRtx,
            encodingIndex < rtpMapping.encodings.count
        else {
            transport.rtpPacketsDiscarded += 1
            return
        }
        let mimeType = rtpParameters.mimeTypes[codecIndex]
        let payloadInfo = try? CodecPayload.inspect(packet.payload, mimeType: mimeType.string)
        let isKeyFrame = kind == .video && payloadInfo?.isKeyFrame == true

        if receiveStreams[encodingIndex] == nil {
            receiveStreams[encodingIndex] = ProducerReceiveStream(
                encodingIndex: encodingIndex, ssrc: packet.ssrc, rid: encoding.rid, mimeType: mimeType.string,
                clockRate: rtpParameters.codecs[codecIndex].clockRate)
        }
        receiveStreams[encodingIndex]?.received(
            sequenceNumber: packet.sequenceNumber, bytes: packet.bytes.count, isKeyFrame: isKeyFrame, at: now)
        if kind == .video { pollKeyFrameRequest(encoding: encodingIndex, at: now) }

        guard !paused else { return }
        if kind == .audio, !router.rtpObservers.isEmpty { router.rtpObserversReceive(packet, from: self, at: now) }

        guard
            let routed = try? RTPPacket(
                payloadType: mapped.mappedPayloadType, sequenceNumber: packet.sequenceNumber,
                timestamp: packet.timestamp, ssrc: rtpMapping.encodings[encodingIndex].mappedSsrc,
                marker: packet.marker, payload: packet.payload)
        else { return }
        var extensions: [RtpHeaderExtensionUri: ArraySlice<UInt8>] = [:]
        for ext in rtpParameters.headerExtensions {
            if let value = packet.headerExtension(id: ext.id) { extensions[ext.uri] = value }
        }
        let forwarded = RoutedPacket(
            packet: routed, extensions: extensions, encodingIndex: encodingIndex, isKeyFrame: isKeyFrame,
            arrival: now)
        for consumer in router.consumers(ofProducer: id) {
            consumer.send(forwarded)
        }
    }

    /// The encoding a packet belongs to: by SSRC (media or RTX), else by the RID
    /// header extension, else the only encoding when it has neither (its SSRC
    /// is then learned from the first packet).
    private func encodingIndex(of packet: RTPPacket) -> Int? {
        let encodings = rtpParameters.encodings
        if let index = encodings.firstIndex(where: { $0.ssrc == packet.ssrc || $0.rtxSsrc == packet.ssrc }) {
            return index
        }
        if let index = receiveStreams.firstIndex(where: { $0?.ssrc == packet.ssrc }) {
            return index
        }
        if let ridId = rtpParameters.headerExtensions.first(where: { $0.uri == .rtpStreamId })?.id,
            let value = packet.headerExtension(id: ridId),
            let rid = String(bytes: value, encoding: .utf8),
            let index = encodings.firstIndex(where: { $0.rid == rid }),
            receiveStreams[index] == nil
        {
            return index
        }
        if encodings.count == 1, encodings[0].ssrc == 0, receiveStreams[0] == nil {
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

    /// Whether the encoding's stream is receiving: it received RTP, and, when
    /// the producer has several encodings, within the last
    /// ``ProducerReceiveStream/simulcastInactivityMilliseconds``.
    func isEncodingActive(_ index: Int, at now: UInt64) -> Bool {
        guard index >= 0, index < receiveStreams.count, let stream = receiveStreams[index] else { return false }
        guard receiveStreams.count > 1 else { return true }
        return stream.isActive(at: now, within: ProducerReceiveStream.simulcastInactivityMilliseconds)
    }

    /// The encoding a simulcast consumer preferring `preferred` should send:
    /// the highest active one up to it, else the lowest active one above it
    /// (as mediasoup, which goes beyond the preferred layer only when nothing
    /// lower is available); -1 when none is active.
    func simulcastTarget(preferred: Int, at now: UInt64) -> Int {
        let count = receiveStreams.count
        guard count > 0 else { return -1 }
        let ceiling = min(max(preferred, 0), count - 1)
        if let index = (0...ceiling).reversed().first(where: { isEncodingActive($0, at: now) }) { return index }
        return (ceiling..<count).first { isEncodingActive($0, at: now) } ?? -1
    }
}
