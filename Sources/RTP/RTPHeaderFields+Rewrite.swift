// In-place rewriting of the RTP fixed header (RFC 3550 §5.1), the forwarding
// path's per-consumer edits: no allocation, no copy of the payload.

extension RTPHeaderFields {
    /// Sets the payload type (masked to 7 bits), keeping the marker bit.
    ///
    /// - Precondition: `packet` holds at least the 12-byte fixed header (any
    ///   buffer that ``parse(_:)`` accepted does).
    @inline(__always)
    public static func setPayloadType(_ payloadType: UInt8, in packet: UnsafeMutableRawBufferPointer) {
        precondition(packet.count >= fixedHeaderSize, "not an RTP header")
        packet[1] = (packet[1] & 0x80) | (payloadType & 0x7F)
    }

    /// Sets or clears the marker bit, keeping the payload type.
    ///
    /// - Precondition: `packet` holds at least the 12-byte fixed header.
    @inline(__always)
    public static func setMarker(_ marker: Bool, in packet: UnsafeMutableRawBufferPointer) {
        precondition(packet.count >= fixedHeaderSize, "not an RTP header")
        packet[1] = (packet[1] & 0x7F) | (marker ? 0x80 : 0)
    }

    /// Sets the sequence number.
    ///
    /// - Precondition: `packet` holds at least the 12-byte fixed header.
    @inline(__always)
    public static func setSequenceNumber(_ sequenceNumber: UInt16, in packet: UnsafeMutableRawBufferPointer) {
        precondition(packet.count >= fixedHeaderSize, "not an RTP header")
        packet.put16(sequenceNumber, at: 2)
    }

    /// Sets the timestamp.
    ///
    /// - Precondition: `packet` holds at least the 12-byte fixed header.
    @inline(__always)
    public static func setTimestamp(_ timestamp: UInt32, in packet: UnsafeMutableRawBufferPointer) {
        precondition(packet.count >= fixedHeaderSize, "not an RTP header")
        packet.put32(timestamp, at: 4)
    }

    /// Sets the SSRC.
    ///
    /// - Precondition: `packet` holds at least the 12-byte fixed header.
    @inline(__always)
    public static func setSSRC(_ ssrc: UInt32, in packet: UnsafeMutableRawBufferPointer) {
        precondition(packet.count >= fixedHeaderSize, "not an RTP header")
        packet.put32(ssrc, at: 8)
    }
}
