/// A probation packet: RTP that carries nothing but its size and a
/// transport-wide sequence number, sent to probe for bandwidth. As
/// mediasoup's RtpProbationGenerator: SSRC 1234 and payload type 127 (the
/// "probator" stream mediasoup-client announces to the browser), zeros for
/// payload.
///
///   +--------------------------------+
///   | V=2 X=1, PT 127, seq, ts, 1234 |  12 bytes
///   | 0xBEDE, 1 word: id, seq, 0     |   8 bytes
///   | zeros                          |  the rest
///   +--------------------------------+
package enum ProbationPacket {
    package static let ssrc: UInt32 = 1234
    package static let payloadType: UInt8 = 127
    /// Its header and transport-wide extension.
    package static let headerLength = 20
    /// The largest one.
    package static let maxLength = 1_000

    /// Writes one of `length` bytes (clamped to headerLength...maxLength and
    /// the slot) into `slot`; returns its length.
    package static func write(
        into slot: UnsafeMutableRawBufferPointer, length: Int, sequenceNumber: UInt16, timestamp: UInt32,
        transportWideCcId: UInt8, transportWideSequenceNumber: UInt16
    ) -> Int? {
        let length = min(max(length, headerLength), maxLength)
        guard slot.count >= length, (1...14).contains(transportWideCcId) else { return nil }
        slot[0] = 0x90
        slot[1] = payloadType
        slot.storeBytes(of: sequenceNumber.bigEndian, toByteOffset: 2, as: UInt16.self)
        slot.storeBytes(of: timestamp.bigEndian, toByteOffset: 4, as: UInt32.self)
        slot.storeBytes(of: ssrc.bigEndian, toByteOffset: 8, as: UInt32.self)
        slot.storeBytes(of: UInt32(0xBEDE_0001).bigEndian, toByteOffset: 12, as: UInt32.self)
        slot[16] = transportWideCcId << 4 | 1
        slot.storeBytes(of: transportWideSequenceNumber.bigEndian, toByteOffset: 17, as: UInt16.self)
        slot[19] = 0
        UnsafeMutableRawBufferPointer(rebasing: slot[headerLength..<length]).initializeMemory(as: UInt8.self, repeating: 0)
        return length
    }
}
