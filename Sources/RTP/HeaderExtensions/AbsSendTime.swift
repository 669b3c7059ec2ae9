// abs-send-time (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time):
// the send time as 24-bit 6.18 fixed point seconds, wrapping every 64 s.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=2 |              absolute send time               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// The absolute send time of a packet, in 6.18 fixed point seconds.
public struct AbsSendTimeExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"

    /// The 24-bit field: 6 bits of seconds, 18 bits of fraction.
    public var rawValue: UInt32 {
        didSet { rawValue &= 0xFF_FFFF }
    }

    /// The field value `rawValue` (masked to 24 bits).
    public init(rawValue: UInt32) {
        self.rawValue = rawValue & 0xFF_FFFF
    }

    /// The send time `milliseconds` (of any clock), rounded to the nearest
    /// 1/262144 s, modulo 64 s.
    public init(milliseconds: UInt64) {
        self.init(rawValue: UInt32(truncatingIfNeeded: ((milliseconds << 18) + 500) / 1000))
    }

    /// The time within the 64 s window, in microseconds.
    public var microseconds: UInt64 {
        (UInt64(rawValue) * 1_000_000) >> 18
    }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 3 else { throw .badExtensionValue(length: value.count) }
        self.rawValue = value.u24(0)
    }

    public var serializedSize: Int { 3 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(3, "buffer too small for abs-send-time")
        buffer.put24(rawValue, at: 0)
        return 3
    }
}
