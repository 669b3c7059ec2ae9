import Mediasoup
import RTP

/// What a producer knows of one of its incoming RTP streams (one encoding):
/// RFC 3550 reception statistics, the NACKs it sends for gaps, its score,
/// counters for `inbound-rtp` stats, activity, and the packets its consumers
/// may have to resend. A class: the packet path changes it in place, through
/// one reference, without copying its parts.
package final class ProducerReceiveStream {
    package let encodingIndex: Int
    package let ssrc: UInt32
    package let rid: String?
    package let mimeType: String
    package let clockRate: Int
    /// The RTX stream repairing it (SSRC from the parameters), if any.
    package let rtxSsrc: UInt32?
    package var traffic = TrafficCounter()
    /// Bits per second of each temporal layer (a packet without one counts
    /// as layer 0), as mediasoup's per-layer counters: what a consumer's
    /// layers cost when its transport's bitrate is shared out.
    private var temporalLayerRates = [RateCalculator](repeating: RateCalculator(), count: maxTemporalLayers)
    package var statistics: ReceiveStreamStatistics
    /// Whether its sender negotiated NACK (then ``nack`` exists).
    package let usesNack: Bool
    /// Gaps to ask the sender for again; nil when NACK was not negotiated.
    package var nack: NackGenerator?
    /// 0…10: 10 while receiving (lowered by loss the sender reports on), 0
    /// once inactive.
    package var score = StreamScore(score: 10)
    /// Packets kept for consumers' retransmissions; nil until a consumer needs them.
    package var history: PacketHistory?
    package private(set) var lastArrival: UInt64 = 0
    /// When the current run of packets began (the first packet, or the first
    /// after a second without any).
    private var receivingSince: UInt64 = 0
    package private(set) var keyFrames = 0
    /// RTX packets dropped: nothing missing to repair, or not decodable.
    package var rtxPacketsDiscarded = 0
    /// Keyframe requests (PLI) sent to the sender about this stream.
    package var pliCount = 0
    /// Keyframe requests sent to the sender about this stream.
    package var keyFrameRequests = KeyFrameRequestState()

    /// How long a stream may receive nothing before it counts as inactive:
    /// its score drops to 0, and a simulcast consumer stops choosing it
    /// (mediasoup's RtpStreamRecv inactivity check, 1,500 ms).
    package static let inactivityMilliseconds: UInt64 = 1500
    /// The temporal layers counted apart; higher ones count as the highest.
    package static let maxTemporalLayers = 4

    package init(
        encodingIndex: Int, ssrc: UInt32, rid: String?, mimeType: String, clockRate: Int, rtxSsrc: UInt32?,
        usesNack: Bool
    ) {
        self.encodingIndex = encodingIndex
        self.ssrc = ssrc
        self.rid = rid
        self.mimeType = mimeType
        self.clockRate = clockRate
        self.rtxSsrc = rtxSsrc
        // mediasoup's limits: a reorder of up to 1,500 packets is no restart;
        // the first packet counts at once.
        statistics = ReceiveStreamStatistics(
            ssrc: ssrc, clockRate: UInt32(clamping: clockRate),
            configuration: .init(maxDropout: 3000, maxMisorder: 1500, minSequential: 1))
        self.usesNack = usesNack
        nack = usesNack ? NackGenerator() : nil
    }

    /// Counts a packet (`isRecovered`: decoded from RTX). Returns whether it
    /// goes on to the consumers: not a stray jump in sequence numbers (RFC
    /// 3550 A.1), and, when recovered, one that repairs a gap asked for.
    package func received(
        sequenceNumber: UInt16, timestamp: UInt32, bytes: Int, isKeyFrame: Bool, isRecovered: Bool,
        temporalLayer: Int? = nil, at now: UInt64
    ) -> Bool {
        var repaired = false
        if isRecovered {
            repaired = nack?.receive(sequenceNumber: sequenceNumber, isKeyFrame: isKeyFrame, isRecovered: true, now: now)
                ?? false
            guard repaired else {
                rtxPacketsDiscarded += 1
                return false
            }
        }
        switch statistics.receive(
            sequenceNumber: sequenceNumber, timestamp: timestamp, isRetransmission: isRecovered, now: now)
        {
        case .invalid, .probation:
            return false
        case .restarted:
            nack?.reset()
        case .valid:
            break
        }
        if repaired {
            statistics.countRepaired()
        } else {
            nack?.receive(sequenceNumber: sequenceNumber, isKeyFrame: isKeyFrame, isRecovered: false, now: now)
        }
        traffic.add(bytes: bytes, at: now)
        temporalLayerRates[min(max(temporalLayer ?? 0, 0), Self.maxTemporalLayers - 1)].add(bytes, at: now)
        if !isActive(at: now) { receivingSince = now }
        lastArrival = now
        if isKeyFrame {
            keyFrames += 1
            keyFrameRequests.keyFrameReceived()
        }
        return true
    }

    /// The extended sequence number of a packet of this stream (near the highest seen).
    package func extendedSequence(of sequenceNumber: UInt16) -> Int64 {
        extendSequenceNumber(sequenceNumber, near: statistics.extendedHighestSequenceNumber)
    }

    /// The bitrate of its temporal layers 0 through `temporalLayer`; 0 when
    /// that layer itself carried nothing (it is not being sent), as
    /// mediasoup's RtpStreamRecv counts a layer's cost. Over the last second;
    /// in a stream's first second, over the time it has been received (at
    /// least 100 ms), where mediasoup would take a part of a second for a
    /// whole one and think the stream cheaper than it is.
    package func bitrate(upToTemporalLayer temporalLayer: Int, at now: UInt64) -> Int {
        guard temporalLayer >= 0, temporalLayer < Self.maxTemporalLayers else { return 0 }
        let layer = temporalLayerRates[temporalLayer].bitrate(at: now)
        guard layer > 0 else { return 0 }
        let overSecond = temporalLayerRates[..<temporalLayer].reduce(layer) { $0 + $1.bitrate(at: now) }
        let received = now > receivingSince ? now - receivingSince : 0
        guard received < 1000 else { return overSecond }
        return overSecond * 1000 / Int(max(received, 100))
    }

    /// Whether the stream received a packet within the last `milliseconds`.
    package func isActive(at now: UInt64, within milliseconds: UInt64 = 1000) -> Bool {
        lastArrival != 0 && (now < lastArrival || now - lastArrival <= milliseconds)
    }

    package func stats(kind: MediaKind, timestamp: Double, now: UInt64) -> RtpStreamStats {
        var stats = RtpStreamStats(type: "inbound-rtp", timestamp: timestamp, ssrc: ssrc, kind: kind, mimeType: mimeType)
        stats.rid = rid
        stats.rtxSsrc = rtxSsrc
        stats.packetCount = traffic.packets
        stats.byteCount = traffic.bytes
        stats.bitrate = traffic.bitrate(at: now)
        stats.packetsLost = Int(max(statistics.cumulativeLost, 0))
        stats.fractionLost = Int(statistics.fractionLost)
        stats.packetsDiscarded = Int(clamping: statistics.packetsDiscarded)
        stats.packetsRetransmitted = Int(clamping: statistics.packetsRetransmitted)
        stats.packetsRepaired = Int(clamping: statistics.packetsRepaired)
        stats.nackCount = Int(clamping: nack?.nackCount ?? 0)
        stats.nackPacketCount = Int(clamping: nack?.nackPacketCount ?? 0)
        stats.pliCount = pliCount
        stats.jitter = Int(statistics.jitter)
        stats.score = Int(score.score)
        if rtxSsrc != nil { stats.rtxPacketsDiscarded = rtxPacketsDiscarded }
        stats.bitrateByLayer = [:]
        return stats
    }
}

extension ProducerReceiveStream {
    /// Whether the encoding's stream is receiving: it received RTP, and, when
    /// the producer has several encodings, within the last
    /// ``inactivityMilliseconds``.
    package static func isEncodingActive(_ index: Int, of streams: [ProducerReceiveStream?], at now: UInt64) -> Bool {
        guard index >= 0, index < streams.count, let stream = streams[index] else { return false }
        guard streams.count > 1 else { return true }
        return stream.isActive(at: now, within: inactivityMilliseconds)
    }

    /// The encoding a simulcast consumer preferring `preferred` should send:
    /// the highest active one up to it, else the lowest active one above it
    /// (as mediasoup, which goes beyond the preferred layer only when nothing
    /// lower is available); nil when none is active.
    package static func simulcastTarget(of streams: [ProducerReceiveStream?], preferred: Int, at now: UInt64) -> Int? {
        guard !streams.isEmpty else { return nil }
        let ceiling = min(max(preferred, 0), streams.count - 1)
        if let index = (0...ceiling).reversed().first(where: { isEncodingActive($0, of: streams, at: now) }) {
            return index
        }
        return (ceiling..<streams.count).first { isEncodingActive($0, of: streams, at: now) }
    }
}
