import Mediasoup
import RTP

/// One RTP stream a consumer sends: its SSRC, the rewriting that keeps its
/// sequence numbers and timestamps continuous when the consumer pauses and
/// resumes or switches between the producer's streams, what it sent (for its
/// sender reports and for the NACKs of its endpoint), and its score.
package struct ConsumerSendStream {
    package let ssrc: UInt32
    package let clockRate: Int
    /// The RTX stream its retransmissions go out on; nil: resent as they were.
    package let rtx: RetransmissionBuffer.RTX?
    /// Whether its endpoint negotiated NACK: sent packets are then remembered.
    package let usesNack: Bool
    package var traffic = TrafficCounter()
    /// Which packets went under which sequence number; allocated with the first one sent.
    package var retransmissions: RetransmissionSchedule?
    /// The next RTX sequence number (random start, RFC 4588 §4).
    package var rtxSequenceNumber = UInt16.random(in: 0...UInt16.max)
    package var senderReport: SenderReportGenerator
    /// 0…10, from its endpoint's receiver reports.
    package var score = StreamScore(score: 10)
    /// Keyframe requests from its endpoint.
    package var pliCount = 0
    package var firCount = 0

    /// Its sequence numbers from the source's (continuous across runs and drops).
    private var sequenceNumbers = SequenceMapper(bits: 16)
    /// VP8 picture IDs and TL0PICIDX from the source's, likewise; nil until
    /// the first VP8 packet with them (the picture ID's width decides).
    package var pictureIds: SequenceMapper?
    package var tl0PictureIndices = SequenceMapper(bits: 8)
    private var started = false
    private var timestampOffset: UInt32 = 0
    private var lastTimestamp: UInt32 = 0
    private var lastSent: UInt64 = 0
    /// Set when the next packet starts a new run (after a pause or a switch of source stream).
    private var resync = true
    /// The source stream (producer encoding) the last packet came from.
    private var sourceEncoding = -1

    package init(ssrc: UInt32, clockRate: Int, rtx: RetransmissionBuffer.RTX?, usesNack: Bool) {
        self.ssrc = ssrc
        self.clockRate = clockRate
        self.rtx = rtx
        self.usesNack = usesNack
        senderReport = SenderReportGenerator(ssrc: ssrc, clockRate: UInt32(clamping: clockRate))
    }

    /// The next packet starts a new run: its sequence number follows the last
    /// one sent, whatever gap the source had meanwhile. What was sent before
    /// is not resent any more (mediasoup clears its buffer on pause too).
    package mutating func restart() {
        resync = true
        retransmissions?.clear()
    }

    /// The sequence number and timestamp to send for a source packet; nil
    /// when it is not to be sent (dropped before, or too late).
    ///
    /// A new run continues the sequence numbers without a gap (and the VP8
    /// picture IDs and TL0PICIDX). Within one source stream timestamps keep
    /// their offset (they come from one clock); a switch to another source
    /// stream moves the timestamp on by the time elapsed since the last packet
    /// sent. A packet older than the last one sent (reordered, or repaired by
    /// RTX) keeps its place.
    package mutating func rewrite(
        sequenceNumber: UInt16, timestamp: UInt32, encoding: Int, at now: UInt64
    ) -> (sequenceNumber: UInt16, timestamp: UInt32)? {
        let switched = started && encoding != sourceEncoding
        if resync || switched {
            sequenceNumbers.restart()
            pictureIds?.restart()
            tl0PictureIndices.restart()
        }
        if switched {
            let milliseconds = now > lastSent ? now - lastSent : 0
            let elapsed = UInt32(truncatingIfNeeded: milliseconds &* UInt64(clockRate) / 1000)
            timestampOffset = lastTimestamp &+ max(elapsed, 1) &- timestamp
        }
        started = true
        resync = false
        sourceEncoding = encoding
        guard let mapped = sequenceNumbers.map(UInt32(sequenceNumber)) else { return nil }
        let rewrittenTimestamp = timestamp &+ timestampOffset
        if mapped == sequenceNumbers.newestOutput {
            lastTimestamp = rewrittenTimestamp
            lastSent = now
        }
        return (UInt16(truncatingIfNeeded: mapped), rewrittenTimestamp)
    }

    /// A source packet not forwarded (a temporal layer above the one sent):
    /// the numbers of the next ones close its gap.
    package mutating func drop(sequenceNumber: UInt16, pictureId: Int32) {
        sequenceNumbers.drop(UInt32(sequenceNumber))
        if pictureId >= 0 { pictureIds?.drop(UInt32(pictureId)) }
    }

    /// Records a copy sent: for the sender reports, and, with NACK, under its
    /// sequence number with `reference` to the producer's stored packet.
    package mutating func sent(
        sequenceNumber: UInt16, timestamp: UInt32, bytes: Int, payloadLength: Int, reference: UInt64, at now: UInt64
    ) {
        traffic.add(bytes: bytes, at: now)
        senderReport.packetSent(timestamp: timestamp, payloadLength: payloadLength, now: now)
        guard usesNack else { return }
        if retransmissions == nil { retransmissions = RetransmissionSchedule() }
        retransmissions?.store(sequenceNumber: sequenceNumber, timestamp: timestamp, reference: reference, now: now)
    }

    /// Takes its endpoint's report block: round-trip time (which also spaces
    /// retransmissions) and score. Returns whether the score changed.
    package mutating func receiveReportBlock(_ block: RTCPReportBlock, at now: UInt64) -> Bool {
        if let rtt = senderReport.receiveReportBlock(block, now: now) {
            retransmissions?.updateRoundTripTime(milliseconds: UInt64(rtt.rounded(.up)))
        }
        return score.update(
            packetsSent: UInt64(senderReport.packetCount), reportBlock: block,
            packetsRepaired: retransmissions?.packetsRepaired ?? 0,
            packetsRetransmitted: retransmissions?.packetsRetransmitted ?? 0)
    }
}

extension ConsumerSendStream {
    /// Rewrites, in place, the VP8 payload descriptor of a copy being sent
    /// (`payload`) so that its picture ID and TL0PICIDX continue this
    /// stream's numbering (across switches of source stream, and without the
    /// pictures of dropped temporal layers), as receivers expect.
    package mutating func rewriteVP8(_ payload: UnsafeMutableRawBufferPointer) {
        guard var descriptor = try? VP8PayloadDescriptor(parsing: UnsafeRawBufferPointer(payload)) else { return }
        var pictureId: UInt16?
        if let source = descriptor.pictureID {
            let bits = descriptor.hasLongPictureID ? 15 : 7
            if pictureIds?.bits != bits { pictureIds = SequenceMapper(bits: bits) }
            pictureId = pictureIds?.map(UInt32(source)).map { UInt16(truncatingIfNeeded: $0) }
        }
        let tl0 = descriptor.tl0PictureIndex.flatMap { tl0PictureIndices.map(UInt32($0)) }
            .map { UInt8(truncatingIfNeeded: $0) }
        guard pictureId != descriptor.pictureID || tl0 != descriptor.tl0PictureIndex else { return }
        try? descriptor.rewrite(in: payload, pictureID: pictureId, tl0PictureIndex: tl0)
    }
}
