// playout-delay (http://www.webrtc.org/experiments/rtp-hdrext/playout-delay):
// the minimum and maximum delay the receiver should apply before rendering,
// each 12 bits in units of 10 ms (0 to 40.95 s).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=2 |       MIN delay       |       MAX delay       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// The playout delay limits requested by the sender.
public struct PlayoutDelayExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"

    /// The minimum delay in units of 10 ms (0–4095).
    public var minimum: UInt16 {
        didSet { minimum &= 0x0FFF }
    }
    /// The maximum delay in units of 10 ms (0–4095).
    public var maximum: UInt16 {
        didSet { maximum &= 0x0FFF }
    }

    /// A value in units of 10 ms; each is masked to 12 bits.
    public init(minimum: UInt16, maximum: UInt16) {
        self.minimum = minimum & 0x0FFF
        self.maximum = maximum & 0x0FFF
    }

    /// The minimum delay in milliseconds.
    public var minimumMilliseconds: Int { Int(minimum) * 10 }
    /// The maximum delay in milliseconds.
    public var maximumMilliseconds: Int { Int(maximum) * 10 }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 3 else { throw .badExtensionValue(length: value.count) }
        let field = value.u24(0)
        self.minimum = UInt16(field >> 12)
        self.maximum = UInt16(field & 0x0FFF)
    }

    public var serializedSize: Int { 3 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(3, "buffer too small for playout-delay")
        buffer.put24(UInt32(minimum) << 12 | UInt32(maximum), at: 0)
        return 3
    }
}
