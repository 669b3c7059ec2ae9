import Mediasoup

/// What a producer knows of one of its incoming RTP streams (one encoding):
/// counters for `inbound-rtp` stats, loss from sequence numbers, activity.
struct ProducerReceiveStream {
    let encodingIndex: Int
    let ssrc: UInt32
    let rid: String?
    let mimeType: String
    let clockRate: Int
    var traffic = TrafficCounter()
    /// Highest extended sequence number seen, and the first one.
    private var highestSequence: Int64 = -1
    private var firstSequence: Int64 = 0
    private(set) var lastArrival: UInt64 = 0
    private(set) var keyFrames = 0
    /// Keyframe requests sent to the sender about this stream.
    var keyFrameRequests = KeyFrameRequestState()

    /// How long a stream of a producer with several encodings may receive
    /// nothing before it counts as stopped: mediasoup's RTP inactivity check
    /// (RtpStreamRecv's InactivityCheckInterval, 1,500 ms, which mediasoup
    /// runs only for simulcast producers of more than one encoding).
    static let simulcastInactivityMilliseconds: UInt64 = 1500

    init(encodingIndex: Int, ssrc: UInt32, rid: String?, mimeType: String, clockRate: Int) {
        self.encodingIndex = encodingIndex
        self.ssrc = ssrc
        self.rid = rid
        self.mimeType = mimeType
        self.clockRate = clockRate
    }

    /// Counts a packet; extends its 16-bit sequence number with the cycles seen.
    mutating func received(sequenceNumber: UInt16, bytes: Int, isKeyFrame: Bool, at now: UInt64) {
        traffic.add(bytes: bytes, at: now)
        lastArrival = now
        if isKeyFrame {
            keyFrames += 1
            keyFrameRequests.keyFrameReceived()
        }
        if highestSequence < 0 {
            highestSequence = Int64(sequenceNumber)
            firstSequence = highestSequence
            return
        }
        let cycle = highestSequence & ~0xFFFF
        var extended = cycle | Int64(sequenceNumber)
        if extended < highestSequence - 0x8000 { extended += 0x10000 } else if extended > highestSequence + 0x8000 {
            extended -= 0x10000
        }
        highestSequence = max(highestSequence, extended)
    }

    /// Packets expected from the sequence numbers minus packets received (never negative).
    var packetsLost: Int {
        guard highestSequence >= 0 else { return 0 }
        return max(0, Int(highestSequence - firstSequence + 1) - traffic.packets)
    }

    /// Whether the stream received a packet within the last `milliseconds`.
    func isActive(at now: UInt64, within milliseconds: UInt64 = 1000) -> Bool {
        lastArrival != 0 && (now < lastArrival || now - lastArrival <= milliseconds)
    }

    func stats(kind: MediaKind, timestamp: Double, now: UInt64) -> RtpStreamStats {
        var stats = RtpStreamStats(type: "inbound-rtp", timestamp: timestamp, ssrc: ssrc, kind: kind, mimeType: mimeType)
        stats.rid = rid
        stats.packetCount = traffic.packets
        stats.byteCount = traffic.bytes
        stats.bitrate = traffic.bitrate(at: now)
        stats.packetsLost = packetsLost
        stats.jitter = 0
        stats.score = isActive(at: now, within: 2000) ? 10 : 0
        stats.bitrateByLayer = [:]
        return stats
    }
}
