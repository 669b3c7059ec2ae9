// ssrc-audio-level (RFC 6464 §3): the level of the audio in the packet, in
// -dBov (0 is loudest, 127 silence), and whether the sender detected voice.
//
//   0                   1
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=0 |V| level       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// The client-to-mixer audio level of a packet (RFC 6464).
public struct AudioLevelExtension: RTPHeaderExtensionValue, Hashable {
    public static let uri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"

    /// The V flag: the sender's voice activity detection found speech.
    public var voiceActivity: Bool
    /// The level in -dBov, 0 (loudest) to 127 (silence or muted).
    public var level: UInt8 {
        didSet { level &= 0x7F }
    }

    /// A value with `level` (masked to 7 bits) and `voiceActivity`.
    public init(level: UInt8, voiceActivity: Bool) {
        self.level = level & 0x7F
        self.voiceActivity = voiceActivity
    }

    /// The level in dBov: 0 to -127.
    public var dBov: Int { -Int(level) }

    public init(parsing value: UnsafeRawBufferPointer) throws(RTPParseError) {
        guard value.count == 1 else { throw .badExtensionValue(length: value.count) }
        self.voiceActivity = value.u8(0) & 0x80 != 0
        self.level = value.u8(0) & 0x7F
    }

    public var serializedSize: Int { 1 }

    public func serialize(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        buffer.require(1, "buffer too small for ssrc-audio-level")
        buffer.put8((voiceActivity ? 0x80 : 0) | level, at: 0)
        return 1
    }
}
