// RFC 4588 §4 on the send side: a packet into the RTX packet that carries it
// (the layout is drawn in RetransmissionBuffer.swift). The original sequence
// number (OSN) goes in front of the payload; the RTX stream's SSRC, payload
// type and sequence number replace the original's; the padding goes
// (mediasoup drops it too). The inverse is RTXDecoding.swift.

/// Encoding of RTX packets (RFC 4588), in place.
public enum RTXEncoding {
    /// Bytes an RTX packet adds to the packet it carries (the OSN).
    public static let overhead = 2

    /// Turns the RTP packet at the start of `packet` (`length` bytes) into an
    /// RTX packet, in place, and returns its length; nil when it is not RTP or
    /// `packet` has no room for the ``overhead``.
    ///
    /// - Parameters:
    ///   - ssrc: the RTX stream's SSRC.
    ///   - payloadType: the RTX payload type (the one whose `apt` is the packet's).
    ///   - sequenceNumber: the RTX stream's next sequence number.
    public static func encode(
        _ packet: UnsafeMutableRawBufferPointer,
        length: Int,
        ssrc: UInt32,
        payloadType: UInt8,
        sequenceNumber: UInt16
    ) -> Int? {
        guard length >= 0, length <= packet.count,
            let header = try? RTPHeaderFields.parse(UnsafeRawBufferPointer(rebasing: packet[0..<length]))
        else { return nil }
        let offset = header.payloadOffset
        let payload = header.payloadLength
        guard offset + Self.overhead + payload <= packet.count, let base = packet.baseAddress else { return nil }
        if payload > 0 { (base + offset + Self.overhead).copyMemory(from: base + offset, byteCount: payload) }
        packet.put16(header.sequenceNumber, at: offset)
        packet[0] &= ~0x20  // no padding
        RTPHeaderFields.setPayloadType(payloadType, in: packet)
        RTPHeaderFields.setSequenceNumber(sequenceNumber, in: packet)
        RTPHeaderFields.setSSRC(ssrc, in: packet)
        return offset + Self.overhead + payload
    }
}
