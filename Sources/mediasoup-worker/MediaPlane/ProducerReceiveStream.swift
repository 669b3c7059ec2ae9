import Mediasoup
import RTP

/// What a producer knows of one of its incoming RTP streams (one encoding):
/// RFC 3550 reception statistics, the NACKs it sends for gaps, its score,
/// counters for `inbound-rtp` stats, activity, and the packets its consumers
/// may have to resend. A class: the packet path changes it in place, through
/// one reference, without copying its parts.
final class ProducerReceiveStream {
    let encodingIndex: Int
    let ssrc: UInt32
    let rid: String?
    let mimeType: String
    let clockRate: Int
    /// The RTX stream repairing it (SSRC from the parameters), if any.
    let rtxSsrc: UInt32?
    var traffic = TrafficCounter()
    var statistics: ReceiveStreamStatistics
    /// Whether its sender negotiated NACK (then ``nack`` exists).
    let usesNack: Bool
    /// Gaps to ask the sender for again; nil when NACK was not negotiated.
    var nack: NackGenerator?
    /// 0…10: 10 while receiving (lowered by loss the sender reports on), 0
    /// once inactive.
    var score = StreamScore(score: 10)
    /// Packets kept for consumers' retransmissions; nil until a consumer needs them.
    var history: PacketHistory?
    private(set) var lastArrival: UInt64 = 0
    private(set) var keyFrames = 0
    /// RTX packets dropped: nothing missing to repair, or not decodable.
    var rtxPacketsDiscarded = 0
    /// Keyframe requests (PLI) sent to the sender about this stream.
    var pliCount = 0
    /// Keyframe requests sent to the sender about this stream.
    var keyFrameRequests = KeyFrameRequestState()

    /// How long a stream may receive nothing before it counts as inactive:
    /// its score drops to 0, and a simulcast consumer stops choosing it
    /// (mediasoup's RtpStreamRecv inactivity check, 1,500 ms).
    static let inactivityMilliseconds: UInt64 = 1500

    init(
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
    func received(
        sequenceNumber: UInt16, timestamp: UInt32, bytes: Int, isKeyFrame: Bool, isRecovered: Bool, at now: UInt64
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
        lastArrival = now
        if isKeyFrame {
            keyFrames += 1
            keyFrameRequests.keyFrameReceived()
        }
        return true
    }

    /// The extended sequence number of a packet of this stream (near the highest seen).
    func extendedSequence(of sequenceNumber: UInt16) -> Int64 {
        extendSequenceNumber(sequenceNumber, near: statistics.extendedHighestSequenceNumber)
    }

    /// Whether the stream received a packet within the last `milliseconds`.
    func isActive(at now: UInt64, within milliseconds: UInt64 = 1000) -> Bool {
        lastArrival != 0 && (now < lastArrival || now - lastArrival <= milliseconds)
    }

    func stats(kind: MediaKind, timestamp: Double, now: UInt64) -> RtpStreamStats {
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
