// abs-capture-time (http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time):
// the NTP time (UQ32.32) at which the first sample of the frame was captured,
// and optionally the sender's estimate of the offset between its clock and the
// capturer's (Q32.32, signed).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=7 |     absolute capture timestamp (bit 0-23)     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |             absolute capture timestamp (bit 24-55)            |
//  |  ... (56-63)  |
//  +-+-+-+-+-+-+-+-+
//
// With the offset the element is 16 bytes (len=15): the timestamp, then the
// estimated capture clock offset.

/// The absolute capture time of a frame.
public struct AbsCaptureTimeExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time"

    /// The capture time as a 64-bit NTP timestamp (UQ32.32 seconds since 1900).
    public var absoluteCaptureTimestamp: UInt64
    /// The estimated capture clock offset (Q32.32 seconds), when sent.
    public var estimatedCaptureClockOffset: Int64?

    /// A value; without an offset it serializes in 8 bytes, with one in 16.
    public init(absoluteCaptureTimestamp: UInt64, estimatedCaptureClockOffset: Int64? = nil) {
        self.absoluteCaptureTimestamp = absoluteCaptureTimestamp
        self.estimatedCaptureClockOffset = estimatedCaptureClockOffset
    }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 8 || value.count == 16 else { throw .badExtensionValue(length: value.count) }
        self.absoluteCaptureTimestamp = value.u64(0)
        self.estimatedCaptureClockOffset = value.count == 16 ? Int64(bitPattern: value.u64(8)) : nil
    }

    public var serializedSize: Int { estimatedCaptureClockOffset == nil ? 8 : 16 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(serializedSize, "buffer too small for abs-capture-time")
        buffer.put64(absoluteCaptureTimestamp, at: 0)
        guard let offset = estimatedCaptureClockOffset else { return 8 }
        buffer.put64(UInt64(bitPattern: offset), at: 8)
        return 16
    }
}
