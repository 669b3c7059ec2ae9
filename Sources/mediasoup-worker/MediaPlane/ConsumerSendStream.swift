import Mediasoup

/// One RTP stream a consumer sends: its SSRC, and the rewriting that keeps
/// its sequence numbers and timestamps continuous when the consumer pauses
/// and resumes or switches between the producer's streams.
struct ConsumerSendStream {
    let ssrc: UInt32
    let clockRate: Int
    var traffic = TrafficCounter()

    private var started = false
    private var sequenceOffset: UInt16 = 0
    private var timestampOffset: UInt32 = 0
    private var lastSequence: UInt16 = 0
    private var lastTimestamp: UInt32 = 0
    private var lastSent: UInt64 = 0
    /// Set when the next packet starts a new run (after a pause or a switch of source stream).
    private var resync = true
    /// The source stream (producer encoding) the last packet came from.
    private var sourceEncoding = -1

    init(ssrc: UInt32, clockRate: Int) {
        self.ssrc = ssrc
        self.clockRate = clockRate
    }

    /// The next packet starts a new run: its sequence number follows the last
    /// one sent, whatever gap the source had meanwhile.
    mutating func restart() { resync = true }

    /// The sequence number and timestamp to send for a source packet.
    ///
    /// A new run continues the sequence numbers without a gap. Within one
    /// source stream timestamps keep their offset (they come from one clock);
    /// a switch to another source stream moves the timestamp on by the time
    /// elapsed since the last packet sent.
    mutating func rewrite(
        sequenceNumber: UInt16, timestamp: UInt32, encoding: Int, at now: UInt64
    ) -> (sequenceNumber: UInt16, timestamp: UInt32) {
        if !started {
            started = true
            sequenceOffset = 0
            timestampOffset = 0
        } else if resync || encoding != sourceEncoding {
            sequenceOffset = lastSequence &+ 1 &- sequenceNumber
            if encoding != sourceEncoding {
                let milliseconds = now > lastSent ? now - lastSent : 0
                let elapsed = UInt32(truncatingIfNeeded: milliseconds &* UInt64(clockRate) / 1000)
                timestampOffset = lastTimestamp &+ max(elapsed, 1) &- timestamp
            }
        }
        resync = false
        sourceEncoding = encoding
        lastSequence = sequenceNumber &+ sequenceOffset
        lastTimestamp = timestamp &+ timestampOffset
        lastSent = now
        return (lastSequence, lastTimestamp)
    }
}
